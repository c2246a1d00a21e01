/**
 * Keywords at the top level of a statement: outside strings, quoted names and parentheses, at
 * the start of a word. What splits a compound query at UNION, and where a query can be cut
 * into clauses.
 */

export interface WordAt {
  /** Offset of the keyword's first character. */
  at: number;
  /** The text the pattern matched there. */
  text: string;
}

/** Every top-level match of `pattern` (anchored with `^`, tried at each word start), left to right, not overlapping. */
export function topLevelWords(sql: string, pattern: RegExp): WordAt[] {
  const found: WordAt[] = [];
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[A-Za-z]/.test(ch) && (i === 0 || !/\w/.test(sql[i - 1] as string))) {
      const word = pattern.exec(sql.slice(i));
      if (word) {
        found.push({ at: i, text: word[0] });
        i += word[0].length - 1;
      }
    }
  }
  return found;
}
