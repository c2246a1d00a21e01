/** Thread entry for node-db-worker.ts: the real handler over real sql.js, in Node. */
import { parentPort } from 'node:worker_threads';
import { createDbRequestHandler } from './db-handler';
import type { DbRequest } from './db-protocol';
import { loadSqlJs } from './load-sql-js';

const handleDbRequest = createDbRequestHandler(loadSqlJs);

parentPort?.on('message', async (request: DbRequest) => {
  const { reply, transfer } = await handleDbRequest(request);
  parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
});
