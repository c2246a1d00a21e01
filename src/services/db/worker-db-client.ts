/**
 * The page's DbClient: sql.js in a dedicated worker. Requests go one at a time, so a time limit
 * measures the query, not the queue. A query over its limit cannot be interrupted inside sql.js,
 * so the worker is ended, a new one reopens the kept file, and the writes made since it was
 * opened (or last downloaded) are replayed: changes survive a stopped query.
 */
import { AppError, type ErrorPayload, stoppedError } from '../../core/errors';
import type { DbSchema } from '../../core/schema/types';
import type { QueryResult } from '../../core/sql/result';
import { checkDatabaseSize, MAX_DATABASE_BYTES } from '../../core/sql/sqlite-file';
import type { DbClient, DbExecuteOptions } from './db-client';
import { WorkerClient, WorkerTimeout, type WithoutId } from '../workers/worker-client';
import type { WorkerLike } from '../workers/worker-like';
import type { DbReply, DbReplyPayloads, DbRequest, DbRequestKind } from './db-protocol';

export { MAX_DATABASE_BYTES };
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** The part of a Worker the client uses (tests pass an in-process stand-in). */
export type DbWorkerLike = WorkerLike<DbRequest, DbReply>;

export interface DbClientOptions {
  spawnWorker?: () => DbWorkerLike;
}

export function spawnDbWorker(): DbWorkerLike {
  return new Worker(new URL('./db.worker.ts', import.meta.url), {
    type: 'module',
    name: 'db',
  }) as DbWorkerLike;
}

type RequestWithoutId = WithoutId<DbRequest>;

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

function crashed(detail: string): AppError {
  return new AppError(
    'unknown',
    'The database worker stopped unexpectedly.',
    'Open the database again; if it keeps happening, the file may be too large for this tab.',
    detail,
  );
}

export function createDbClient(options: DbClientOptions = {}): DbClient {
  const spawn = options.spawnWorker ?? spawnDbWorker;
  /** Set when the worker died on its own (out of memory): the next request rebuilds the database first. */
  let lostWorker = false;
  const worker = new WorkerClient<DbRequest, DbReply>({
    start: spawn,
    failed: (message) => crashed(message),
    onFailure: () => (lostWorker = true),
  });
  /** The open database's file, and the scripts that changed it since: together they rebuild it. */
  let kept: Blob | null = null;
  let writes: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const send = (request: RequestWithoutId, timeoutMs?: number): Promise<DbReply> =>
    worker.send(request, { timeoutMs });

  async function call<K extends DbRequestKind>(
    request: RequestWithoutId & { kind: K },
  ): Promise<DbReplyPayloads[K]> {
    const reply = await send(request);
    if (reply.kind === 'error') throw AppError.fromPayload(reply.payload);
    return reply.payload as DbReplyPayloads[K];
  }

  /** Runs one request after the ones before it have finished. */
  function serial<T>(task: () => Promise<T>, { reopen = true } = {}): Promise<T> {
    const guarded = async (): Promise<T> => {
      if (lostWorker && reopen) {
        lostWorker = false;
        await restart();
      }
      return task();
    };
    const run = queue.then(guarded, guarded);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the worker and rebuilds the database in a new one; returns how many scripts were replayed. */
  async function restart(): Promise<number> {
    worker.terminate(stoppedError());
    if (!kept) return 0;
    await call({ kind: 'open', payload: { source: kept } });
    // A replayed script can fail again where it failed first (after its earlier writes): that
    // is the state the person had, so failures here are expected and ignored.
    for (const sql of writes)
      await send({ kind: 'execute', payload: { sql, options: { allowWrites: true, maxRows: 0 } } });
    return writes.length;
  }

  async function executeWithin(sql: string, options: DbExecuteOptions): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const { allowWrites = false, maxRows } = options;
    const reply = await send(
      { kind: 'execute', payload: { sql, options: { allowWrites, maxRows } } },
      timeoutMs,
    ).catch((error: unknown) => (error instanceof WorkerTimeout ? null : Promise.reject(error)));
    if (reply === null) throw await stopped(timeoutMs);
    if (reply.kind === 'error') {
      if (reply.wrote) writes.push(sql);
      throw AppError.fromPayload(reply.payload);
    }
    const { result, wrote } = reply.payload as DbReplyPayloads['execute'];
    if (wrote) writes.push(sql);
    return result;
  }

  async function stopped(timeoutMs: number): Promise<AppError> {
    const nextStep = 'Add a LIMIT or a narrower WHERE clause, or raise the time limit.';
    try {
      const replayed = await restart();
      const note =
        replayed > 0
          ? ` Your unsaved changes (${replayed} statement${replayed === 1 ? '' : 's'}) were applied again.`
          : '';
      return new AppError(
        'timeout',
        `The query was stopped after ${seconds(timeoutMs)} and the database was reopened.${note}`,
        nextStep,
      );
    } catch (error) {
      const payload = error as ErrorPayload;
      return new AppError(
        'timeout',
        `The query was stopped after ${seconds(timeoutMs)}, but the database could not be reopened.`,
        'Open the database again.',
        payload.message,
      );
    }
  }

  return {
    open(source: Blob): Promise<DbSchema> {
      const tooLarge = checkDatabaseSize(source.size);
      if (tooLarge) return Promise.reject(tooLarge);
      return serial(
        async () => {
          const schema = await call({ kind: 'open', payload: { source } });
          kept = source;
          writes = [];
          return schema;
        },
        { reopen: false },
      );
    },
    readSchema: () => serial(() => call({ kind: 'readSchema' })),
    execute: (sql: string, options: DbExecuteOptions = {}) =>
      serial(() => executeWithin(sql, options)),
    exportDatabase: () =>
      serial(async () => {
        const bytes = await call({ kind: 'export' });
        const file = new Blob([bytes as Uint8Array<ArrayBuffer>], {
          type: 'application/vnd.sqlite3',
        });
        // The exported file holds every change: it becomes what a restart reopens.
        kept = file;
        writes = [];
        return file;
      }),
    unsavedWrites: () => writes.length,
    buildDatabase: (tables) =>
      serial(async () => {
        const bytes = await call({ kind: 'build', payload: { tables } });
        return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' });
      }),
    close: () =>
      serial(async () => {
        kept = null;
        writes = [];
        if (worker.running) await call({ kind: 'close' });
      }),
  };
}
