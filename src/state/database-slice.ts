/**
 * The loaded database and the SQL workbench: opening files, samples and URLs, the schema,
 * the editor's query and its result.
 */
import type { ErrorPayload } from '../core/errors';
import type { DbSchema } from '../core/schema/types';
import type { QueryResult } from '../core/sql/result';
import type { DbClient } from '../services/db/db-client';
import type { SliceCreator } from './slice';

export type DatabaseSource = 'file' | 'sample' | 'url' | 'restored';

export type DatabaseStatus =
  | { state: 'empty' }
  | { state: 'loading'; name: string; sizeBytes: number | null }
  | { state: 'ready' }
  | { state: 'failed'; error: ErrorPayload };

export type QueryStatus =
  | { state: 'idle' }
  | { state: 'running'; startedAt: number }
  | { state: 'done'; result: QueryResult; sql: string }
  | { state: 'failed'; error: ErrorPayload; sql: string };

export interface LoadedDatabase {
  name: string;
  sizeBytes: number;
  source: DatabaseSource;
  schema: DbSchema;
  /** True after a write statement ran: the download offers the changed file. */
  dirty: boolean;
}

export interface DatabaseSlice {
  dbStatus: DatabaseStatus;
  /** The open database; stays set while a new file loads or fails to load (nothing is lost). */
  database: LoadedDatabase | null;
  /** The executor the pipeline uses; null until a database is open. */
  dbClient: DbClient | null;
  editorSql: string;
  queryStatus: QueryStatus;
  allowWrites: boolean;
  queryTimeoutMs: number;

  openFile(file: File, source?: DatabaseSource): Promise<void>;
  openUrl(url: string): Promise<void>;
  openSample(): Promise<void>;
  /** Reopens the database kept in IndexedDB from the last visit, or the sample for a first visit. */
  restoreOrOpenSample(): Promise<void>;
  closeDatabase(): Promise<void>;
  setEditorSql(sql: string): void;
  /** Runs `sql`, or the editor's text when omitted. */
  runQuery(sql?: string): Promise<void>;
  /** Puts `SELECT * FROM <table> LIMIT 100` in the editor and runs it. */
  previewTable(tableName: string): Promise<void>;
  setAllowWrites(allow: boolean): void;
  setQueryTimeoutMs(ms: number): void;
  downloadDatabase(): Promise<void>;
}

export const createDatabaseSlice: SliceCreator<DatabaseSlice> = () => {
  throw new Error('database slice: not implemented yet');
};
