/** Telling two SQL statements apart the way a reader would: spacing, `;` and case do not count. */

/** A statement up to spacing, a final `;` and the case of keywords and names (not of string values). */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/;\s*$/, '')
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, ' ').toLowerCase()))
    .join('')
    .trim();
}

/** Same statement up to spacing, a final `;` and the case of keywords and names (not of string values). */
export function sameSql(a: string, b: string): boolean {
  return normalizeSql(a) === normalizeSql(b);
}
