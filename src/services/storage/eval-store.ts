/**
 * The evaluation in IndexedDB (its own database, like history): the benchmark as loaded (the
 * questions text and the database files), the run's configuration, and every finished result,
 * written as it finishes. A reload reads it back and the run resumes where it stopped.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AppError } from '../../core/errors';
import { jobKey } from '../../core/eval/runner';
import type { QuestionResult } from '../../core/eval/results';

export const EVAL_DB_NAME = 'text-to-sql-playground-evaluation';

export interface SavedEvaluation<Config> {
  name: string;
  questionsText: string;
  databases: Record<string, Blob>;
  /** BIRD's description files by db_id (absent in setups saved before they were kept). */
  descriptions?: Record<string, { name: string; bytes: Uint8Array }[]>;
  /** Spider difficulty per question index, computed once when the benchmark was checked. */
  difficulties: (string | null)[];
  goldFailures: { index: number; message: string }[];
  config: Config;
  /** "running" when the page closed during a run: the reload offers to resume. */
  status: 'idle' | 'running' | 'stopped' | 'done';
}

interface EvalDb extends DBSchema {
  setup: { key: string; value: SavedEvaluation<unknown> };
  results: { key: string; value: QuestionResult & { key: string } };
}

export interface EvalStore {
  loadSetup<Config>(): Promise<SavedEvaluation<Config> | null>;
  saveSetup<Config>(setup: SavedEvaluation<Config>): Promise<void>;
  updateSetup<Config>(patch: Partial<SavedEvaluation<Config>>): Promise<void>;
  putResult(result: QuestionResult): Promise<void>;
  listResults(): Promise<QuestionResult[]>;
  clearResults(): Promise<void>;
  clear(): Promise<void>;
}

function storageError(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new AppError(
      'storage_quota',
      'The browser refused to keep the evaluation (storage is full).',
      'The run goes on, but a reload will not resume it. Free some space or export the results.',
      detail,
    );
  }
  return new AppError(
    'unknown',
    'The evaluation could not be saved in this browser.',
    'The run goes on, but a reload will not resume it (private windows often block storage).',
    detail,
  );
}

const KEY = 'current';

export function createEvalStore(): EvalStore {
  let opening: Promise<IDBPDatabase<EvalDb>> | null = null;
  const db = () => {
    opening ??= openDB<EvalDb>(EVAL_DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore('setup');
        database.createObjectStore('results', { keyPath: 'key' });
      },
    }).catch((error: unknown) => {
      opening = null;
      throw storageError(error);
    });
    return opening;
  };
  const guard = async <T>(work: (database: IDBPDatabase<EvalDb>) => Promise<T>): Promise<T> => {
    try {
      return await work(await db());
    } catch (error) {
      throw error instanceof AppError ? error : storageError(error);
    }
  };
  return {
    loadSetup: <Config>() =>
      guard(
        async (d) => ((await d.get('setup', KEY)) as SavedEvaluation<Config> | undefined) ?? null,
      ),
    saveSetup: (setup) => guard(async (d) => void (await d.put('setup', setup, KEY))),
    // Read and write in one transaction: two updates in a row (the settings, then the status)
    // would otherwise both read the old record, and the second would undo the first.
    updateSetup: (patch) =>
      guard(async (d) => {
        const tx = d.transaction('setup', 'readwrite');
        const current = await tx.store.get(KEY);
        if (current) await tx.store.put({ ...current, ...patch }, KEY);
        await tx.done;
      }),
    putResult: (result) =>
      guard(
        async (d) =>
          void (await d.put('results', { ...result, key: jobKey(result.settingId, result.index) })),
      ),
    listResults: () =>
      guard(async (d) =>
        (await d.getAll('results')).map((stored) => {
          const result: QuestionResult & { key?: string } = { ...stored };
          delete result.key;
          return result;
        }),
      ),
    clearResults: () => guard((d) => d.clear('results')),
    clear: () =>
      guard(async (d) => {
        await d.clear('results');
        await d.clear('setup');
      }),
  };
}
