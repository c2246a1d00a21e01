/**
 * The db worker's handler in a Node worker thread, shaped like a browser Worker, so that the
 * command-line tools (and tests) get the page's DbClient with its real time limit: a query that
 * never ends is stopped by ending the thread, as in the tab. Node-only.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DbSchema } from '../../core/schema/types';
import type { DbClient } from './db-client';
import type { DbReply, DbRequest } from './db-protocol';
import { createDbClient, type DbWorkerLike } from './worker-db-client';

export function spawnNodeDbWorker(): DbWorkerLike {
  // The thread loads TypeScript through tsx's API (loader flags in execArgv do not reach it).
  const entry = new URL('./node-db-worker-thread.ts', import.meta.url).href;
  const thread = new Worker(
    `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`,
    { eval: true },
  );
  const like: DbWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (message: DbRequest) => thread.postMessage(message),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: DbReply) => like.onmessage?.({ data } as MessageEvent<DbReply>));
  thread.on('error', (error) =>
    like.onerror?.({ message: error.message, preventDefault() {} } as ErrorEvent),
  );
  return like;
}

export interface OpenedDatabaseFile {
  client: DbClient;
  schema: DbSchema;
  /** The file name. */
  name: string;
}

/** Opens a SQLite file with the app's own client in a worker thread; rejects with the client's errors. */
export async function openDatabaseFile(path: string): Promise<OpenedDatabaseFile> {
  const bytes = await readFile(path);
  const client = createDbClient({ spawnWorker: spawnNodeDbWorker });
  const schema = await client.open(new Blob([new Uint8Array(bytes)]));
  return { client, schema, name: basename(path) };
}
