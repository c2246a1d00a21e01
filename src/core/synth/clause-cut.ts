/**
 * Where a SQL can be cut for continuation-writing samples: right after the opening SELECT (the
 * prefix the pipeline sends by default), and before each top-level clause (FROM, JOIN, WHERE,
 * GROUP BY, HAVING, ORDER BY, LIMIT, and set operators). Cuts inside strings, quoted names and
 * parentheses are never made, so a prefix is always a sensible start of the query, and the two
 * halves always join back to the SQL exactly.
 */
import { topLevelWords } from '../sql/top-level-words';

const CLAUSE_START =
  /^(?:FROM|WHERE|GROUP\s+BY|HAVING|ORDER\s+BY|LIMIT|WINDOW|(?:NATURAL\s+)?(?:(?:LEFT|RIGHT|FULL)\s+(?:OUTER\s+)?|INNER\s+|CROSS\s+)?JOIN|UNION(?:\s+ALL)?|INTERSECT|EXCEPT)\b/i;
const OPENING_SELECT = /^\s*SELECT\s+(?:(?:DISTINCT|ALL)\s+)?/i;

export interface ClauseCut {
  prefix: string;
  rest: string;
}

/** Offsets in `sql` where a clause starts at the top level (plus the end of the opening SELECT). */
export function clauseBoundaries(sql: string): number[] {
  const cuts = topLevelWords(sql, CLAUSE_START)
    .map((word) => word.at)
    // A clause written right after a parenthesis or a quote has no space to cut at.
    .filter((at) => at > 0 && /\s/.test(sql[at - 1] as string));
  const opening = OPENING_SELECT.exec(sql);
  if (opening && opening[0].length < sql.length) cuts.push(opening[0].length);
  return [...new Set(cuts)].filter((at) => at > 0 && at < sql.length).sort((a, b) => a - b);
}

export function cutAt(sql: string, at: number): ClauseCut {
  return { prefix: sql.slice(0, at), rest: sql.slice(at) };
}

/** Small deterministic hash, so the same pair is always cut at the same clause. */
function pick(seed: string, count: number): number {
  let hash = 7;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return hash % count;
}

/** One cut per SQL, at a clause chosen by `seed` (the pair's id); null for a SQL with no clause to cut at. */
export function chooseCut(sql: string, seed: string): ClauseCut | null {
  const cuts = clauseBoundaries(sql);
  if (cuts.length === 0) return null;
  return cutAt(sql, cuts[pick(seed, cuts.length)] as number);
}
