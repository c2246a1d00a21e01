/**
 * When two samples "give the same result" for the vote: the evaluation lab's comparison under
 * Spider's rule (src/core/eval/compare.ts), so the vote and the lab agree by construction. Row
 * order is ignored: with no gold SQL there is no ORDER BY to say it matters.
 */
import { compareResults } from '../eval/compare';
import type { QueryResult } from '../sql/result';

export function sameResult(a: QueryResult, b: QueryResult): boolean {
  return compareResults(a.rows, b.rows, { name: 'spider', orderMatters: false }).match;
}
