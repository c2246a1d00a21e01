/**
 * SQL text built from names the database holds. Table names come from arbitrary files (spaces,
 * quotes, unicode, reserved words such as Northwind's `Order`): SQL the app runs always quotes
 * them; SQL a person or a model reads (prompts, completions) quotes only the names that need it.
 */
import { isSqliteKeyword } from './sqlite-keywords';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a name as an SQL identifier: `my "t"` becomes `"my ""t"""`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A name as it must be typed in SQL: bare when plain, quoted when odd (`Order`, `my table`). */
export function sqlName(name: string): string {
  return PLAIN_NAME.test(name) && !isSqliteKeyword(name) ? name : quoteIdentifier(name);
}

/** Quotes a value as an SQL string literal. */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export const PREVIEW_ROW_LIMIT = 100;

/** The statement a click on a table runs: its first rows. */
export function previewTableSql(tableName: string, limit = PREVIEW_ROW_LIMIT): string {
  return `SELECT * FROM ${quoteIdentifier(tableName)} LIMIT ${Math.max(0, Math.floor(limit))};`;
}
