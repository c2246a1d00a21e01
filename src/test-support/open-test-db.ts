/**
 * Opens a real database file with the app's own executor (SqliteSession over sql.js), for
 * tests that need an SqlExecutor. Test-only: never imported by the app.
 */
import { readFileSync } from 'node:fs';
import { loadSqlJs } from '../services/db/load-sql-js';
import { SqliteSession } from '../services/db/sqlite-session';

export async function openTestDb(path: string): Promise<SqliteSession> {
  return SqliteSession.open(await loadSqlJs(), new Uint8Array(readFileSync(path)));
}

/** An empty in-memory database, for tests that build their own tables. */
export async function createTestDb(): Promise<SqliteSession> {
  return SqliteSession.create(await loadSqlJs());
}
