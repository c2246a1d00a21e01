export { SqlEditorPanel } from './sql-editor-panel';
