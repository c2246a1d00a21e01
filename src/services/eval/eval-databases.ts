/**
 * The benchmark's databases in the browser: one db worker (sql.js) per database, opened on first
 * use. A benchmark can have dozens of databases, so at most `maxOpen` stay open; the least
 * recently used one that no question is using is closed to make room.
 */
import type { EvalDatabase } from '../../core/eval/runner';
import type { DbClient } from '../db/db-client';
import { createDbClient, spawnDbWorker, type DbWorkerLike } from '../db/worker-db-client';

export interface EvalDatabasePool {
  acquire(dbId: string): Promise<EvalDatabase>;
  release(dbId: string): void;
  closeAll(): Promise<void>;
}

interface Slot {
  client: DbClient;
  /** Every worker the client started (a stopped query starts a new one): ended on close. */
  workers: DbWorkerLike[];
  ready: Promise<EvalDatabase>;
  users: number;
  lastUsed: number;
}

export function createEvalDatabasePool(
  blobs: ReadonlyMap<string, Blob>,
  options: { maxOpen?: number; spawnWorker?: () => DbWorkerLike } = {},
): EvalDatabasePool {
  const maxOpen = options.maxOpen ?? 4;
  const spawn = options.spawnWorker ?? spawnDbWorker;
  const slots = new Map<string, Slot>();
  let clock = 0;

  const closeSlot = async (slot: Slot) => {
    await slot.client.close().catch(() => undefined);
    slot.workers.forEach((w) => w.terminate());
  };

  const evictIfFull = () => {
    while (slots.size >= maxOpen) {
      const idle = [...slots]
        .filter(([, s]) => s.users === 0)
        .sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!idle) return; // every open database is in use: go over the limit rather than wait
      slots.delete(idle[0]);
      void closeSlot(idle[1]);
    }
  };

  return {
    acquire(dbId) {
      let slot = slots.get(dbId);
      if (!slot) {
        const blob = blobs.get(dbId);
        if (!blob) return Promise.reject(new Error(`No database file for ${dbId}.`));
        evictIfFull();
        const workers: DbWorkerLike[] = [];
        const client = createDbClient({
          spawnWorker: () => {
            const worker = spawn();
            workers.push(worker);
            return worker;
          },
        });
        const ready = client.open(blob).then((schema) => ({
          executor: client,
          schema,
          name: `${dbId}.sqlite`,
          sizeBytes: blob.size,
        }));
        slot = { client, workers, ready, users: 0, lastUsed: 0 };
        slots.set(dbId, slot);
        ready.catch(() => slots.delete(dbId));
      }
      slot.users++;
      slot.lastUsed = ++clock;
      return slot.ready;
    },
    release(dbId) {
      const slot = slots.get(dbId);
      if (slot) slot.users = Math.max(0, slot.users - 1);
    },
    async closeAll() {
      const all = [...slots.values()];
      slots.clear();
      await Promise.allSettled(all.map(closeSlot));
    },
  };
}
