/**
 * The loaded database and the SQL workbench: opening files, samples and URLs, the schema,
 * the editor's query and its result.
 */
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import type { BuildTable } from '../core/csv/import-plan';
import type { DbSchema } from '../core/schema/types';
import { previewTableSql } from '../core/sql/identifiers';
import { noDatabaseError, type QueryResult } from '../core/sql/result';
import type { DbClient } from '../services/db/db-client';
import { fetchDatabase, type Fetch } from '../services/db/fetch-database';
import { saveFile } from '../services/db/save-file';
import { createDbClient, DEFAULT_QUERY_TIMEOUT_MS } from '../services/db/worker-db-client';
import { createDatabaseStore, type DatabaseStore } from '../services/storage/database-store';
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
  /** Where it was fetched from (the sample, `?db=`), so a share link can point at it. */
  url?: string;
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

  openFile(file: File, source?: DatabaseSource, url?: string): Promise<void>;
  openUrl(url: string): Promise<void>;
  openSample(): Promise<void>;
  /** Builds a new database from imported tables (CSV/TSV) in the worker and opens it. */
  openImportedTables(tables: BuildTable[], name: string): Promise<void>;
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

/** Rows a query may return to the page; more are cut off and the result says so. */
export const RESULT_ROW_LIMIT = 200_000;
export const SAMPLE_PATH = 'samples/chinook.sqlite';
export const SAMPLE_NAME = 'chinook.sqlite';
export const DEFAULT_EDITOR_SQL = 'SELECT name, type FROM sqlite_schema ORDER BY type, name;';

/** The side effects the slice orchestrates; tests pass Node-friendly ones. */
export interface DatabaseSliceDeps {
  createClient(): DbClient;
  store: DatabaseStore;
  fetch: Fetch;
  saveFile(file: Blob, name: string): void;
  /** What relative URLs (the sample, `?db=`) resolve against: the page's address. */
  baseUrl(): string | undefined;
}

const browserDeps: DatabaseSliceDeps = {
  createClient: () => createDbClient(),
  store: createDatabaseStore(),
  fetch: (input, init) => fetch(input, init),
  saveFile,
  baseUrl: () => globalThis.document?.baseURI ?? globalThis.location?.href,
};

