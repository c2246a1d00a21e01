/**
 * The db worker's handler in a Node worker thread, shaped like a browser Worker, so that the
 * command-line tools (and tests) get the page's DbClient with its real time limit: a query that
 * never ends is stopped by ending the thread, as in the tab. Node-only.
 *
 * A thread that loads its TypeScript through tsx compiles the handler's modules again, which
 * costs seconds per database on a busy machine; so the thread entry is bundled once per process
 * with esbuild into plain JavaScript (beside node_modules, so that sql.js resolves), and tsx is
 * only the fallback.
 */
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DbSchema } from '../../core/schema/types';
import type { DbClient } from './db-client';
import type { DbReply, DbRequest } from './db-protocol';
import { createDbClient, type DbWorkerLike } from './worker-db-client';

let bundled: URL | null | undefined;

/** The thread entry as one JavaScript file, built on first use; null when it cannot be built. */
function bundledEntry(): URL | null {
  if (bundled !== undefined) return bundled;
  const source = fileURLToPath(new URL('./node-db-worker-thread.ts', import.meta.url));
  const repoRoot = join(dirname(source), '../../..');
  const outfile = join(repoRoot, 'node_modules/.cache/text-to-sql-playground/db-thread.mjs');
  try {
    mkdirSync(dirname(outfile), { recursive: true });
    buildSync({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      external: ['sql.js'],
      logLevel: 'silent',
    });
    bundled = pathToFileURL(outfile);
  } catch {
    bundled = null;
  }
  return bundled;
}

function startThread(): Worker {
  const entry = bundledEntry();
  if (entry) return new Worker(entry);
  // The thread loads TypeScript through tsx's API (loader flags in execArgv do not reach it).
  const source = new URL('./node-db-worker-thread.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`,
    { eval: true },
  );
}

export function spawnNodeDbWorker(): DbWorkerLike {
  const thread = startThread();
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
