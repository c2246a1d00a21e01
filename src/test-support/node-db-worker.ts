/**
 * The db worker's handler in a real Node worker thread, shaped like a browser Worker, so the
 * client's time limit can be tested against a query that truly never ends. Test-only.
 */
import { Worker } from 'node:worker_threads';
import { createDbRequestHandler } from '../services/db/db-handler';
import type { DbReply, DbRequest } from '../services/db/db-protocol';
import { loadSqlJs } from '../services/db/load-sql-js';
import type { DbWorkerLike } from '../services/db/worker-db-client';

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

/**
 * The same handler on the calling thread: fast to start, for tests that need no time limit (a
 * runaway query here would block the test itself).
 */
export function spawnInProcessDbWorker(): DbWorkerLike {
  const handleDbRequest = createDbRequestHandler(loadSqlJs);
  const like: DbWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (message: DbRequest) => {
      void handleDbRequest(message).then(({ reply }) =>
        like.onmessage?.({ data: reply } as MessageEvent<DbReply>),
      );
    },
    terminate: () => undefined,
  };
  return like;
}
