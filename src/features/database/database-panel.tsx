export function DatabasePanel() { return null; }
