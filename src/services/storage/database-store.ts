/**
 * The last opened database, kept in IndexedDB so it survives a reload until the person closes
 * it. Its own IndexedDB database (no shared version number with the other stores). The file is
 * stored as a Blob: browsers keep Blobs on disk, so a large file is not held in memory twice.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DATABASE_STORE_DB_NAME = 'text-to-sql-playground-database';
const STORE = 'kept';
const KEY = 'last';

export type KeptDatabaseSource = 'file' | 'sample' | 'url';

export interface KeptDatabase {
  file: Blob;
  name: string;
  source: KeptDatabaseSource;
  savedAt: number;
  /** The address it was fetched from, for share links after a reload. */
  url?: string;
}

interface KeptDb extends DBSchema {
  kept: { key: string; value: KeptDatabase };
}

export interface DatabaseStore {
  save(database: KeptDatabase): Promise<void>;
  /** null when nothing is kept, or when storage cannot be read (a private window). */
  load(): Promise<KeptDatabase | null>;
  clear(): Promise<void>;
}

export function createDatabaseStore(): DatabaseStore {
  let opening: Promise<IDBPDatabase<KeptDb>> | null = null;
  const db = () => {
    opening ??= openDB<KeptDb>(DATABASE_STORE_DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE);
      },
    }).catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };

  return {
    async save(database) {
      await (await db()).put(STORE, database, KEY);
    },
    async load() {
      try {
        const kept = await (await db()).get(STORE, KEY);
        return kept && kept.file instanceof Blob ? kept : null;
      } catch {
        return null;
      }
    },
    async clear() {
      await (await db()).delete(STORE, KEY);
    },
  };
}
