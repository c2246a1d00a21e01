/** Reading a noise-correction answer: a verdict that the SQL is right, or a corrected SQL. */
import { AppError } from '../errors';
import { fencedBlocks, findSql } from './parse-sql';

export type NoiseVerdict =
  { verdict: 'correct'; sql: null } | { verdict: 'corrected'; sql: string };

/** "The query is correct", "the SQL is already correct", or an answer that is just "Correct". */
const SAYS_CORRECT =
  /\b(?:query|sql|statement|it)\s+is\s+(?:already\s+|fully\s+)?correct\b|^\s*correct\b/i;

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

export function parseNoiseCorrection(answer: string, reviewedSql: string): NoiseVerdict {
  const saysCorrect = SAYS_CORRECT.test(answer);
  const sql = findSql(answer);
  if (sql !== null) {
    // Repeating the reviewed SQL, or quoting it in prose next to a "correct" verdict, proposes nothing.
    const fenced = fencedBlocks(answer).some((b) => /\bselect\b/i.test(b.body));
    if (sameSql(sql, reviewedSql) || (saysCorrect && !fenced))
      return { verdict: 'correct', sql: null };
    return { verdict: 'corrected', sql };
  }
  if (saysCorrect) return { verdict: 'correct', sql: null };
  throw new AppError(
    'unparseable_answer',
    'The answer neither judged the SQL correct nor gave a corrected SQL.',
    'Run the stage again, or edit the SQL yourself and re-run from here.',
  );
}
