/**
 * Which file is which database: a benchmark names databases by db_id, found as
 * `<dir>/<db_id>.sqlite` or `<dir>/<db_id>/<db_id>.sqlite` (Spider's and BIRD's layout), in a
 * folder, a set of picked files or a zip. Paths use `/` and may carry any leading folders.
 */

const DATABASE_FILE = /(?:^|\/)([^/]+)\.(?:sqlite3?|db)$/i;

/** The db_id a path stands for, or null when it is not a database file. */
export function dbIdOfPath(path: string): string | null {
  const normalised = path.replaceAll('\\', '/');
  if (normalised.split('/').some((part) => part === '__MACOSX')) return null;
  return DATABASE_FILE.exec(normalised)?.[1] ?? null;
}

/**
 * db_id -> path. When one db_id appears twice, `<db_id>/<db_id>.sqlite` wins over a loose file,
 * then the shorter path (a test-suite folder may hold extra copies beside the original).
 */
export function indexDatabaseFiles(paths: Iterable<string>): Map<string, string> {
  const index = new Map<string, string>();
  const rank = (path: string, dbId: string) => {
    const parts = path.replaceAll('\\', '/').split('/');
    const inOwnFolder = parts.at(-2) === dbId ? 0 : 1;
    return inOwnFolder * 10_000 + path.length;
  };
  for (const path of paths) {
    const dbId = dbIdOfPath(path);
    if (dbId === null) continue;
    const current = index.get(dbId);
    if (current === undefined || rank(path, dbId) < rank(current, dbId)) index.set(dbId, path);
  }
  return index;
}

/** Databases a benchmark needs that no file provides, with how many questions they cost. */
export function missingDatabases(
  needed: ReadonlyMap<string, number>,
  available: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): { dbId: string; questions: number }[] {
  return [...needed]
    .filter(([dbId]) => !available.has(dbId))
    .map(([dbId, questions]) => ({ dbId, questions }));
}

const DESCRIPTION_FILE = /(?:^|\/)([^/]+)\/database_description\/([^/]+\.csv)$/i;

/**
 * The db_id a BIRD description file belongs to (`<db_id>/database_description/<table>.csv`),
 * or null when the path is not one.
 */
export function dbIdOfDescriptionPath(path: string): string | null {
  const normalised = path.replaceAll('\\', '/');
  if (normalised.split('/').some((part) => part === '__MACOSX')) return null;
  return DESCRIPTION_FILE.exec(normalised)?.[1] ?? null;
}

/** db_id -> the paths of its description files, for the databases that have some. */
export function indexDescriptionFiles(paths: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const path of paths) {
    const dbId = dbIdOfDescriptionPath(path);
    if (dbId === null) continue;
    let list = index.get(dbId);
    if (!list) index.set(dbId, (list = []));
    // A zip or folder may hold two copies (train and dev): the first one seen per table is kept.
    const table = path.replaceAll('\\', '/').split('/').at(-1)?.toLowerCase();
    if (!list.some((p) => p.replaceAll('\\', '/').split('/').at(-1)?.toLowerCase() === table))
      list.push(path);
  }
  return index;
}
