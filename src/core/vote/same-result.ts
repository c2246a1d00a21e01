/**
 * When two samples "give the same result" for the vote: the same multiset of rows, in any row
 * order, as Spider's execution rule compares without ORDER BY.
 * TODO(lead): once src/core/eval (issue 8) is in main, this becomes its `compareResults` with
 * the Spider rule, so the vote and the evaluation lab agree by construction.
 */
import type { QueryResult } from '../sql/result';

const key = (row: readonly unknown[]) =>
  JSON.stringify(row.map((v) => (v instanceof Uint8Array ? Array.from(v) : v)));

export function sameResult(a: QueryResult, b: QueryResult): boolean {
  if (a.rows.length !== b.rows.length) return false;
  if (a.rows.length === 0) return true;
  const counts = new Map<string, number>();
  for (const row of a.rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  for (const row of b.rows) {
    const n = counts.get(key(row));
    if (!n) return false;
    counts.set(key(row), n - 1);
  }
  return true;
}
