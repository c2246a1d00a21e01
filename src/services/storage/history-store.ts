/**
 * Past runs in IndexedDB, in a database of their own so that history never shares a version
 * number (and an upgrade path) with the other stores.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AppError } from '../../core/errors';
import { withAllStages, type RunRecord } from '../../core/history/run-record';

export const HISTORY_DB_NAME = 'text-to-sql-playground-history';
const STORE = 'runs';

interface HistoryDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { 'by-created': number } };
}

export interface HistoryStore {
  save(run: RunRecord): Promise<void>;
  /** Newest first. */
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | null>;
  remove(id: string): Promise<void>;
}

function storageError(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new AppError(
      'storage_quota',
      'History is full: the browser refused to keep this run.',
      'Delete some old runs in History.',
      detail,
    );
  }
  return new AppError(
    'unknown',
    'History could not be read or written.',
    'The run itself is fine; history may be unavailable in a private window.',
    detail,
  );
}

export function createHistoryStore(): HistoryStore {
  let opening: Promise<IDBPDatabase<HistoryDb>> | null = null;
  const db = () => {
    opening ??= openDB<HistoryDb>(HISTORY_DB_NAME, 1, {
      upgrade(database) {
        const store = database.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('by-created', 'createdAt');
      },
    }).catch((error: unknown) => {
      opening = null;
      throw storageError(error);
    });
    return opening;
  };
  const guard = async <T>(work: (database: IDBPDatabase<HistoryDb>) => Promise<T>): Promise<T> => {
    try {
      return await work(await db());
    } catch (error) {
      throw error instanceof AppError ? error : storageError(error);
    }
  };
  return {
    save: (run) => guard(async (database) => void (await database.put(STORE, run))),
    // Records saved before a stage was added get it filled in (withAllStages).
    list: () =>
      guard(async (database) =>
        (await database.getAllFromIndex(STORE, 'by-created')).reverse().map(withAllStages),
      ),
    get: (id) =>
      guard(async (database) => {
        const run = await database.get(STORE, id);
        return run ? withAllStages(run) : null;
      }),
    remove: (id) => guard((database) => database.delete(STORE, id)),
  };
}
