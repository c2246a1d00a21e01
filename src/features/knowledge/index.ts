export { KnowledgePanel } from './knowledge-panel';
