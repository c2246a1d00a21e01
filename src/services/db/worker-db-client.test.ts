/**
 * The page's DbClient over the real handler and real sql.js in a Node worker thread: codes cross
 * the thread boundary intact, a runaway query is stopped by ending the worker, and the database
 * (with its unsaved changes) is there afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { spawnNodeDbWorker } from '../../test-support/node-db-worker';
import { CHINOOK_PATH, readBytes } from '../../test-support/shared-data';
import type { DbClient } from './db-client';
import { createDbRequestHandler } from './db-handler';
import { loadSqlJs } from './load-sql-js';
import { createDbClient, MAX_DATABASE_BYTES } from './worker-db-client';

const RUNAWAY =
  'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r';
const chinookBlob = () => new Blob([readBytes(CHINOOK_PATH) as Uint8Array<ArrayBuffer>]);

const clients: DbClient[] = [];
function client(): DbClient {
  const created = createDbClient({ spawnWorker: spawnNodeDbWorker });
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('handleDbRequest (no worker)', () => {
  it('answers by id and reports a missing database as no_database', async () => {
    const handle = createDbRequestHandler(loadSqlJs);
    const early = await handle({
      kind: 'execute',
      id: 7,
      payload: { sql: 'SELECT 1', options: {} },
    });
    expect(early.reply).toMatchObject({ kind: 'error', id: 7, payload: { code: 'no_database' } });
    const opened = await handle({ kind: 'open', id: 8, payload: { source: chinookBlob() } });
    expect(opened.reply.kind).toBe('ok');
    const exported = await handle({ kind: 'export', id: 9 });
    expect(exported.transfer).toHaveLength(1);
    expect(exported.reply).toMatchObject({ kind: 'ok', id: 9 });
  });
});

describe('createDbClient', () => {
  it('opens Chinook from a Blob and runs queries', async () => {
    const db = client();
    const schema = await db.open(chinookBlob());
    expect(schema.tables.find((t) => t.name === 'Track')?.rowCount).toBe(3503);
    expect((await db.execute('SELECT count(*) FROM Artist')).rows).toEqual([[275]]);
  });

  it('refuses a file above the limit before reading it, stating both sizes', async () => {
    const huge = {
      size: 3 * 1024 ** 3,
      arrayBuffer: () => Promise.reject(new Error('must not be read')),
    } as unknown as Blob;
    const error = await failure(client().open(huge));
    expect(error.code).toBe('db_too_large');
    expect(error.message).toContain('3 GB');
    expect(error.message).toContain(`${MAX_DATABASE_BYTES / 1024 ** 3} GB`);
  });

  it('keeps the open database usable when a bad file fails to open', async () => {
    const db = client();
    await db.open(chinookBlob());
    expect((await failure(db.open(new Blob(['hello, not a database'])))).code).toBe('not_sqlite');
    expect((await failure(db.open(new Blob([])))).code).toBe('empty_file');
    const truncated = new Blob([readBytes(CHINOOK_PATH).slice(0, 300_000)]);
    expect((await failure(db.open(truncated))).code).toBe('corrupt_db');
    expect((await db.execute('SELECT count(*) FROM Track')).rows).toEqual([[3503]]);
  });

  it('carries SQLite errors and read-only refusals across the thread with their codes', async () => {
    const db = client();
    await db.open(chinookBlob());
    expect(await failure(db.execute('SELECT * FROM Nope'))).toMatchObject({
      code: 'sql_error',
      detail: 'no such table: Nope',
    });
    expect((await failure(db.execute('DELETE FROM Track'))).code).toBe('read_only');
  });

  it('stops a runaway query, reopens the database and keeps unsaved changes', async () => {
    const db = client();
    await db.open(chinookBlob());
    await db.execute('DELETE FROM InvoiceLine WHERE InvoiceId <= 2', { allowWrites: true });
    await db.execute('CREATE TABLE notes (body TEXT)', { allowWrites: true });
    const started = Date.now();
    const error = await failure(db.execute(RUNAWAY, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/stopped after 0\.3 s and the database was reopened/);
    expect(error.message).toMatch(/unsaved changes \(2 statements\)/);
    expect((await db.execute('SELECT count(*) FROM InvoiceLine')).rows).toEqual([[2234]]);
    expect((await db.readSchema()).tables.some((t) => t.name === 'notes')).toBe(true);
  });

  it('exports the changed database, which then becomes what a restart reopens', async () => {
    const db = client();
    await db.open(chinookBlob());
    await db.execute("INSERT INTO Artist (Name) VALUES ('New')", { allowWrites: true });
    const file = await db.exportDatabase();
    expect(file.size).toBeGreaterThan(0);
    const error = await failure(db.execute(RUNAWAY, { timeoutMs: 200 }));
    expect(error.message).not.toMatch(/unsaved/);
    expect((await db.execute('SELECT count(*) FROM Artist')).rows).toEqual([[276]]);
    const other = client();
    await other.open(file);
    expect((await other.execute("SELECT Name FROM Artist WHERE Name = 'New'")).rows).toEqual([
      ['New'],
    ]);
  });
});
