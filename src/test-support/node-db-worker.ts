/** Db workers for tests: a real thread (from services, with the time limit) or the calling thread. */
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
