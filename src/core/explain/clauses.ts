/**
 * Splits one SELECT (no set operator at its top level) into its clauses by the keywords that
 * start them at depth 0: quotes, comments and parentheses (subqueries) are stepped over.
 */

export type ClauseName =
  | 'WITH'
  | 'SELECT'
  | 'FROM'
  | 'WHERE'
  | 'GROUP BY'
  | 'HAVING'
  | 'ORDER BY'
  | 'LIMIT'
  | 'OFFSET'
  | 'WINDOW';

const CLAUSE_START =
  /^(WITH|SELECT|FROM|WHERE|GROUP\s+BY|HAVING|ORDER\s+BY|LIMIT|OFFSET|WINDOW)\b/i;

/** Calls `visit(index, depth)` for each character outside quotes and comments. */
export function scanTopLevel(
  sql: string,
  visit: (index: number, depth: number) => number | void,
): void {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close))
        j += sql[j] === close ? 2 : 1;
      i = j;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else {
      const skip = visit(i, depth);
      if (typeof skip === 'number') i = skip - 1;
    }
  }
}

const startsWord = (sql: string, i: number) => i === 0 || !/[\w$]/.test(sql[i - 1] as string);

export function splitClauses(sql: string): Map<ClauseName, string> {
  const starts: { name: ClauseName; at: number; body: number }[] = [];
  scanTopLevel(sql, (i, depth) => {
    if (depth !== 0 || !startsWord(sql, i) || !/[A-Za-z]/.test(sql[i] as string)) return;
    const match = CLAUSE_START.exec(sql.slice(i, i + 16));
    if (!match) return;
    const name = match[1]!.toUpperCase().replace(/\s+/, ' ') as ClauseName;
    starts.push({ name, at: i, body: i + match[0].length });
    return i + match[0].length;
  });
  const clauses = new Map<ClauseName, string>();
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.at ?? sql.length;
    if (!clauses.has(start.name))
      clauses.set(start.name, sql.slice(start.body, end).trim().replace(/;\s*$/, ''));
  });
  return clauses;
}

/** Splits a list at top-level commas (a select list, GROUP BY, ORDER BY). */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  scanTopLevel(text, (i, depth) => {
    if (depth === 0 && text[i] === ',') {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  });
  items.push(text.slice(start));
  return items.map((item) => item.trim()).filter(Boolean);
}

/** Splits a condition at top-level AND (not the AND of BETWEEN x AND y). */
export function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let betweenOpen = false;
  scanTopLevel(text, (i, depth) => {
    if (depth !== 0 || !startsWord(text, i)) return;
    const word = /^(BETWEEN|AND)\b/i.exec(text.slice(i, i + 8))?.[1]?.toUpperCase();
    if (word === 'BETWEEN') betweenOpen = true;
    else if (word === 'AND') {
      if (betweenOpen) betweenOpen = false;
      else {
        parts.push(text.slice(start, i));
        start = i + 3;
      }
    }
  });
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
