/**
 * Checking a written pair: its SQL must run read-only within the time limit and return at least
 * one row; and it must not repeat a pair already kept (the same question, or the same result from
 * the same normalised SQL).
 */
import { toErrorPayload } from '../errors';
import { normalizeSql } from '../sql/normalize-sql';
import type { QueryResult, SqlExecutor } from '../sql/result';
import type { DropReason, RawPair } from './types';
import { readOnlyExecutor } from '../sql/read-only';

/** Rows read back when a pair is checked: enough to tell results apart, bounded for huge tables. */
export const CHECK_MAX_ROWS = 5000;

export type PairCheck =
  | { ok: true; result: QueryResult; resultKey: string }
  | { ok: false; reason: Exclude<DropReason, 'duplicate'>; detail: string };

/** FNV-1a over a string: a short, stable fingerprint (not a security hash). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function cellText(value: unknown): string {
  if (value instanceof Uint8Array) return `blob:${fingerprint(Array.from(value).join(','))}`;
  return JSON.stringify(value);
}

/** The same rows in any order give the same key (a multiset), with the column count and size. */
export function resultKey(result: QueryResult): string {
  const rows = result.rows.map((row) => row.map(cellText).join('\u0001')).sort();
  const cut = result.truncated ? '+' : '';
  return `${result.columns.length}c${rows.length}${cut}r:${fingerprint(rows.join('\u0002'))}`;
}

/** The SQL as the near-duplicate rule compares it: case, spacing and spaces around punctuation ignored. */
export function sqlKey(sql: string): string {
  return normalizeSql(sql).replace(/\s*([(),=<>+*/-])\s*/g, '$1');
}

/** The question as the near-duplicate rule compares it: case, spacing and end punctuation ignored. */
export function questionKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/[\s]+/g, ' ')
    .replace(/[\s?.!]+$/, '')
    .trim();
}

const READ_STATEMENT = /^\s*(?:SELECT|WITH|VALUES)\b/i;

export async function checkPair(
  db: SqlExecutor,
  pair: Pick<RawPair, 'sql'>,
  timeoutMs: number,
): Promise<PairCheck> {
  // Not a safety check (SQLite's query_only is): a pair whose SQL writes or explains teaches nothing.
  if (!READ_STATEMENT.test(pair.sql))
    return { ok: false, reason: 'not_a_query', detail: 'The SQL is not a SELECT query.' };
  let result: QueryResult;
  try {
    result = await readOnlyExecutor(db).execute(pair.sql, { timeoutMs, maxRows: CHECK_MAX_ROWS });
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'timeout')
      return { ok: false, reason: 'timeout', detail: `Ran longer than ${timeoutMs} ms.` };
    return { ok: false, reason: 'sql_error', detail: payload.detail ?? payload.message };
  }
  if (result.rows.length === 0)
    return { ok: false, reason: 'no_rows', detail: 'The query returned no rows.' };
  return { ok: true, result, resultKey: resultKey(result) };
}

/** What the kept pairs already cover, for the near-duplicate rule. */
export class DuplicateIndex {
  private readonly questions = new Map<string, string>();
  private readonly results = new Map<string, string>();

  add(id: string, pair: { question: string; sql: string; resultKey: string }): void {
    this.questions.set(questionKey(pair.question), id);
    this.results.set(`${pair.resultKey}|${sqlKey(pair.sql)}`, id);
  }

  /** The id of the kept pair this one repeats, or null. */
  repeats(pair: { question: string; sql: string; resultKey: string }): string | null {
    return (
      this.questions.get(questionKey(pair.question)) ??
      this.results.get(`${pair.resultKey}|${sqlKey(pair.sql)}`) ??
      null
    );
  }
}
