/**
 * What the official scripts do to a SQL before running it for scoring.
 *
 * Spider (`exec_eval.eval_exec_match`): join `> =`, `< =`, `! =`; drop every DISTINCT token from
 * both queries unless "keep DISTINCT" is on (`parse.remove_distinct`, token by token, so a
 * DISTINCT inside a string or a quoted name stays); replace MySQL's `YEAR(CURDATE())` with 2020.
 * Order matters when the (prepared) gold SQL contains "order by".
 *
 * BIRD runs both queries as they are.
 */

export type RuleName = 'spider' | 'bird';

export interface PrepareOptions {
  /** Spider only: keep DISTINCT (the official `--keep_distinct` flag). Off by default. */
  keepDistinct?: boolean;
}

/** Words, quoted strings and names, comments, and single other characters: enough to find DISTINCT as a token. */
const TOKEN =
  /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[\p{L}_][\p{L}\p{N}_$]*|[\s\S]/gu;

export function removeDistinct(sql: string): string {
  return (sql.match(TOKEN) ?? []).filter((tok) => tok.toLowerCase() !== 'distinct').join('');
}

function joinSplitOperators(sql: string): string {
  return sql.replaceAll('> =', '>=').replaceAll('< =', '<=').replaceAll('! =', '!=');
}

function replaceCurrentYear(sql: string): string {
  return sql.replace(/YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*/gi, '2020');
}

/** The SQL that actually runs when scoring under `rule`. */
export function prepareForScoring(
  sql: string,
  rule: RuleName,
  options: PrepareOptions = {},
): string {
  if (rule === 'bird') return sql;
  let prepared = joinSplitOperators(sql);
  if (!options.keepDistinct) prepared = removeDistinct(prepared);
  return replaceCurrentYear(prepared);
}

/** Spider's test: does the gold SQL (as prepared) contain "order by"? */
export function spiderOrderMatters(preparedGoldSql: string): boolean {
  return preparedGoldSql.toLowerCase().includes('order by');
}
