/**
 * The schema as the model reads it: one CREATE TABLE per table with simplified column types,
 * the real primary key and the foreign keys, then a line of sample rows per table. Odd names are
 * quoted so that SQL copied from this text runs as it is.
 */
import type { CellValue } from '../sql/result';
import type { DbSchema, TableInfo } from '../schema/types';
import type { SimplifiedSchema } from './events';
import { entryFor, findTable, primaryKeyOf } from '../schema/lookup';
import { sqlName } from '../sql/identifiers';

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
): string {
  const keptHere = keptColumnSet(table, kept);
  const has = (column: string) => !keptHere || keptHere.has(column.toLowerCase());
  const lines = table.columns
    .filter((c) => has(c.name))
    .map((c) => `  ${sqlName(c.name)} ${simplifyType(c.declaredType)}`);

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
  return `CREATE TABLE ${sqlName(table.name)} (\n${lines.join(',\n')}\n);`;
}

/** One cell as the sample line shows it: strings quoted and cut, blobs described, never a line break. */
export function formatSampleValue(value: CellValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const flat = value.replace(/\s+/g, ' ');
  const cut = flat.length > SAMPLE_TEXT_LIMIT ? `${flat.slice(0, SAMPLE_TEXT_LIMIT)}...` : flat;
  return `'${cut.replaceAll("'", "''")}'`;
}

function renderSampleLine(
  table: TableInfo,
  rows: CellValue[][],
  kept: SimplifiedSchema | null,
  limit: number,
): string | null {
  const keptHere = keptColumnSet(table, kept);
  const indices = table.columns
    .map((c, i) => (!keptHere || keptHere.has(c.name.toLowerCase()) ? i : -1))
    .filter((i) => i >= 0);
  const shown = rows.slice(0, limit);
  if (shown.length === 0 || indices.length === 0) return null;
  const tuples = shown.map(
    (row) => `(${indices.map((i) => formatSampleValue(row[i] ?? null)).join(', ')})`,
  );
  return `${sqlName(table.name)}: ${tuples.join(' ')}`;
}

export interface SchemaTextOptions {
  samples?: SampleRows;
  /** Only these tables and columns (the simplified schema); all of them when absent. */
  kept?: SimplifiedSchema | null;
  sampleRows?: number;
}

/** The schema block of a prompt: CREATE TABLE statements, then one sample-rows line per table. */
export function renderSchemaText(schema: DbSchema, options: SchemaTextOptions = {}): string {
  const kept = options.kept ?? null;
  const limit =
    options.sampleRows ?? (kept ? SIMPLIFIED_SCHEMA_SAMPLE_ROWS : FULL_SCHEMA_SAMPLE_ROWS);
  const tables = schema.tables.filter((t) => isKeptTable(t, kept));
  const creates = tables.map((t) => renderCreateTable(schema, t, kept));
  const sampleLines = tables
    .map((t) => renderSampleLine(t, options.samples?.get(t.name) ?? [], kept, limit))
    .filter((line): line is string => line !== null);
  if (sampleLines.length === 0) return creates.join('\n\n');
  return `${creates.join('\n\n')}\n\nSample rows (values in the column order above):\n${sampleLines.join('\n')}`;
}

/**
 * About 2,000 tokens of schema: beyond it, sample rows are the part to give up, since a small
 * context window (WebLLM models often run with 4,096 tokens) must still hold the examples and
 * the answer.
 */
export const SCHEMA_TEXT_BUDGET_CHARS = 8000;

/** The schema text with as many sample rows as fit the budget (down to none). */
export function renderSchemaTextWithin(
  schema: DbSchema,
  options: SchemaTextOptions,
  budgetChars = SCHEMA_TEXT_BUDGET_CHARS,
): string {
  const most =
    options.sampleRows ?? (options.kept ? SIMPLIFIED_SCHEMA_SAMPLE_ROWS : FULL_SCHEMA_SAMPLE_ROWS);
  const fewer = [3, 1, 0].filter((rows) => rows < most);
  let text = renderSchemaText(schema, { ...options, sampleRows: most });
  for (const rows of fewer) {
    if (text.length <= budgetChars) break;
    text = renderSchemaText(schema, { ...options, sampleRows: rows });
  }
  return text;
}
