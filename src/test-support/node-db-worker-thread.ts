/** Thread entry for node-db-worker.ts: the real handler over real sql.js. Test-only. */
import { parentPort } from 'node:worker_threads';
import { createDbRequestHandler } from '../services/db/db-handler';
import type { DbRequest } from '../services/db/db-protocol';
import { loadSqlJs } from '../services/db/load-sql-js';

const handleDbRequest = createDbRequestHandler(loadSqlJs);

parentPort?.on('message', async (request: DbRequest) => {
  const { reply, transfer } = await handleDbRequest(request);
  parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
});
