/** The structure of a loaded database, as read from SQLite's own catalogue. */

export interface ColumnInfo {
  name: string;
  /** The declared type, verbatim (may be empty: SQLite allows untyped columns). */
  declaredType: string;
  notNull: boolean;
  defaultValue: string | null;
  /** 1-based position in the primary key, 0 when the column is not part of it. */
  primaryKeyOrdinal: number;
}

export interface ForeignKeyInfo {
  columns: string[];
  referencedTable: string;
  /** May be empty when the key refers to the other table's primary key implicitly. */
  referencedColumns: string[];
}

export interface IndexInfo {
  name: string;
  unique: boolean;
  columns: string[];
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  foreignKeys: ForeignKeyInfo[];
  indices: IndexInfo[];
  /** null when not counted (views, or counting was too slow). */
  rowCount: number | null;
  /** The CREATE statement from sqlite_schema. */
  sql: string | null;
}

export interface DbSchema {
  tables: TableInfo[];
}

/** Kept tables, each with its kept columns (names as the database spells them). */
export type SimplifiedSchema = Record<string, string[]>;
