/**
 * The schema as the model reads it: one CREATE TABLE per table with simplified column types,
 * the real primary key and the foreign keys, then a line of sample rows per table. Odd names are
 * quoted so that SQL copied from this text runs as it is.
 */
import type { CellValue } from '../sql/result';
import type { DbSchema, SimplifiedSchema, TableInfo } from './types';
import { entryFor, findTable, primaryKeyOf } from './lookup';
import { sqlName } from '../sql/identifiers';
import type { SchemaDescriptions, TableNotes } from '../knowledge/types';
import { columnNote, columnNoteText, notesFor, tableNoteText } from '../knowledge/descriptions';

export type SimpleType = 'TEXT' | 'NUMBER' | 'TIME' | 'BOOLEAN' | 'OTHERS';

/** Sample rows per table name, in the table's column order (all columns). */
export type SampleRows = ReadonlyMap<string, CellValue[][]>;

export const FULL_SCHEMA_SAMPLE_ROWS = 3;
export const SIMPLIFIED_SCHEMA_SAMPLE_ROWS = 5;
export const SAMPLE_TEXT_LIMIT = 100;

/** Maps a declared type to the few kinds the prompt shows, by SQLite's own affinity words. */
export function simplifyType(declaredType: string): SimpleType {
  const t = declaredType.trim().toUpperCase();
  if (t === '') return 'TEXT';
  if (t.includes('BOOL')) return 'BOOLEAN';
  if (t.includes('DATE') || t.includes('TIME')) return 'TIME';
  if (t.includes('INT')) return 'NUMBER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT') || t.includes('STRING'))
    return 'TEXT';
  if (t.includes('BLOB')) return 'OTHERS';
  if (/REAL|FLOA|DOUB|NUM|DEC|MONEY|YEAR/.test(t)) return 'NUMBER';
  return 'OTHERS';
}

function keptColumnSet(table: TableInfo, kept: SimplifiedSchema | null): Set<string> | null {
  if (!kept) return null;
  const columns = entryFor(kept, table.name);
  if (!columns) return new Set();
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  // A table the person kept without ticking any column still needs its columns to be queried.
  if (wanted.size === 0) return new Set(table.columns.map((c) => c.name.toLowerCase()));
  return wanted;
}

function isKeptTable(table: TableInfo, kept: SimplifiedSchema | null): boolean {
  if (table.name.toLowerCase().startsWith('sqlite_')) return false;
  if (!kept) return true;
  return entryFor(kept, table.name) !== undefined;
}

function renderCreateTable(
  schema: DbSchema,
  table: TableInfo,
  kept: SimplifiedSchema | null,
  notes?: TableNotes,
): string {
  const keptHere = keptColumnSet(table, kept);
  const has = (column: string) => !keptHere || keptHere.has(column.toLowerCase());
  const shownColumns = table.columns.filter((c) => has(c.name));
  const lines = shownColumns.map((c) => `  ${sqlName(c.name)} ${simplifyType(c.declaredType)}`);
  // What the person (or BIRD's description files) said a column means, as a comment beside it.
  const comments = shownColumns.map((c) => columnNoteText(columnNote(notes, c.name)));

  const primaryKey = primaryKeyOf(table);
  // A key shown with only some of its columns would state something false about the table.
  if (primaryKey.length > 0 && primaryKey.every(has)) {
    lines.push(`  PRIMARY KEY (${primaryKey.map(sqlName).join(', ')})`);
  }
  for (const fk of table.foreignKeys) {
    const target = findTable(schema, fk.referencedTable);
    if (!target || !isKeptTable(target, kept)) continue;
    const targetColumns =
      fk.referencedColumns.length > 0 ? fk.referencedColumns : primaryKeyOf(target);
    const targetKept = keptColumnSet(target, kept);
    const targetHas = (column: string) => !targetKept || targetKept.has(column.toLowerCase());
    if (!fk.columns.every(has) || !targetColumns.every(targetHas)) continue;
    const reference = targetColumns.length > 0 ? ` (${targetColumns.map(sqlName).join(', ')})` : '';
    lines.push(
      `  FOREIGN KEY (${fk.columns.map(sqlName).join(', ')}) REFERENCES ${sqlName(target.name)}${reference}`,
    );
  }
  const body = lines
    .map((line, i) => {
      const comma = i < lines.length - 1 ? ',' : '';
      const comment = comments[i];
      return comment ? `${line}${comma} -- ${comment}` : `${line}${comma}`;
    })
    .join('\n');
  const tableNote = tableNoteText(notes);
  const head = tableNote ? `-- ${sqlName(table.name)}: ${tableNote}\n` : '';
  return `${head}CREATE TABLE ${sqlName(table.name)} (\n${body}\n);`;
}

