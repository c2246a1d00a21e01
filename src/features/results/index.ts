export { QueryResultsPanel } from './query-results-panel';
