/**
 * A new SQLite file from imported tables, built in sql.js inside the db worker: one CREATE
 * TABLE per table with the chosen types, the rows inserted in one transaction through a
 * prepared statement. The session that is open is not touched.
 */
import type { SqlJsStatic } from 'sql.js';
import { createTableSql, type BuildTable } from '../../core/csv/import-plan';
import { quoteIdentifier } from '../../core/sql/identifiers';
import { sqlError } from './sqlite-session';

export function buildDatabase(sqlJs: SqlJsStatic, tables: BuildTable[]): Uint8Array {
  const db = new sqlJs.Database();
  try {
    db.run('BEGIN');
    for (const table of tables) {
      db.run(createTableSql(table, quoteIdentifier));
      if (table.columns.length === 0) continue;
      const marks = table.columns.map(() => '?').join(', ');
      const insert = db.prepare(`INSERT INTO ${quoteIdentifier(table.name)} VALUES (${marks})`);
      try {
        for (const row of table.rows) insert.run(row);
      } finally {
        insert.free();
      }
    }
    db.run('COMMIT');
    return db.export();
  } catch (error) {
    throw sqlError(error instanceof Error ? error.message : String(error));
  } finally {
    db.close();
  }
}
