export function ModelPanel() { return null; }
