export { PipelinePanel } from './pipeline-panel';
