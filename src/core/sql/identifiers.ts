/**
 * SQL text built from names the database holds. Table names come from arbitrary files (spaces,
 * quotes, unicode, reserved words such as Northwind's `Order`), so they are always quoted.
 */

/** Quotes a name as an SQL identifier: `my "t"` becomes `"my ""t"""`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
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
