/**
 * The knowledge file: one JSON file with a database's examples and descriptions, to export and
 * import. A file is untrusted input: every field is checked and bounded, anything else is
 * dropped, and what was dropped is said.
 */
import { AppError } from '../errors';
import type {
  ColumnNote,
  DatabaseKnowledge,
  KnowledgeExample,
  SchemaDescriptions,
  TableNotes,
} from './types';

export const KNOWLEDGE_FILE_FORMAT = 'text-to-sql-playground/knowledge';
export const KNOWLEDGE_FILE_VERSION = 1;

/** Bounds that keep a hostile file from filling the browser's storage or the prompts. */
const MAX_EXAMPLES = 50_000;
const MAX_TEXT = 20_000;

export interface KnowledgeFile {
  format: typeof KNOWLEDGE_FILE_FORMAT;
  version: number;
  fingerprint: string;
  databaseName: string;
  exportedAt: string;
  examples: KnowledgeExample[];
  descriptions: SchemaDescriptions;
}

export function knowledgeFileText(knowledge: DatabaseKnowledge, now: number): string {
  const file: KnowledgeFile = {
    format: KNOWLEDGE_FILE_FORMAT,
    version: KNOWLEDGE_FILE_VERSION,
    fingerprint: knowledge.fingerprint,
    databaseName: knowledge.databaseName,
    exportedAt: new Date(now).toISOString(),
    examples: knowledge.examples,
    descriptions: knowledge.descriptions,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function knowledgeFileName(databaseName: string): string {
  const base = databaseName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'database';
  return `${base}.knowledge.json`;
}

export interface ParsedKnowledgeFile {
  fingerprint: string;
  databaseName: string;
  examples: KnowledgeExample[];
  descriptions: SchemaDescriptions;
  /** Entries dropped because they were malformed. */
  skipped: number;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length <= MAX_TEXT ? value : null;

function badFile(detail: string): AppError {
  return new AppError(
    'unknown',
    `This is not a knowledge file the playground can read: ${detail}`,
    'Choose a file made with "Export knowledge" (a .knowledge.json file).',
  );
}

export function parseKnowledgeFile(
  raw: string,
  newId: () => string,
  now: number,
): ParsedKnowledgeFile {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badFile('it is not JSON.');
  }
  if (typeof data !== 'object' || data === null) throw badFile('it is not a JSON object.');
  const file = data as Record<string, unknown>;
  if (file.format !== KNOWLEDGE_FILE_FORMAT)
    throw badFile('its "format" field is missing or another.');
  if (typeof file.version !== 'number' || file.version > KNOWLEDGE_FILE_VERSION)
    throw badFile('it was written by a newer version of the playground.');
  let skipped = 0;
  const examples: KnowledgeExample[] = [];
  const list = Array.isArray(file.examples) ? file.examples : [];
  for (const item of list.slice(0, MAX_EXAMPLES)) {
    const e = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const question = text(e.question);
    const sql = text(e.sql);
    if (!question?.trim() || !sql?.trim()) {
      skipped++;
      continue;
    }
    examples.push({
      id: newId(),
      question,
      sql,
      hint: text(e.hint) ?? '',
      source: 'file',
      addedAt: now,
    });
  }
  skipped += Math.max(0, list.length - MAX_EXAMPLES);
  const descriptions: SchemaDescriptions = {};
  const tables =
    typeof file.descriptions === 'object' && file.descriptions !== null
      ? Object.entries(file.descriptions as Record<string, unknown>)
      : [];
  for (const [table, value] of tables) {
    const t = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const columns: Record<string, ColumnNote> = {};
    const entries =
      typeof t.columns === 'object' && t.columns !== null
        ? Object.entries(t.columns as Record<string, unknown>)
        : [];
    for (const [column, note] of entries) {
      const n = (typeof note === 'object' && note !== null ? note : {}) as Record<string, unknown>;
      const description = text(n.description) ?? '';
      const values = text(n.values) ?? '';
      if (description === '' && values === '') {
        skipped++;
        continue;
      }
      columns[column] = { description, values };
    }
    const notes: TableNotes = { description: text(t.description) ?? '', columns };
    if (notes.description !== '' || Object.keys(columns).length > 0) descriptions[table] = notes;
  }
  return {
    fingerprint: typeof file.fingerprint === 'string' ? file.fingerprint : '',
    databaseName: text(file.databaseName) ?? '',
    examples,
    descriptions,
    skipped,
  };
}
