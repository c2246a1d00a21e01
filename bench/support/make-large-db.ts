/**
 * A generated ~100 MB SQLite file for the speed benchmarks: a shop with 200,000 customers,
 * 10,000 products, a million orders and a million order events. Deterministic (values come
 * from multiplicative hashes of the row number, not random()), built by the native sqlite3
 * command, and reused when it already exists (bench/out/ is not committed).
 *
 *   npx tsx bench/support/make-large-db.ts [path]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSqlite3 } from '../../src/test-support/sqlite-cli';

export const DEFAULT_LARGE_DB_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../out/large.sqlite',
);

/** Knuth's multiplicative hash of the row number, reduced to [0, n). */
const hash = (column: string, salt: number, n: number) =>
  `(((${column} + ${salt}) * 2654435761) % 4294967296) % ${n}`;

const SCRIPT = `
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA page_size = 4096;
CREATE TABLE countries (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
INSERT INTO countries SELECT i, 'Country ' || char(65 + i % 26) || char(65 + i / 26) FROM n;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
  country_id INTEGER NOT NULL REFERENCES countries(id), signup_day INTEGER NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO customers SELECT i, 'Customer ' || i, 'customer' || i || '@example.com',
  ${hash('i', 1, 50)}, ${hash('i', 2, 3650)} FROM n;

CREATE TABLE products (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO products SELECT i, 'Product ' || i, 'Category ' || ${hash('i', 3, 20)},
  (${hash('i', 4, 50000)} + 99) / 100.0 FROM n;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL,
  amount REAL NOT NULL, day INTEGER NOT NULL, status TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO orders SELECT i, 1 + ${hash('i', 5, 200000)}, 1 + ${hash('i', 6, 10000)},
  1 + ${hash('i', 7, 9)}, (${hash('i', 8, 100000)}) / 100.0, ${hash('i', 9, 3650)},
  CASE ${hash('i', 10, 10)} WHEN 0 THEN 'cancelled' WHEN 1 THEN 'returned' WHEN 2 THEN 'pending' ELSE 'delivered' END FROM n;
CREATE INDEX orders_by_customer ON orders(customer_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
  kind TEXT NOT NULL, at_minute INTEGER NOT NULL, note TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO events SELECT i, 1 + ${hash('i', 11, 1000000)},
  CASE ${hash('i', 12, 5)} WHEN 0 THEN 'created' WHEN 1 THEN 'paid' WHEN 2 THEN 'packed' WHEN 3 THEN 'shipped' ELSE 'delivered' END,
  ${hash('i', 13, 5256000)}, 'Event ' || i FROM n;
CREATE INDEX events_by_order ON events(order_id);
ANALYZE;
`;

/** Builds the file at `path` unless it exists; returns the path. */
export function makeLargeDb(path = DEFAULT_LARGE_DB_PATH): string {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  execFileSync(requireSqlite3(), [partial], {
    input: SCRIPT,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  // Renamed only when complete, so an interrupted build is never reused.
  renameSync(partial, path);
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const path = makeLargeDb(process.argv[2] ? resolve(process.argv[2]) : undefined);
  const mb = statSync(path).size / 1024 / 1024;
  console.log(
    `${path}: ${mb.toFixed(1)} MB (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
