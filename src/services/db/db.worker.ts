/**
 * The db worker: sql.js (the browser build, its wasm bundled by Vite) behind the plain handler
 * in db-handler.ts. Nothing but message moving lives here.
 */
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { createDbRequestHandler } from './db-handler';
import type { DbRequest } from './db-protocol';

const handleDbRequest = createDbRequestHandler(() => initSqlJs({ locateFile: () => wasmUrl }));

self.onmessage = async (event: MessageEvent<DbRequest>) => {
  const { reply, transfer } = await handleDbRequest(event.data);
  self.postMessage(reply, { transfer });
};
