export function SqlEditorPanel() { return null; }
