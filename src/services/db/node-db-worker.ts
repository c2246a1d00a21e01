/**
 * The db worker's handler in a Node worker thread, shaped like a browser Worker: what
 * `createDbClient` needs in Node (the CLI, tests), so a query over its time limit is stopped by
 * ending the thread, as in the browser. Runs under tsx (the thread loads TypeScript through it).
 */
import { Worker } from 'node:worker_threads';
import type { DbReply, DbRequest } from './db-protocol';
import type { DbWorkerLike } from './worker-db-client';

export function spawnNodeDbWorker(): DbWorkerLike {
  // The thread loads TypeScript through tsx's API (loader flags in execArgv do not reach it).
  const entry = new URL('./node-db-worker-thread.ts', import.meta.url).href;
  const thread = new Worker(
    `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`,
    {
      eval: true,
    },
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
