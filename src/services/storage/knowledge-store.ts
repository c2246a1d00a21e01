/**
 * What the playground knows about each database (examples, descriptions), in IndexedDB keyed by
 * the schema's fingerprint, so a re-opened or re-downloaded copy finds it. Its own IndexedDB
 * database: no shared version number with the other stores.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AppError } from '../../core/errors';
import type { DatabaseKnowledge } from '../../core/knowledge/types';

export const KNOWLEDGE_DB_NAME = 'text-to-sql-playground-knowledge';
const STORE = 'knowledge';

interface KnowledgeDb extends DBSchema {
  knowledge: { key: string; value: DatabaseKnowledge };
}

export interface KnowledgeStore {
  get(fingerprint: string): Promise<DatabaseKnowledge | null>;
  save(knowledge: DatabaseKnowledge): Promise<void>;
  remove(fingerprint: string): Promise<void>;
}

function storageError(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof DOMException && error.name === 'QuotaExceededError')
    return new AppError(
      'storage_quota',
      'The browser refused to keep this knowledge: its storage is full.',
      'Export the knowledge file to keep it, then delete old runs in History.',
      detail,
    );
  return new AppError(
    'unknown',
    'The knowledge of this database could not be read or written.',
    'Storage may be unavailable in a private window; export the knowledge file to keep it.',
    detail,
  );
}

export function createKnowledgeStore(): KnowledgeStore {
  let opening: Promise<IDBPDatabase<KnowledgeDb>> | null = null;
  const db = () => {
    opening ??= openDB<KnowledgeDb>(KNOWLEDGE_DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'fingerprint' });
      },
    }).catch((error: unknown) => {
      opening = null;
      throw storageError(error);
    });
    return opening;
  };
  const guard = async <T>(work: (database: IDBPDatabase<KnowledgeDb>) => Promise<T>) => {
    try {
      return await work(await db());
    } catch (error) {
      throw error instanceof AppError ? error : storageError(error);
    }
  };
  return {
    get: (fingerprint) => guard(async (d) => (await d.get(STORE, fingerprint)) ?? null),
    save: (knowledge) => guard(async (d) => void (await d.put(STORE, knowledge))),
    remove: (fingerprint) => guard((d) => d.delete(STORE, fingerprint)),
  };
}
