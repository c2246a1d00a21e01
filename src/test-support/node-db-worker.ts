/**
 * The db worker's handler for tests: in a real Node worker thread (services/db/node-db-worker.ts,
 * which `npm run eval` uses too), so the client's time limit can be tested against a query that
 * truly never ends, or on the calling thread. Test-only.
 */
import { createDbRequestHandler } from '../services/db/db-handler';
import type { DbReply, DbRequest } from '../services/db/db-protocol';
import { loadSqlJs } from '../services/db/load-sql-js';
import type { DbWorkerLike } from '../services/db/worker-db-client';

export { spawnNodeDbWorker } from '../services/db/node-db-worker';

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
