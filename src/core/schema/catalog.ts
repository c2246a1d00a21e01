/**
 * Reading a database's structure from SQLite's own catalogue: the statements to run (table-valued
 * PRAGMA functions joined to sqlite_schema, so hundreds of tables cost four statements, not four
 * hundred) and the pure mapping from their rows to a DbSchema. Names never get spliced into SQL
 * here; they travel as values, so spaces, quotes and reserved words need no care.
 */
import type { CellValue } from '../sql/result';
import type { ColumnInfo, DbSchema, ForeignKeyInfo, IndexInfo, TableInfo } from './types';

/** SQLite's internal tables (sqlite_sequence, sqlite_stat1, ...) are not the person's data. */
const USER_OBJECTS = `m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

export const CATALOG_SQL = {
  /** name, type, sql */
  objects: `SELECT m.name, m.type, m.sql FROM sqlite_schema AS m WHERE ${USER_OBJECTS} ORDER BY m.name COLLATE NOCASE, m.name`,
  /** table, cid, name, type, notnull, dflt_value, pk, hidden */
  columns: `SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS p WHERE ${USER_OBJECTS} ORDER BY m.name, p.cid`,
  /** table, id, seq, referenced table, from, to */
  foreignKeys: `SELECT m.name, f.id, f.seq, f."table", f."from", f."to" FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f WHERE ${USER_OBJECTS} AND m.type = 'table' ORDER BY m.name, f.id, f.seq`,
  /** table, index name, unique, origin, seqno, column (null for an expression) */
  indices: `SELECT m.name, il.name, il."unique", il.origin, ii.seqno, ii.name FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_info(il.name) AS ii WHERE ${USER_OBJECTS} AND m.type = 'table' ORDER BY m.name, il.name, ii.seqno`,
} as const;

/** The same four reads for one object, with its name bound as parameter 1: the fallback when one broken table (a virtual table whose module is missing) makes the joined read fail. */
export const CATALOG_SQL_FOR_ONE = {
  columns: `SELECT ?1, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden FROM pragma_table_xinfo(?1) AS p ORDER BY p.cid`,
  foreignKeys: `SELECT ?1, f.id, f.seq, f."table", f."from", f."to" FROM pragma_foreign_key_list(?1) AS f ORDER BY f.id, f.seq`,
  indices: `SELECT ?1, il.name, il."unique", il.origin, ii.seqno, ii.name FROM pragma_index_list(?1) AS il JOIN pragma_index_info(il.name) AS ii ORDER BY il.name, ii.seqno`,
} as const;

export type CatalogRow = CellValue[];

export interface CatalogRows {
  objects: CatalogRow[];
  columns: CatalogRow[];
  foreignKeys: CatalogRow[];
  indices: CatalogRow[];
  /** Row count per table name; missing or null when not counted. */
  rowCounts: ReadonlyMap<string, number | null>;
}

const text = (value: CellValue | undefined): string =>
  value === null || value === undefined ? '' : String(value);
const textOrNull = (value: CellValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);
const num = (value: CellValue | undefined): number =>
  typeof value === 'number' ? value : Number(value ?? 0);

function groupByTable(rows: CatalogRow[]): Map<string, CatalogRow[]> {
  const groups = new Map<string, CatalogRow[]>();
  for (const row of rows) {
    const table = text(row[0]);
    let group = groups.get(table);
    if (!group) groups.set(table, (group = []));
    group.push(row);
  }
  return groups;
}

export function columnsFromRows(rows: CatalogRow[]): ColumnInfo[] {
  return (
    rows
      // hidden = 1: a virtual table's hidden column, not part of SELECT *.
      .filter((row) => num(row[7]) !== 1)
      .map((row) => ({
        name: text(row[2]),
        declaredType: text(row[3]),
        notNull: num(row[4]) !== 0,
        defaultValue: textOrNull(row[5]),
        primaryKeyOrdinal: num(row[6]),
      }))
  );
}

export function foreignKeysFromRows(rows: CatalogRow[]): ForeignKeyInfo[] {
  const byId = new Map<number, ForeignKeyInfo>();
  for (const row of rows) {
    const id = num(row[1]);
    let key = byId.get(id);
    if (!key)
      byId.set(id, (key = { columns: [], referencedTable: text(row[3]), referencedColumns: [] }));
    key.columns.push(text(row[4]));
    const to = textOrNull(row[5]);
    if (to !== null) key.referencedColumns.push(to);
  }
  // A key names either all its referenced columns or none (the other table's primary key).
  for (const key of byId.values()) {
    if (key.referencedColumns.length !== key.columns.length) key.referencedColumns = [];
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, key]) => key);
}

export function indicesFromRows(rows: CatalogRow[]): IndexInfo[] {
  const byName = new Map<string, IndexInfo>();
  for (const row of rows) {
    // origin 'pk': the primary key's own index, already shown as the key.
    if (text(row[3]) === 'pk') continue;
    const name = text(row[1]);
    let index = byName.get(name);
    if (!index) byName.set(name, (index = { name, unique: num(row[2]) !== 0, columns: [] }));
    index.columns.push(textOrNull(row[5]) ?? '<expression>');
  }
  return [...byName.values()];
}

export function schemaFromCatalog(rows: CatalogRows): DbSchema {
  const columns = groupByTable(rows.columns);
  const foreignKeys = groupByTable(rows.foreignKeys);
  const indices = groupByTable(rows.indices);
  const tables: TableInfo[] = rows.objects.map((row) => {
    const name = text(row[0]);
    const kind = text(row[1]) === 'view' ? 'view' : 'table';
    return {
      name,
      kind,
      columns: columnsFromRows(columns.get(name) ?? []),
      foreignKeys: kind === 'table' ? foreignKeysFromRows(foreignKeys.get(name) ?? []) : [],
      indices: kind === 'table' ? indicesFromRows(indices.get(name) ?? []) : [],
      rowCount: kind === 'table' ? (rows.rowCounts.get(name) ?? null) : null,
      sql: textOrNull(row[2]),
    };
  });
  return { tables };
}
