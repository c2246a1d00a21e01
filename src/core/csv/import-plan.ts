/**
 * What an import of CSV/TSV files becomes: one table per file, named after it, with column
 * names from the header (blank ones named, repeats numbered) and types inferred from the
 * values. The person can change the types before the database is built.
 */
import { cellValue, inferColumnType, type ImportColumnType } from './infer-types';
import type { CsvProblem, ParsedCsv } from './parse-csv';

export interface ImportColumn {
  name: string;
  type: ImportColumnType;
  inferred: ImportColumnType;
}

export interface ImportTable {
  /** The file it came from. */
  fileName: string;
  /** The table it becomes (unique among the import's tables, case-insensitively). */
  name: string;
  columns: ImportColumn[];
  rows: string[][];
  rowLines: number[];
  problems: CsvProblem[];
}

/** The rows and types handed to the db worker, which builds the SQLite file. */
export interface BuildTable {
  name: string;
  columns: { name: string; type: ImportColumnType }[];
  rows: (string | number | null)[][];
}

/** `sales data-2024.csv` → `sales_data_2024`: a name the model and the person can type bare. */
export function tableNameFor(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '');
  const cleaned = base
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  if (!cleaned) return 'imported';
  return /^\p{N}/u.test(cleaned) ? `t_${cleaned}` : cleaned;
}

/** Makes `name` unique against `taken` (lower-cased names), adding _2, _3 … */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export function columnNames(header: string[]): string[] {
  const taken = new Set<string>();
  return header.map((cell, index) => unique(cell.trim() || `column_${index + 1}`, taken));
}

export function planTable(
  fileName: string,
  parsed: ParsedCsv,
  takenTables: Set<string>,
): ImportTable {
  const names = columnNames(parsed.header);
  const columns = names.map((name, index) => {
    const type = inferColumnType(column(parsed.rows, index));
    return { name, type, inferred: type };
  });
  return {
    fileName,
    name: unique(tableNameFor(fileName), takenTables),
    columns,
    rows: parsed.rows,
    rowLines: parsed.rowLines,
    problems: parsed.problems,
  };
}

/** The values of one column, lazily (a large file is not copied per column). */
export function* column(rows: string[][], index: number): Generator<string> {
  for (const row of rows) yield row[index] ?? '';
}

/** A file with a header and no rows still makes a (empty) table; no header makes nothing. */
export function emptyFileProblem(table: ImportTable): string | null {
  return table.columns.length === 0 ? `${table.fileName} is empty: it has no header line.` : null;
}

/** The table as the db worker builds it: values converted under the chosen types. */
export function toBuildTable(table: ImportTable): BuildTable {
  const types = table.columns.map((c) => c.type);
  return {
    name: table.name,
    columns: table.columns.map(({ name, type }) => ({ name, type })),
    rows: table.rows.map((row) => types.map((type, index) => cellValue(row[index] ?? '', type))),
  };
}

/** The CREATE TABLE of an imported table; DATE columns hold ISO text (SQLite has no date type). */
export function createTableSql(
  table: Pick<BuildTable, 'name' | 'columns'>,
  quote: (name: string) => string,
): string {
  const columns = table.columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE ${quote(table.name)} (${columns})`;
}