/** How many of the columns a table shows have a description (its own counted as one more). */
export function describedCount(
  table: TableInfo,
  kept: SimplifiedSchema | null,
  notes: TableNotes | undefined,
): number {
  if (!notes) return 0;
  const keptHere = keptColumnSet(table, kept);
  const columns = table.columns.filter(
    (c) =>
      (!keptHere || keptHere.has(c.name.toLowerCase())) &&
      columnNoteText(columnNote(notes, c.name)) !== null,
  ).length;
  return columns + (tableNoteText(notes) !== null ? 1 : 0);
}

/** Strings in the sample lines are cut here; the budget cuts them shorter when it must. */
export const SHORT_SAMPLE_TEXT_LIMIT = 24;

/** One cell as the sample line shows it: strings quoted and cut, blobs described, never a line break. */
export function formatSampleValue(value: CellValue, textLimit = SAMPLE_TEXT_LIMIT): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const flat = value.replace(/\s+/g, ' ');
  const cut = flat.length > textLimit ? `${flat.slice(0, textLimit)}...` : flat;
  return `'${cut.replaceAll("'", "''")}'`;
}

function renderSampleLine(
  table: TableInfo,
  rows: CellValue[][],
  kept: SimplifiedSchema | null,
  limit: number,
  textLimit: number,
): string | null {
  const keptHere = keptColumnSet(table, kept);
  const indices = table.columns
    .map((c, i) => (!keptHere || keptHere.has(c.name.toLowerCase()) ? i : -1))
    .filter((i) => i >= 0);
  const shown = rows.slice(0, limit);
  if (shown.length === 0 || indices.length === 0) return null;
  const tuples = shown.map(
    (row) => `(${indices.map((i) => formatSampleValue(row[i] ?? null, textLimit)).join(', ')})`,
  );
  return `${sqlName(table.name)}: ${tuples.join(' ')}`;
}

export interface SchemaTextOptions {
  samples?: SampleRows;
  /** Only these tables and columns (the simplified schema); all of them when absent. */
  kept?: SimplifiedSchema | null;
  sampleRows?: number;
  /** What tables and columns mean: shown beside them. */
  descriptions?: SchemaDescriptions | null;
}

/** The tables a schema text shows, in schema order (system tables never). */
export function shownTables(schema: DbSchema, kept: SimplifiedSchema | null): TableInfo[] {
  return schema.tables.filter((t) => isKeptTable(t, kept));
}

/**
 * A table's CREATE TABLE as the prompt shows it (foreign keys only to shown tables), with the
 * descriptions of its shown columns beside them when `notes` are given.
 */
export function createTableText(
  schema: DbSchema,
  table: TableInfo,
  kept: SimplifiedSchema | null,
  notes?: TableNotes,
): string {
  return renderCreateTable(schema, table, kept, notes);
}

/** A table's sample line with `rows` rows and strings cut at `textLimit`; null when empty. */
export function sampleLineText(
  table: TableInfo,
  samples: SampleRows | undefined,
  kept: SimplifiedSchema | null,
  rows: number,
  textLimit = SAMPLE_TEXT_LIMIT,
): string | null {
  return renderSampleLine(table, samples?.get(table.name) ?? [], kept, rows, textLimit);
}

export const SAMPLE_ROWS_HEADER = 'Sample rows (values in the column order above):';

/** Puts CREATE statements and sample lines together the one way every prompt shows them. */
export function joinSchemaText(creates: string[], sampleLines: string[]): string {
  if (sampleLines.length === 0) return creates.join('\n\n');
  return `${creates.join('\n\n')}\n\n${SAMPLE_ROWS_HEADER}\n${sampleLines.join('\n')}`;
}

/** The schema block of a prompt: CREATE TABLE statements, then one sample-rows line per table. */
export function renderSchemaText(schema: DbSchema, options: SchemaTextOptions = {}): string {
  const kept = options.kept ?? null;
  const limit =
    options.sampleRows ?? (kept ? SIMPLIFIED_SCHEMA_SAMPLE_ROWS : FULL_SCHEMA_SAMPLE_ROWS);
  const tables = shownTables(schema, kept);
  const creates = tables.map((t) =>
    renderCreateTable(schema, t, kept, notesFor(options.descriptions, t.name)),
  );
  const sampleLines = tables
    .map((t) => sampleLineText(t, options.samples, kept, limit))
    .filter((line): line is string => line !== null);
  return joinSchemaText(creates, sampleLines);
}
