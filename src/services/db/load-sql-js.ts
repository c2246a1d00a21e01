/**
 * sql.js for Node (tests, benchmarks): the package finds its wasm beside itself. The browser
 * worker loads it with the bundled wasm URL instead (see db.worker.ts).
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs();
  return loading;
}
