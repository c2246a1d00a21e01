/**
 * Reading a noise-correction answer as the reference does (PIPELINE.md): a "correct" verdict
 * counts only in the text before the first SQL; an answer that proposes a SQL different from the
 * one reviewed is a correction, whatever it says after it ("this query is correct now").
 */
import { AppError } from '../errors';
import { findSql, unfencedStart } from './parse-sql';
import { sameSql } from '../sql/normalize-sql';

export type NoiseVerdict =
  { verdict: 'correct'; sql: null } | { verdict: 'corrected'; sql: string };

/**
 * "The query is correct", "the SQL is already correct", an answer that opens with "Correct", or
 * "can correctly answer the question" (the wording ROUTE's fine-tuned models use). "incorrect",
 * "not correct" and "cannot correctly answer" do not match.
 */
const SAYS_CORRECT =
  /\b(?:query|sql|statement|it)\s+is\s+(?:already\s+|fully\s+)?correct\b|^\W*correct\b|\bcan\s+correctly\s+answer\b/i;

/** The answer's text before its first SQL: a code fence or the start of a statement. */
function textBeforeSql(answer: string): string {
  const fence = answer.indexOf('```');
  const statement = unfencedStart(answer);
  const ends = [fence, statement].filter((i) => i >= 0);
  return ends.length === 0 ? answer : answer.slice(0, Math.min(...ends));
}

export function parseNoiseCorrection(answer: string, reviewedSql: string): NoiseVerdict {
  if (SAYS_CORRECT.test(textBeforeSql(answer))) return { verdict: 'correct', sql: null };
  const sql = findSql(answer);
  if (sql !== null && !sameSql(sql, reviewedSql)) return { verdict: 'corrected', sql };
  // Repeating the reviewed SQL proposes nothing; neither does a verdict after it.
  if (sql !== null || SAYS_CORRECT.test(answer)) return { verdict: 'correct', sql: null };
  throw new AppError(
    'unparseable_answer',
    'The answer neither judged the SQL correct nor gave a corrected SQL.',
    'Run the stage again, or edit the SQL yourself and re-run from here.',
  );
}
