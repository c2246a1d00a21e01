/**
 * A benchmark's databases from a folder on disk (Node: the CLI, benches): every
 * `<db_id>.sqlite` or `<db_id>/<db_id>.sqlite` below it, each opened on first use in its own
 * worker thread (sql.js), so a query over its time limit is stopped as in the browser.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { indexDatabaseFiles, indexDescriptionFiles } from '../../core/eval/database-files';
import type { DescriptionFile } from '../../core/knowledge/bird-descriptions';
import type { EvalDatabase } from '../../core/eval/runner';
import type { DbClient } from './db-client';
import { spawnNodeDbWorker } from './node-db-worker';
import { createDbClient, type DbWorkerLike } from './worker-db-client';

export interface DatabaseDirectory {
  /** db_id -> file path. */
  readonly files: ReadonlyMap<string, string>;
  /** db_id -> its BIRD description files (`<db_id>/database_description/*.csv`), when it has some. */
  readonly descriptionPaths: ReadonlyMap<string, readonly string[]>;
  open(dbId: string): Promise<EvalDatabase>;
  /** The description files of a database, read as bytes (none when it has none). */
  descriptionFiles(dbId: string): Promise<DescriptionFile[]>;
  close(): Promise<void>;
}

export function openDatabaseDirectory(dir: string): DatabaseDirectory {
  const paths = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) =>
    p.replaceAll('\\', '/'),
  );
  const files = new Map([...indexDatabaseFiles(paths)].map(([id, p]) => [id, join(dir, p)]));
  const descriptionPaths = new Map(
    [...indexDescriptionFiles(paths)].map(([id, list]) => [id, list.map((p) => join(dir, p))]),
  );
  const opened = new Map<string, Promise<{ client: DbClient; db: EvalDatabase }>>();
  // Threads keep Node running: close() ends every one the clients started (reopens included).
  const threads: DbWorkerLike[] = [];
  const spawnWorker = () => {
    const thread = spawnNodeDbWorker();
    threads.push(thread);
    return thread;
  };

  const openOne = async (dbId: string, path: string) => {
    const client = createDbClient({ spawnWorker });
    const schema = await client.open(new Blob([readFileSync(path)]));
    const db: EvalDatabase = {
      executor: client,
      schema,
      name: relative(dir, path) || dbId,
      sizeBytes: statSync(path).size,
    };
    return { client, db };
  };

  return {
    files,
    descriptionPaths,
    async descriptionFiles(dbId) {
      return (descriptionPaths.get(dbId) ?? []).map((path) => ({
        name: path,
        bytes: new Uint8Array(readFileSync(path)),
      }));
    },
    async open(dbId) {
      const path = files.get(dbId);
      if (!path) throw new Error(`No ${dbId}.sqlite under ${dir}.`);
      let pending = opened.get(dbId);
      if (!pending) {
        pending = openOne(dbId, path);
        opened.set(dbId, pending);
      }
      return (await pending).db;
    },
    async close() {
      const all = await Promise.allSettled(opened.values());
      await Promise.all(
        all.map((r) => (r.status === 'fulfilled' ? r.value.client.close() : undefined)),
      );
      for (const thread of threads) thread.terminate();
    },
  };
}
