/**
 * Finding tables and columns by name. The model and the person spell names in any case, and
 * SQLite compares identifiers case-insensitively, so every lookup here does too.
 */
import type { DbSchema, TableInfo } from './types';

export function findTable(schema: DbSchema, name: string): TableInfo | undefined {
  const wanted = name.toLowerCase();
  return schema.tables.find((t) => t.name.toLowerCase() === wanted);
}

/** The primary key's columns in key order (empty for a table without one). */
export function primaryKeyOf(table: TableInfo): string[] {
  return table.columns
    .filter((c) => c.primaryKeyOrdinal > 0)
    .sort((a, b) => a.primaryKeyOrdinal - b.primaryKeyOrdinal)
    .map((c) => c.name);
}

/** The entry for `tableName` in a table -> columns map (a simplified schema), whatever its case. */
export function entryFor<T>(byTable: Record<string, T>, tableName: string): T | undefined {
  const wanted = tableName.toLowerCase();
  return Object.entries(byTable).find(([name]) => name.toLowerCase() === wanted)?.[1];
}
