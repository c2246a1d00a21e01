export { DiagramPanel } from './diagram-panel';
