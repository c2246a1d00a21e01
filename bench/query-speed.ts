/**
 * Query time through the app's executor (SqliteSession: the same sql.js wasm the db worker
 * runs) against the native sqlite3 command, on the same files and queries: every Spider dev gold
 * query, and heavy aggregations on a generated ~100 MB database.
 *
 *   npx tsx bench/query-speed.ts
 *
 * Both sides are timed in CPU time (user + system) per statement, not wall time: the machines
 * this runs on are shared, and wall time there measures the neighbours. Native: one sqlite3
 * process per file with `.timer on` (µs resolution; rows go to /dev/null), so process start-up
 * and file opening are not counted, just as opening is not counted for the app. App:
 * process.cpuUsage() around SqliteSession.execute. Spider queries run once to warm up, then once
 * timed; each heavy query runs HEAVY_RUNS times and its median counts.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadSqlJs } from '../src/services/db/load-sql-js';
import { SqliteSession } from '../src/services/db/sqlite-session';
import { spiderDatabasePath, spiderQuestions } from '../src/test-support/shared-data';
import { bareStatement, runSqlite3 } from '../src/test-support/sqlite-cli';
import { makeLargeDb } from './support/make-large-db';

const HEAVY_RUNS = 3;

const HEAVY_QUERIES: Record<string, string> = {
  'revenue by country (join 1M x 200k)': `SELECT co.name, count(*) AS orders, round(sum(o.amount), 2) AS revenue
    FROM orders AS o JOIN customers AS c ON c.id = o.customer_id JOIN countries AS co ON co.id = c.country_id
    GROUP BY co.name ORDER BY revenue DESC`,
  'category stats (join 1M x 10k)': `SELECT p.category, avg(o.quantity), max(o.amount * p.price), count(DISTINCT o.customer_id)
    FROM orders AS o JOIN products AS p ON p.id = o.product_id GROUP BY p.category`,
  'monthly status (group 1M)': `SELECT o.day / 30 AS month, o.status, count(*), sum(o.amount)
    FROM orders AS o GROUP BY month, o.status ORDER BY month, o.status`,
  'top customers per country (window)': `SELECT * FROM (
      SELECT c.country_id, o.customer_id, sum(o.amount) AS total,
             row_number() OVER (PARTITION BY c.country_id ORDER BY sum(o.amount) DESC) AS rank
      FROM orders AS o JOIN customers AS c ON c.id = o.customer_id GROUP BY c.country_id, o.customer_id)
    WHERE rank <= 3 ORDER BY country_id, rank`,
  'events per kind (join 1M x 1M)': `SELECT e.kind, count(*), count(DISTINCT e.order_id), avg(o.amount)
    FROM events AS e JOIN orders AS o ON o.id = e.order_id GROUP BY e.kind`,
};

/** Per-statement native times in ms, from one sqlite3 process. */
function nativeTimes(dbPath: string, queries: string[], runs: number, warm: boolean): number[][] {
  const body = queries.map((q) => `${bareStatement(q)};`).join('\n');
  const warmUp = warm ? [body] : [];
  const script = [
    '.output /dev/null',
    ...warmUp,
    '.timer on',
    ...Array.from({ length: runs }, () => body),
  ].join('\n');
  const times = [
    ...runSqlite3(dbPath, script).matchAll(/Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)/g),
  ].map((m) => (Number(m[2]) + Number(m[3])) * 1000);
  if (times.length !== queries.length * runs)
    throw new Error(`sqlite3 timed ${times.length} statements, expected ${queries.length * runs}`);
  return queries.map((_, i) =>
    Array.from({ length: runs }, (_, run) => times[run * queries.length + i] ?? 0),
  );
}

/** CPU milliseconds spent by this process while `run` runs. */
function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function appTimes(
  dbPath: string,
  queries: string[],
  runs: number,
  warm: boolean,
): Promise<number[][]> {
  const session = SqliteSession.open(await loadSqlJs(), new Uint8Array(readFileSync(dbPath)));
  try {
    if (warm) for (const query of queries) session.executeSync(query);
    const times = queries.map(() => [] as number[]);
    for (let run = 0; run < runs; run += 1) {
      queries.forEach((query, i) => {
        times[i]?.push(cpuMs(() => session.executeSync(query)));
      });
    }
    return times;
  } finally {
    session.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

interface Row {
  set: string;
  queries: number;
  app: number[];
  native: number[];
}

function printTable(rows: Row[]): void {
  const header = [
    'set (CPU time)',
    'queries',
    'app total ms',
    'native total ms',
    'ratio',
    'app median ms',
    'native median ms',
    'median ratio',
  ];
  const lines = rows.map((r) => {
    const [at, nt, am, nm] = [sum(r.app), sum(r.native), median(r.app), median(r.native)];
    return [
      r.set,
      String(r.queries),
      at.toFixed(1),
      nt.toFixed(1),
      (at / nt).toFixed(2),
      am.toFixed(3),
      nm.toFixed(3),
      (am / nm).toFixed(2),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const rows: Row[] = [];

  // Spider: per query, the single timed run (after a warm-up run).
  const questions = spiderQuestions();
  const spider: Row = { set: 'Spider dev gold (972)', queries: 0, app: [], native: [] };
  for (const dbId of [...new Set(questions.map((q) => q.db_id))].sort()) {
    const queries = questions.filter((q) => q.db_id === dbId).map((q) => q.query);
    const path = spiderDatabasePath(dbId);
    spider.app.push(...(await appTimes(path, queries, 1, true)).map((t) => t[0] ?? 0));
    spider.native.push(...nativeTimes(path, queries, 1, true).map((t) => t[0] ?? 0));
    spider.queries += queries.length;
  }
  rows.push(spider);

  // Heavy aggregations: per query, the median of its timed runs.
  const large = makeLargeDb();
  const names = Object.keys(HEAVY_QUERIES);
  const queries = Object.values(HEAVY_QUERIES);
  const app = (await appTimes(large, queries, HEAVY_RUNS, false)).map(median);
  const native = nativeTimes(large, queries, HEAVY_RUNS, false).map(median);
  rows.push({
    set: `Heavy on ${(statSync(large).size / 1024 / 1024).toFixed(0)} MB file (5)`,
    queries: 5,
    app,
    native,
  });
  names.forEach((name, i) =>
    rows.push({ set: `  ${name}`, queries: 1, app: [app[i] ?? 0], native: [native[i] ?? 0] }),
  );

  printTable(rows);
}

await main();
