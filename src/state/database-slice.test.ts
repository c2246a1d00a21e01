/**
 * The database slice over the real client, handler and sql.js (in-process instead of a worker),
 * the real IndexedDB store (fake-indexeddb), and a fetch that serves files from ../shared/data.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createDbClient } from '../services/db/worker-db-client';
import { createDatabaseStore } from '../services/storage/database-store';
import { spawnInProcessDbWorker } from '../test-support/node-db-worker';
import { CHINOOK_PATH, NORTHWIND_PATH, readBytes } from '../test-support/shared-data';
import {
  createDatabaseSliceWith,
  type DatabaseSlice,
  type DatabaseSliceDeps,
} from './database-slice';
import type { AppState } from './store';

const PAGE = 'http://playground.test/app/';

const served: Record<string, Uint8Array | 'network-error' | 'html' | number> = {
  [`${PAGE}samples/chinook.sqlite`]: readBytes(CHINOOK_PATH),
  'http://data.test/northwind.sqlite': readBytes(NORTHWIND_PATH),
  'http://data.test/missing.sqlite': 404,
  'http://data.test/broken.sqlite': 500,
  'http://other.test/no-cors.sqlite': 'network-error',
  'http://spa.test/missing.sqlite': 'html',
};

async function fakeFetch(url: string): Promise<Response> {
  const entry = served[url] ?? 404;
  if (entry === 'network-error') throw new TypeError('Failed to fetch');
  if (entry === 'html')
    return new Response('<!doctype html><title>App</title>', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  if (typeof entry === 'number')
    return new Response('nope', {
      status: entry,
      statusText: entry === 404 ? 'Not Found' : 'Server Error',
    });
  return new Response(entry as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'content-length': String(entry.length) },
  });
}

interface Harness {
  state(): DatabaseSlice;
  saved: { file: Blob; name: string }[];
}

function harness(): Harness {
  const saved: Harness['saved'] = [];
  const deps: DatabaseSliceDeps = {
    createClient: () => createDbClient({ spawnWorker: spawnInProcessDbWorker }),
    store: createDatabaseStore(),
    fetch: fakeFetch,
    saveFile: (file, name) => saved.push({ file, name }),
    baseUrl: () => PAGE,
  };
  const store = createStore<AppState>()(
    (...args) => createDatabaseSliceWith(deps)(...args) as AppState,
  );
  return { state: () => store.getState(), saved };
}

function fileOf(path: string, name: string): File {
  return new File([readBytes(path) as Uint8Array<ArrayBuffer>], name);
}

beforeEach(async () => {
  await createDatabaseStore().clear();
});

describe('opening databases', () => {
  it('opens the sample on a first visit and the same database again after a reload', async () => {
    const first = harness();
    expect(first.state().dbClient).toBeNull();
    await first.state().restoreOrOpenSample();
    expect(first.state().dbStatus).toEqual({ state: 'ready' });
    expect(first.state().database).toMatchObject({
      name: 'chinook.sqlite',
      source: 'sample',
      dirty: false,
    });
    await first.state().openFile(fileOf(NORTHWIND_PATH, 'northwind.sqlite'));

    const reloaded = harness();
    await reloaded.state().restoreOrOpenSample();
    expect(reloaded.state().database).toMatchObject({
      name: 'northwind.sqlite',
      source: 'restored',
    });
    expect(reloaded.state().database?.schema.tables.some((t) => t.name === 'Order')).toBe(true);
  });

  it('after closing, forgets the database: the next visit gets the sample', async () => {
    const first = harness();
    await first.state().openFile(fileOf(NORTHWIND_PATH, 'northwind.sqlite'));
    await first.state().closeDatabase();
    expect(first.state()).toMatchObject({
      database: null,
      dbClient: null,
      dbStatus: { state: 'empty' },
    });
    const reloaded = harness();
    await reloaded.state().restoreOrOpenSample();
    expect(reloaded.state().database?.name).toBe('chinook.sqlite');
  });

  it('keeps the open database when a bad file fails, and says why', async () => {
    const h = harness();
    await h.state().openFile(fileOf(CHINOOK_PATH, 'chinook.sqlite'));
    await h.state().openFile(new File(['a,b\n1,2\n'], 'table.csv'));
    expect(h.state().dbStatus).toMatchObject({ state: 'failed', error: { code: 'not_sqlite' } });
    expect(h.state().database?.name).toBe('chinook.sqlite');
    await h.state().runQuery('SELECT count(*) FROM Track');
    expect(h.state().queryStatus).toMatchObject({ state: 'done', result: { rows: [[3503]] } });
  });

  it('opens a database from a URL, named after its last path segment', async () => {
    const h = harness();
    await h.state().openUrl('http://data.test/northwind.sqlite');
    expect(h.state().database).toMatchObject({ name: 'northwind.sqlite', source: 'url' });
  });

  it.each([
    ['http://data.test/missing.sqlite', /no database at .*404/i, /address/],
    ['http://data.test/broken.sqlite', /HTTP 500/, /later/],
    ['http://spa.test/missing.sqlite', /no database at .*web page instead.*404/i, /address/],
    ['http://other.test/no-cors.sqlite', /CORS/, /Access-Control-Allow-Origin/],
    ['http://exa mple.test/:x', /not a web address/, /full address/],
  ])('explains a failing URL %s and keeps the open database', async (url, message, nextStep) => {
    const h = harness();
    await h.state().openSample();
    await h.state().openUrl(url);
    const status = h.state().dbStatus;
    expect(status.state).toBe('failed');
    if (status.state !== 'failed') return;
    expect(status.error.code).toBe('fetch_failed');
    expect(status.error.message).toMatch(message);
    expect(status.error.nextStep).toMatch(nextStep);
    expect(h.state().database?.name).toBe('chinook.sqlite');
  });
});

describe('queries', () => {
  it('runs the editor text, or given text, and records failures with their code', async () => {
    const h = harness();
    await h.state().runQuery('SELECT 1');
    expect(h.state().queryStatus).toMatchObject({
      state: 'failed',
      error: { code: 'no_database' },
    });
    await h.state().openSample();
    h.state().setEditorSql('SELECT Name FROM Artist WHERE ArtistId = 1');
    await h.state().runQuery();
    expect(h.state().queryStatus).toMatchObject({
      state: 'done',
      sql: 'SELECT Name FROM Artist WHERE ArtistId = 1',
      result: { rows: [['AC/DC']] },
    });
    await h.state().runQuery('SELECT nope');
    expect(h.state().queryStatus).toMatchObject({
      state: 'failed',
      sql: 'SELECT nope',
      error: { code: 'sql_error', detail: 'no such column: nope' },
    });
  });

  it('previews a table with an awkward name through the editor', async () => {
    const h = harness();
    await h.state().openFile(fileOf(NORTHWIND_PATH, 'northwind.sqlite'));
    await h.state().previewTable('Order');
    expect(h.state().editorSql).toBe('SELECT * FROM "Order" LIMIT 100;');
    const status = h.state().queryStatus;
    expect(status.state === 'done' && status.result.rows.length).toBe(100);
  });

  it('refuses writes until allowed, then marks the database dirty until it is downloaded', async () => {
    const h = harness();
    await h.state().openSample();
    await h.state().runQuery('CREATE TABLE notes (body TEXT)');
    expect(h.state().queryStatus).toMatchObject({ state: 'failed', error: { code: 'read_only' } });
    expect(h.state().database?.dirty).toBe(false);

    h.state().setAllowWrites(true);
    await h.state().runQuery('SELECT count(*) FROM Track');
    expect(h.state().database?.dirty).toBe(false);
    await h.state().runQuery('CREATE TABLE notes (body TEXT)');
    expect(h.state().database?.dirty).toBe(true);
    expect(h.state().database?.schema.tables.some((t) => t.name === 'notes')).toBe(true);

    await h.state().downloadDatabase();
    expect(h.state().database?.dirty).toBe(false);
    expect(h.saved.map((s) => s.name)).toEqual(['chinook.sqlite']);
    expect(
      new TextDecoder().decode(new Uint8Array(await h.saved[0]!.file.arrayBuffer()).slice(0, 15)),
    ).toBe('SQLite format 3');

    // The downloaded state is what a reload brings back.
    const reloaded = harness();
    await reloaded.state().restoreOrOpenSample();
    expect(reloaded.state().database?.schema.tables.some((t) => t.name === 'notes')).toBe(true);
  });

  it('has a 10 s default time limit and ignores nonsense limits', () => {
    const h = harness();
    expect(h.state().queryTimeoutMs).toBe(10_000);
    h.state().setQueryTimeoutMs(2500);
    h.state().setQueryTimeoutMs(-1);
    h.state().setQueryTimeoutMs(Number.NaN);
    expect(h.state().queryTimeoutMs).toBe(2500);
  });
});
