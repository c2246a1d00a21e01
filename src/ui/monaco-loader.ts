/**
 * Monaco, loaded lazily and only once per page (the SQL editor imports this module dynamically).
 * Only the editor API, the contributions a SQL box needs and the SQL grammar are pulled in, not
 * the whole package with its fifty languages. The completion provider is registered once for all
 * editors; each editor's model points at the schema it should offer.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/languages/definitions/sql/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { DbSchema } from '../core/schema/types';
import { completionEntries, type CompletionEntry } from './sql-completion';

export { monaco };

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

const schemaByModel = new Map<string, DbSchema | null>();
const entriesBySchema = new WeakMap<DbSchema, CompletionEntry[]>();
let keywordEntries: CompletionEntry[] | null = null;

function entriesFor(schema: DbSchema | null | undefined): CompletionEntry[] {
  if (!schema) return (keywordEntries ??= completionEntries(null));
  let entries = entriesBySchema.get(schema);
  if (!entries) {
    entries = completionEntries(schema);
    entriesBySchema.set(schema, entries);
  }
  return entries;
}

const KIND: Record<CompletionEntry['kind'], monaco.languages.CompletionItemKind> = {
  table: monaco.languages.CompletionItemKind.Struct,
  view: monaco.languages.CompletionItemKind.Interface,
  column: monaco.languages.CompletionItemKind.Field,
  keyword: monaco.languages.CompletionItemKind.Keyword,
};

// Sort schema names before keywords: they are what a person most likely wants.
const SORT_PREFIX: Record<CompletionEntry['kind'], string> = {
  table: '0',
  view: '0',
  column: '1',
  keyword: '2',
};

monaco.languages.registerCompletionItemProvider('sql', {
  triggerCharacters: ['"'],
  provideCompletionItems(model, position) {
    const word = model.getWordUntilPosition(position);
    const range = new monaco.Range(
      position.lineNumber,
      word.startColumn,
      position.lineNumber,
      word.endColumn,
    );
    const suggestions = entriesFor(schemaByModel.get(model.uri.toString())).map((entry) => ({
      label: { label: entry.label, description: entry.detail },
      kind: KIND[entry.kind],
      insertText: entry.insertText,
      filterText: entry.label,
      sortText: SORT_PREFIX[entry.kind] + entry.label,
      range,
    }));
    return { suggestions };
  },
});

/** Points an editor's completions at a schema (null: keywords only). */
export function setModelSchema(model: monaco.editor.ITextModel, schema: DbSchema | null): void {
  schemaByModel.set(model.uri.toString(), schema);
}

export function forgetModel(model: monaco.editor.ITextModel): void {
  schemaByModel.delete(model.uri.toString());
}
