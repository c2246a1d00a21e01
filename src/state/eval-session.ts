/**
 * What the evaluation slices share outside the state, one per store: the saved evaluation
 * (IndexedDB, so a reload resumes), the benchmark's database files and BIRD descriptions, the
 * databases open for it, and the run or import in progress (one at a time).
 */
import type { DescriptionFile } from '../core/knowledge/bird-descriptions';
import { toErrorPayload } from '../core/errors';
import { createEvalDatabasePool, type EvalDatabasePool } from '../services/eval/eval-databases';
import { createEvalStore, type EvalStore } from '../services/storage/eval-store';
import type { AppState } from './store';

export interface EvalSession {
  store: EvalStore;
  /** dbId -> the database file, as loaded or restored. */
  blobs: Map<string, Blob>;
  descriptionFiles: Map<string, DescriptionFile[]>;
  /** Opened on first use over `blobs`; closed when another benchmark comes. */
  pool: EvalDatabasePool | null;
  /** Set while a run or an import goes on; aborting it stops that run. */
  controller: AbortController | null;
}

export function createEvalSession(): EvalSession {
  return {
    store: createEvalStore(),
    blobs: new Map(),
    descriptionFiles: new Map(),
    pool: null,
    controller: null,
  };
}

/** The databases a run or a check reads: opened from the pool, released after each question. */
export function poolDeps(session: EvalSession) {
  const p = (session.pool ??= createEvalDatabasePool(session.blobs));
  return {
    database: (id: string) => p.acquire(id),
    release: (id: string) => p.release(id),
    descriptionFiles: async (id: string) => session.descriptionFiles.get(id) ?? [],
  };
}

/** A failed save shows as the view's error; the evaluation itself goes on. */
export const saveQuietly = (set: (patch: Partial<AppState>) => void, work: Promise<unknown>) =>
  work.catch((error: unknown) => set({ evalError: toErrorPayload(error) }));