export function createDatabaseSliceWith(deps: DatabaseSliceDeps): SliceCreator<DatabaseSlice> {
  return (set, get) => {
    // Created on first use: workers do not exist in Node, and the first paint must not wait.
    let client: DbClient | null = null;
    const ensureClient = (): DbClient => (client ??= deps.createClient());
    // Only the latest open and the latest query may write their outcome into the store.
    let openTicket = 0;
    let queryTicket = 0;

    const fail = (error: unknown) =>
      set({ dbStatus: { state: 'failed', error: toErrorPayload(error) } });

    async function openFile(
      file: File,
      source: DatabaseSource = 'file',
      url?: string,
    ): Promise<void> {
      const ticket = ++openTicket;
      set({ dbStatus: { state: 'loading', name: file.name, sizeBytes: file.size } });
      try {
        const opened = ensureClient();
        const schema = await opened.open(file);
        if (ticket !== openTicket) return;
        set({
          database: {
            name: file.name,
            sizeBytes: file.size,
            source,
            schema,
            dirty: false,
            ...(url ? { url } : {}),
          },
          dbClient: opened,
          dbStatus: { state: 'ready' },
          queryStatus: { state: 'idle' },
        });
        if (source !== 'restored') {
          // Keeping it for the next visit is a convenience: a full or private storage loses nothing now.
          await deps.store
            .save({ file, name: file.name, source, savedAt: Date.now(), ...(url ? { url } : {}) })
            .catch(() => undefined);
        }
      } catch (error) {
        if (ticket === openTicket) fail(error);
      }
    }

    /** Fetches a database and opens it; `name` replaces the file name the URL gave. */
    async function fetchAndOpen(url: string, source: DatabaseSource, name?: string): Promise<void> {
      const ticket = ++openTicket;
      set({ dbStatus: { state: 'loading', name: name ?? url, sizeBytes: null } });
      try {
        const file = await fetchDatabase(url, deps.fetch, deps.baseUrl());
        if (ticket !== openTicket) return;
        await openFile(name ? new File([file], name) : file, source, url);
      } catch (error) {
        if (ticket === openTicket) fail(error);
      }
    }

    const openUrl = (url: string) => fetchAndOpen(url, 'url');
    const openSample = () => fetchAndOpen(SAMPLE_PATH, 'sample', SAMPLE_NAME);

    return {
      dbStatus: { state: 'empty' },
      database: null,
      dbClient: null,
      editorSql: DEFAULT_EDITOR_SQL,
      queryStatus: { state: 'idle' },
      allowWrites: false,
      queryTimeoutMs: DEFAULT_QUERY_TIMEOUT_MS,

      openFile,
      openUrl,
      openSample,

      async openImportedTables(tables, name) {
        const file = await ensureClient().buildDatabase(tables);
        await openFile(new File([file], name, { type: file.type }), 'file');
      },

      async restoreOrOpenSample() {
        const kept = await deps.store.load();
        if (!kept) return openSample();
        await openFile(new File([kept.file], kept.name), 'restored', kept.url);
        // A kept file that no longer opens is dropped, and the visitor gets the sample instead.
        if (get().dbStatus.state === 'failed' && get().database === null) {
          await deps.store.clear().catch(() => undefined);
          await openSample();
        }
      },

      async closeDatabase() {
        openTicket++;
        queryTicket++;
        const closing = client;
        set({
          database: null,
          dbClient: null,
          dbStatus: { state: 'empty' },
          queryStatus: { state: 'idle' },
        });
        await Promise.all([
          closing?.close().catch(() => undefined),
          deps.store.clear().catch(() => undefined),
        ]);
      },

      setEditorSql(sql) {
        set({ editorSql: sql });
      },

      async runQuery(sql) {
        const text = sql ?? get().editorSql;
        const { dbClient, database, allowWrites, queryTimeoutMs } = get();
        if (!dbClient || !database) {
          set({
            queryStatus: { state: 'failed', error: toErrorPayload(noDatabaseError()), sql: text },
          });
          return;
        }
        const ticket = ++queryTicket;
        const writesBefore = dbClient.unsavedWrites();
        set({ queryStatus: { state: 'running', startedAt: Date.now() } });
        try {
          const result = await dbClient.execute(text, {
            allowWrites,
            timeoutMs: queryTimeoutMs,
            maxRows: RESULT_ROW_LIMIT,
          });
          if (ticket === queryTicket) set({ queryStatus: { state: 'done', result, sql: text } });
          if (allowWrites) await refreshAfterWrite(dbClient, writesBefore);
        } catch (error) {
          if (ticket === queryTicket)
            set({ queryStatus: { state: 'failed', error: toErrorPayload(error), sql: text } });
          // A script can write before a later statement fails.
          if (allowWrites) await refreshAfterWrite(dbClient, writesBefore).catch(() => undefined);
        }
      },

      async previewTable(tableName) {
        const sql = previewTableSql(tableName);
        set({ editorSql: sql });
        await get().runQuery(sql);
      },

      setAllowWrites(allow) {
        set({ allowWrites: allow });
      },

      setQueryTimeoutMs(ms) {
        if (!Number.isFinite(ms) || ms <= 0) return;
        set({ queryTimeoutMs: Math.round(ms) });
      },

      async downloadDatabase() {
        const { dbClient, database } = get();
        if (!dbClient || !database) return;
        try {
          const file = await dbClient.exportDatabase();
          deps.saveFile(file, database.name);
          const current = get().database;
          if (current) set({ database: { ...current, sizeBytes: file.size, dirty: false } });
          // The downloaded state is what a reload brings back.
          const source = database.source === 'restored' ? 'file' : database.source;
          await deps.store
            .save({
              file,
              name: database.name,
              source,
              savedAt: Date.now(),
              ...(database.url ? { url: database.url } : {}),
            })
            .catch(() => undefined);
        } catch (error) {
          // The database itself is untouched; the status line says why the download failed.
          const payload = toErrorPayload(error);
          fail(
            new AppError(
              payload.code,
              `The database could not be saved: ${payload.message}`,
              payload.nextStep,
              payload.detail,
            ),
          );
        }
      },
    };

    /**
     * After a statement that may have written: the new schema (tables may have appeared, row
     * counts changed) and the dirty flag. The client counts its writes, so it says exactly
     * whether this statement wrote (CREATE TABLE changes no rows, yet writes).
     */
    async function refreshAfterWrite(dbClient: DbClient, writesBefore: number): Promise<void> {
      const writesAfter = dbClient.unsavedWrites();
      if (writesAfter === writesBefore) return;
      if (!get().database || get().dbClient !== dbClient) return;
      const schema = await dbClient.readSchema();
      const current = get().database;
      if (!current || get().dbClient !== dbClient) return;
      set({ database: { ...current, schema, dirty: current.dirty || writesAfter > 0 } });
    }
  };
}

export const createDatabaseSlice: SliceCreator<DatabaseSlice> =
  createDatabaseSliceWith(browserDeps);
