export function QueryResultsPanel() { return null; }
