/**
 * Which values of a column a literal probably meant: the same text in another case or spacing,
 * a prefix or a part of it, its initials ('USA' for 'United States of America'), or a spelling a
 * few edits away.
 */

export interface ColumnValue {
  value: string;
  rows: number;
}

export type Closeness = 'case' | 'spacing' | 'prefix' | 'part' | 'initials' | 'spelling';

export interface CloseValue extends ColumnValue {
  closeness: Closeness;
}

const SCORE: Record<Closeness, number> = {
  case: 6,
  spacing: 5,
  initials: 4,
  prefix: 3,
  part: 2,
  spelling: 1,
};

/** Words that initials usually skip: 'USA' is United States (of) America. */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'a', 'an', '&']);

const squash = (s: string) => s.toLowerCase().replace(/[\s\-_.,'"()]+/g, '');

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[\s\-_.,/()]+/)
    .filter((w) => w !== '');
}

/** 'USA' for 'United States of America' (with or without the small words), 'U.S.A.' too. */
function isInitials(literal: string, value: string): boolean {
  const letters = literal.toLowerCase().replace(/[^a-z0-9]/g, '');
  const all = words(value);
  if (letters.length < 2 || all.length < 2) return false;
  const initials = (list: string[]) => list.map((w) => w[0]).join('');
  const short = initials(all.filter((w) => !SMALL_WORDS.has(w)));
  if (letters === initials(all) || letters === short) return true;
  // 'United States' for 'USA': the words' initials begin an acronym written in capitals.
  return /^[A-Z.]{2,6}$/.test(literal) && short.length >= 2 && letters.startsWith(short);
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** How `value` is close to `literal`, or null when it is not. */
export function closeness(literal: string, value: string): Closeness | null {
  const a = literal.toLowerCase();
  const b = value.toLowerCase();
  if (a === b) return 'case';
  const sa = squash(literal);
  const sb = squash(value);
  if (sa !== '' && sa === sb) return 'spacing';
  if (isInitials(literal, value) || isInitials(value, literal)) return 'initials';
  if (sa.length >= 2 && sb.length >= 2 && (sb.startsWith(sa) || sa.startsWith(sb))) return 'prefix';
  if (sa.length >= 3 && sb.length >= 3 && (sb.includes(sa) || sa.includes(sb))) return 'part';
  const allowed = Math.max(1, Math.floor(Math.min(sa.length, sb.length) / 4));
  if (Math.abs(sa.length - sb.length) <= allowed && editDistance(sa, sb) <= allowed)
    return 'spelling';
  return null;
}

/** The LIKE pattern's text without its wildcards, for comparing with values. */
export function likeText(pattern: string): string {
  return pattern.replace(/[%_]+/g, ' ').trim();
}

/** The closest values, best first (then the most frequent). */
export function closestValues(literal: string, values: ColumnValue[], limit = 3): CloseValue[] {
  const found: CloseValue[] = [];
  for (const v of values) {
    const how = closeness(literal, v.value);
    if (how) found.push({ ...v, closeness: how });
  }
  found.sort((x, y) => SCORE[y.closeness] - SCORE[x.closeness] || y.rows - x.rows);
  return found.slice(0, limit);
}
