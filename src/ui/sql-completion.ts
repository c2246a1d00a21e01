/**
 * What the SQL editor offers as completions: the loaded database's tables and columns (quoted
 * when their names need it) and SQLite's keywords. Pure, so it is tested without Monaco.
 */
import type { DbSchema } from '../core/schema/types';
import { sqlName } from '../core/sql/identifiers';

export const SQL_KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'JOIN',
  'LEFT JOIN',
  'INNER JOIN',
  'CROSS JOIN',
  'ON',
  'USING',
  'AS',
  'DISTINCT',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'LIKE',
  'GLOB',
  'BETWEEN',
  'EXISTS',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'UNION',
  'UNION ALL',
  'INTERSECT',
  'EXCEPT',
  'WITH',
  'RECURSIVE',
  'ASC',
  'DESC',
  'COUNT',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'CAST',
  'COALESCE',
  'IFNULL',
  'ROUND',
  'LENGTH',
  'LOWER',
  'UPPER',
  'SUBSTR',
  'STRFTIME',
  'DATE',
  'INSERT INTO',
  'VALUES',
  'UPDATE',
  'SET',
  'DELETE FROM',
  'CREATE TABLE',
  'DROP TABLE',
  'PRAGMA',
];

export interface CompletionEntry {
  label: string;
  insertText: string;
  kind: 'table' | 'view' | 'column' | 'keyword';
  detail: string;
}

export function completionEntries(schema: DbSchema | null | undefined): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const columns = new Map<string, CompletionEntry>();
  for (const table of schema?.tables ?? []) {
    entries.push({
      label: table.name,
      insertText: sqlName(table.name),
      kind: table.kind,
      detail: table.kind === 'view' ? 'view' : 'table',
    });
    for (const column of table.columns) {
      // One entry per column name; the detail lists the tables that have it.
      const existing = columns.get(column.name);
      if (existing) {
        existing.detail += `, ${table.name}`;
        continue;
      }
      columns.set(column.name, {
        label: column.name,
        insertText: sqlName(column.name),
        kind: 'column',
        detail: `${column.declaredType || 'column'} · ${table.name}`,
      });
    }
  }
  entries.push(...columns.values());
  for (const keyword of SQL_KEYWORDS) {
    entries.push({ label: keyword, insertText: keyword, kind: 'keyword', detail: 'keyword' });
  }
  return entries;
}
