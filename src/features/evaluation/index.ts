export { EvaluationPanel } from './evaluation-panel';
