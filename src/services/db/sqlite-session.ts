/**
 * One open database in sql.js, with the app's rules around it: files are checked before SQLite
 * sees them, writes are refused by SQLite itself (PRAGMA query_only) unless allowed, failures
 * become AppErrors with SQLite's message verbatim. Plain class, no worker: the db worker wraps
 * it, and Node tests and benchmarks use it directly as the app's executor.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { AppError } from '../../core/errors';
import {
  CATALOG_SQL,
  CATALOG_SQL_FOR_ONE,
  schemaFromCatalog,
  type CatalogRow,
} from '../../core/schema/catalog';
import type { DbSchema } from '../../core/schema/types';
import { quoteIdentifier } from '../../core/sql/identifiers';
import type { CellValue, QueryResult, SqlExecutor } from '../../core/sql/result';
import {
  corruptDatabaseError,
  readSqliteHeader,
  validateSqliteBytes,
  withoutWalMode,
} from '../../core/sql/sqlite-file';
import type { DbExecuteOptions } from './db-client';

/** SQLite's words for a write refused under query_only (or a read-only file). */
const READ_ONLY_MESSAGE = /attempt to write a readonly database/i;
/** SQLite's words for a file it cannot make sense of. */
const CORRUPT_MESSAGE =
  /malformed|not a database|file is encrypted|disk i\/o error|database corrupt/i;

export function readOnlyError(detail: string): AppError {
  return new AppError(
    'read_only',
    'This statement would change the database, and writes are off.',
    'Turn on "Allow writes" to run it; the changed database can then be downloaded.',
    detail,
  );
}

