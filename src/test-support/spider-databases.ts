/**
 * Spider's databases from ../shared/data as `runEvaluation` reads them: each `database()` is a
 * fresh dependency (its own cache, as a new run has), every database it opens is kept, and
 * `closeAll()` (in `afterAll`) closes them all.
 */
import type { EvalDatabase } from '../core/eval/runner';
import { openTestDb } from './open-test-db';
import { spiderDatabasePath } from './shared-data';

type OpenDatabase = EvalDatabase & { close(): void };

export function spiderDatabases() {
  const opened: Promise<OpenDatabase>[] = [];
  return {
    database(): (dbId: string) => Promise<OpenDatabase> {
      const cache = new Map<string, Promise<OpenDatabase>>();
      return async (dbId) => {
        let pending = cache.get(dbId);
        if (!pending) {
          pending = openTestDb(spiderDatabasePath(dbId)).then((session) => ({
            executor: session,
            schema: session.readSchema(),
            name: dbId,
            sizeBytes: 0,
            close: () => session.close(),
          }));
          cache.set(dbId, pending);
          opened.push(pending);
        }
        return pending;
      };
    },
    async closeAll(): Promise<void> {
      for (const db of await Promise.all(opened)) db.close();
    },
  };
}
