/**
 * The native `sqlite3` command (Debian package), the reference the app's executor is compared
 * with in tests and benchmarks. Test-only: never imported by the app.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SQLITE3_PATH = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

/** Throws a clear message when the command is missing, instead of a confusing spawn error later. */
export function requireSqlite3(): string {
  if (!existsSync(SQLITE3_PATH)) {
    throw new Error(
      `The sqlite3 command is missing (looked for ${SQLITE3_PATH}). Install it (apt-get install sqlite3) or set SQLITE3 to its path.`,
    );
  }
  return SQLITE3_PATH;
}

/** Runs a script of statements on a file, read-only, and returns stdout. */
export function runSqlite3(dbPath: string, script: string, args: string[] = []): string {
  return execFileSync(requireSqlite3(), ['-readonly', '-batch', '-bail', ...args, dbPath], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Rows of one SELECT as objects, through `-json` (sqlite3 prints nothing at all for zero rows). */
export function sqlite3Json<Row = Record<string, unknown>>(dbPath: string, sql: string): Row[] {
  const out = runSqlite3(dbPath, sql, ['-json']).trim();
  return out === '' ? [] : (JSON.parse(out) as Row[]);
}

/** A statement with its trailing semicolons and whitespace removed, ready to wrap in a subquery. */
export function bareStatement(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}

/**
 * Row counts of many queries on one file, in one sqlite3 process: each query is wrapped in
 * `SELECT i, count(*) FROM (<query>)` so the output is two integers a line, whatever the rows hold.
 */
export function sqlite3RowCounts(dbPath: string, queries: string[]): number[] {
  const script = queries
    .map((query, i) => `SELECT ${i}, count(*) FROM (${bareStatement(query)});`)
    .join('\n');
  const counts: number[] = new Array<number>(queries.length).fill(-1);
  for (const line of runSqlite3(dbPath, script, ['-list', '-separator', ' ']).split('\n')) {
    const match = /^(\d+) (\d+)$/.exec(line.trim());
    if (match) counts[Number(match[1])] = Number(match[2]);
  }
  return counts;
}