export function sqlError(detail: string): AppError {
  return new AppError(
    'sql_error',
    `SQLite error: ${detail}`,
    'Fix the statement and run it again.',
    detail,
  );
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export class SqliteSession implements SqlExecutor {
  /** query_only as last set (null: unknown), so a run of reads sets it once, not per query. */
  private queryOnly: boolean | null = null;
  /** Prepared once: a query's bookkeeping should not cost a statement compile each time. */
  private totalChangesStatement: Statement | null = null;

  private constructor(private db: Database) {}

  /**
   * Opens a database from its bytes. Rejects with empty_file, not_sqlite or corrupt_db; reading
   * the catalogue at once makes SQLite touch the schema pages, so a cut-short file fails here
   * rather than at the first query.
   */
  static open(sqlJs: SqlJsStatic, bytes: Uint8Array): SqliteSession {
    const invalid = validateSqliteBytes(bytes);
    if (invalid) throw invalid;
    const openable = readSqliteHeader(bytes).wal ? withoutWalMode(bytes) : bytes;
    let db: Database | null = null;
    try {
      db = new sqlJs.Database(openable);
      db.exec('SELECT count(*) FROM sqlite_schema');
    } catch (error) {
      db?.close();
      throw corruptDatabaseError(messageOf(error));
    }
    return new SqliteSession(db);
  }

  /** A new empty database (for tests and for building files). */
  static create(sqlJs: SqlJsStatic): SqliteSession {
    return new SqliteSession(new sqlJs.Database());
  }

  /**
   * Runs one or more statements and returns the last one that produced columns (or the last
   * one, for scripts of writes). `changes` counts rows changed by the whole text.
   */
  async execute(sql: string, options: DbExecuteOptions = {}): Promise<QueryResult> {
    return this.executeSync(sql, options);
  }

  executeSync(sql: string, options: DbExecuteOptions = {}): QueryResult {
    const allowWrites = options.allowWrites ?? false;
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const started = performance.now();
    // Only a text that names query_only can switch it: such a text gets it re-asserted before
    // each of its statements, so an earlier statement cannot lift it for the later ones.
    const mayToggle = /query_only/i.test(sql);
    this.setQueryOnly(!allowWrites);
    // With query_only on nothing can change, so reads skip the bookkeeping.
    const changesBefore = allowWrites ? this.totalChanges() : 0;
    let result: Omit<QueryResult, 'elapsedMs' | 'changes'> = {
      columns: [],
      rows: [],
      truncated: false,
    };
    let statement: Statement | null = null;
    try {
      const statements = this.db.iterateStatements(sql);
      for (;;) {
        if (mayToggle) this.setQueryOnly(!allowWrites, true);
        const next = statements.next();
        if (next.done) break;
        statement = next.value;
        const stepped = stepAll(statement, maxRows);
        if (stepped.columns.length > 0 || result.columns.length === 0) result = stepped;
        statement.free();
        statement = null;
      }
    } catch (error) {
      statement?.free();
      throw this.toQueryError(messageOf(error), allowWrites);
    } finally {
      if (mayToggle) this.queryOnly = null;
    }
    const changes = allowWrites ? this.totalChanges() - changesBefore : 0;
    return { ...result, changes, elapsedMs: performance.now() - started };
  }

  readSchema(): DbSchema {
    const objects = this.rows(CATALOG_SQL.objects);
    let columns: CatalogRow[];
    let foreignKeys: CatalogRow[];
    let indices: CatalogRow[];
    try {
      columns = this.rows(CATALOG_SQL.columns);
      foreignKeys = this.rows(CATALOG_SQL.foreignKeys);
      indices = this.rows(CATALOG_SQL.indices);
    } catch {
      // One unreadable object (a virtual table whose module sql.js lacks) fails the joined read:
      // read the objects one by one and leave the broken one with what could be read.
      columns = [];
      foreignKeys = [];
      indices = [];
      for (const object of objects) {
        const name = String(object[0]);
        columns.push(...this.rowsOrNone(CATALOG_SQL_FOR_ONE.columns, name));
        if (object[1] !== 'table') continue;
        foreignKeys.push(...this.rowsOrNone(CATALOG_SQL_FOR_ONE.foreignKeys, name));
        indices.push(...this.rowsOrNone(CATALOG_SQL_FOR_ONE.indices, name));
      }
    }
    const rowCounts = new Map<string, number | null>();
    for (const object of objects) {
      if (object[1] !== 'table') continue;
      const name = String(object[0]);
      const counted = this.rowsOrNone(`SELECT count(*) FROM ${quoteIdentifier(name)}`);
      rowCounts.set(name, typeof counted[0]?.[0] === 'number' ? counted[0][0] : null);
    }
    return schemaFromCatalog({ objects, columns, foreignKeys, indices, rowCounts });
  }

  /**
   * Changes whenever rows or the schema change (total_changes misses DDL, schema_version
   * misses DML): comparing two markers tells whether a statement wrote anything.
   */
  writeMarker(): string {
    const schemaVersion = this.db.exec('PRAGMA schema_version')[0]?.values[0]?.[0] ?? 0;
    return `${this.totalChanges()}:${String(schemaVersion)}`;
  }

  /** The database as a file, with every change made so far. */
  exportBytes(): Uint8Array {
    // sql.js closes and reopens the database to export it: pragmas and prepared statements reset.
    this.totalChangesStatement = null;
    this.queryOnly = null;
    return this.db.export();
  }

  close(): void {
    this.db.close();
  }

  private setQueryOnly(on: boolean, force = false): void {
    if (!force && this.queryOnly === on) return;
    this.db.run(`PRAGMA query_only = ${on ? 1 : 0}`);
    this.queryOnly = on;
  }

  private totalChanges(): number {
    const statement = (this.totalChangesStatement ??= this.db.prepare('SELECT total_changes()'));
    try {
      statement.step();
      return Number(statement.get()[0] ?? 0);
    } finally {
      statement.reset();
    }
  }

  private rows(sql: string, name?: string): CatalogRow[] {
    const statement = this.db.prepare(sql, name === undefined ? null : [name]);
    try {
      const rows: CatalogRow[] = [];
      while (statement.step()) rows.push(statement.get());
      return rows;
    } finally {
      statement.free();
    }
  }

  private rowsOrNone(sql: string, name?: string): CatalogRow[] {
    try {
      return this.rows(sql, name);
    } catch {
      return [];
    }
  }

  private toQueryError(message: string, allowWrites: boolean): AppError {
    if (!allowWrites && READ_ONLY_MESSAGE.test(message)) return readOnlyError(message);
    if (CORRUPT_MESSAGE.test(message)) return corruptDatabaseError(message);
    return sqlError(message);
  }
}

function stepAll(
  statement: Statement,
  maxRows: number,
): Omit<QueryResult, 'elapsedMs' | 'changes'> {
  const rows: CellValue[][] = [];
  let truncated = false;
  while (statement.step()) {
    if (rows.length >= maxRows) {
      truncated = true;
      break;
    }
    rows.push(statement.get());
  }
  return { columns: statement.getColumnNames(), rows, truncated };
}
