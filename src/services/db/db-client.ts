/**
 * The page's handle on the database worker. Implementation: `createDbClient` in
 * ./worker-db-client.ts (sql.js in a dedicated worker, a time limit that ends a runaway
 * query by ending the worker and reopening the kept file).
 */
import type { BuildTable } from '../../core/csv/import-plan';
import type { DbSchema } from '../../core/schema/types';
import type { ExecuteOptions, QueryResult, SqlExecutor } from '../../core/sql/result';

export type DbExecuteOptions = ExecuteOptions;

export interface DbClient extends SqlExecutor {
  /**
   * Opens a database from a Blob (a File is a Blob): the worker reads it itself, so the bytes
   * cross no thread boundary. Rejects with not_sqlite, empty_file, corrupt_db or db_too_large.
   */
  open(source: Blob): Promise<DbSchema>;
  readSchema(): Promise<DbSchema>;
  execute(sql: string, options?: DbExecuteOptions): Promise<QueryResult>;
  /** The current database, with any changes written, as a file to download. */
  exportDatabase(): Promise<Blob>;
  close(): Promise<void>;
  /**
   * Builds a new SQLite file from imported tables (CSV/TSV) in the worker; the open database
   * is not touched. Open the returned file like any other.
   */
  buildDatabase(tables: BuildTable[]): Promise<Blob>;
  /**
   * How many statements changed the database since it was opened or last exported (those are
   * replayed after a stopped query, and lost if the page closes without a download).
   */
  unsavedWrites(): number;
}
