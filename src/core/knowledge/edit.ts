/**
 * Changes to one database's knowledge as pure functions (the slice stores what they return):
 * adding examples without repeating one, editing, deleting, flagging, and writing descriptions.
 */
import { normalizeSql } from '../sql/normalize-sql';
import type { ColumnNote, DatabaseKnowledge, KnowledgeExample, SchemaDescriptions } from './types';

export function emptyKnowledge(fingerprint: string, databaseName: string): DatabaseKnowledge {
  return { fingerprint, databaseName, examples: [], descriptions: {}, updatedAt: 0 };
}

const sameExample = (a: { question: string; sql: string }, b: { question: string; sql: string }) =>
  a.question.trim().toLowerCase() === b.question.trim().toLowerCase() &&
  normalizeSql(a.sql) === normalizeSql(b.sql);

/** Adds examples, skipping any with the same question and SQL as one already kept. */
export function addExamples(
  knowledge: DatabaseKnowledge,
  examples: readonly KnowledgeExample[],
  now: number,
): { knowledge: DatabaseKnowledge; added: number } {
  const kept = [...knowledge.examples];
  let added = 0;
  for (const example of examples) {
    if (example.question.trim() === '' || example.sql.trim() === '') continue;
    if (kept.some((e) => sameExample(e, example))) continue;
    kept.push(example);
    added++;
  }
  return { knowledge: { ...knowledge, examples: kept, updatedAt: now }, added };
}

export function updateExample(
  knowledge: DatabaseKnowledge,
  id: string,
  change: Partial<Pick<KnowledgeExample, 'question' | 'sql' | 'hint'>>,
  now: number,
): DatabaseKnowledge {
  return {
    ...knowledge,
    updatedAt: now,
    examples: knowledge.examples.map((e) => {
      if (e.id !== id) return e;
      const next = { ...e, ...change };
      // A changed SQL has not been checked yet.
      if (change.sql !== undefined && change.sql !== e.sql) delete next.broken;
      return next;
    }),
  };
}

export function removeExample(
  knowledge: DatabaseKnowledge,
  id: string,
  now: number,
): DatabaseKnowledge {
  return { ...knowledge, updatedAt: now, examples: knowledge.examples.filter((e) => e.id !== id) };
}

/** Records which examples' SQL ran (null) and which failed (the error), by id. */
export function flagExamples(
  knowledge: DatabaseKnowledge,
  checked: ReadonlyMap<string, string | null>,
): DatabaseKnowledge {
  return {
    ...knowledge,
    examples: knowledge.examples.map((e) =>
      checked.has(e.id) ? { ...e, broken: checked.get(e.id) ?? null } : e,
    ),
  };
}

/**
 * The key a record already uses for `name`, matched as SQL matches names (case-insensitively):
 * BIRD's files name tables and columns in lower case, the schema browser as the schema does, and
 * both must land on one entry, or the newer would hide the older.
 */
function keyFor(record: Record<string, unknown>, name: string): string {
  if (name in record) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower) ?? name;
}

/** Sets (or, with empty text, clears) a table's description or one column's. */
export function setNote(
  descriptions: SchemaDescriptions,
  tableName: string,
  columnName: string | null,
  note: ColumnNote | string,
): SchemaDescriptions {
  const table = keyFor(descriptions, tableName);
  const current = descriptions[table] ?? { description: '', columns: {} };
  const column = columnName === null ? null : keyFor(current.columns, columnName);
  const next =
    column === null
      ? { ...current, description: typeof note === 'string' ? note : note.description }
      : {
          ...current,
          columns: {
            ...current.columns,
            [column]: typeof note === 'string' ? { description: note, values: '' } : note,
          },
        };
  if (column !== null) {
    const written = next.columns[column] as ColumnNote;
    if (written.description.trim() === '' && written.values.trim() === '')
      delete next.columns[column];
  }
  const rest = { ...descriptions };
  if (next.description.trim() === '' && Object.keys(next.columns).length === 0) delete rest[table];
  else rest[table] = next;
  return rest;
}

/** Merges imported descriptions over the kept ones, column by column. */
export function mergeDescriptions(
  kept: SchemaDescriptions,
  imported: SchemaDescriptions,
): SchemaDescriptions {
  const merged: SchemaDescriptions = { ...kept };
  for (const [name, notes] of Object.entries(imported)) {
    const table = keyFor(merged, name);
    const current = merged[table] ?? { description: '', columns: {} };
    const columns = { ...current.columns };
    for (const [column, note] of Object.entries(notes.columns))
      columns[keyFor(columns, column)] = note;
    merged[table] = {
      description: notes.description.trim() !== '' ? notes.description : current.description,
      columns,
    };
  }
  return merged;
}
