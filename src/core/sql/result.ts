/** What a statement returns, as the executor hands it to the page and to the pipeline. */
import { AppError } from '../errors';

/** sql.js maps INTEGER and REAL to number, TEXT to string, BLOB to Uint8Array. */
export type CellValue = string | number | null | Uint8Array;

export interface QueryResult {
  columns: string[];
  rows: CellValue[][];
  elapsedMs: number;
  /** True when more rows existed than `maxRows` allowed back. */
  truncated: boolean;
  /** Rows changed by the last write statement (0 for reads). */
  changes: number;
}

export interface ExecuteOptions {
  timeoutMs?: number;
  maxRows?: number;
  /**
   * Writes are refused by SQLite itself (PRAGMA query_only) unless this is true. Only the person's
   * own statements in the SQL view may set it; a model's SQL runs through `readOnlyExecutor`.
   */
  allowWrites?: boolean;
}

/**
 * Runs SQL on the loaded database. Rejects with an AppError: `sql_error` (with SQLite's message
 * verbatim in `detail`), `read_only`, `timeout` or `no_database`.
 */
export interface SqlExecutor {
  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
}

/** The `no_database` refusal, in the same words wherever a query finds nothing open. */
export function noDatabaseError(): AppError {
  return new AppError(
    'no_database',
    'No database is open.',
    'Open a file, a URL or the sample first.',
  );
}
