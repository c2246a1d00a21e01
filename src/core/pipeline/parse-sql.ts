/**
 * Getting SQL out of a model's answer, which may wrap it in a fence, surround it with prose,
 * spell keywords in lower case, or stop mid-statement at the token limit.
 */
import { AppError } from '../errors';

interface Fence {
  language: string;
  body: string;
}

/** Fenced blocks in order; a block left open by a cut-off answer runs to the end. */
export function fencedBlocks(answer: string): Fence[] {
  const blocks: Fence[] = [];
  const fence = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
  for (const match of answer.matchAll(fence)) {
    blocks.push({ language: (match[1] ?? '').toLowerCase(), body: match[2] ?? '' });
  }
  return blocks;
}

/** The text up to the first `;` that is not inside a string or a quoted name. */
export function firstStatement(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '[') {
      quote = ']';
    } else if (ch === ';') {
      return text.slice(0, i);
    } else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      if (end < 0) return text.slice(0, i);
      i = end;
    }
  }
  return text;
}

const HAS_SELECT = /\bselect\b/i;
const SQL_LANGUAGES = new Set(['sql', 'sqlite', 'sqlite3']);

/** A WITH that opens a common table expression, not the English word. */
const CTE_START =
  /\bWITH\s+(?:RECURSIVE\s+)?(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)\s*(?:\([^)]*\)\s*)?AS\s*(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/i;

function tidy(sql: string): string {
  return firstStatement(sql).trim();
}

export function unfencedStart(answer: string): number {
  // Prose often says "select" in lower case; an upper-case SELECT is the better bet when present.
  const upper = answer.search(/\bSELECT\b/);
  const any = answer.search(/\bselect\b/i);
  const select = upper >= 0 ? upper : any;
  const cte = answer.search(CTE_START);
  if (cte >= 0 && (select < 0 || cte < select)) return cte;
  return select;
}

/** The SQL an answer gives, or null when it holds none. */
export function findSql(answer: string): string | null {
  const blocks = fencedBlocks(answer).filter((b) => HAS_SELECT.test(b.body));
  const tagged = blocks.filter((b) => SQL_LANGUAGES.has(b.language));
  const block = tagged.at(-1) ?? blocks.filter((b) => b.language === '').at(-1);
  if (block) {
    const sql = tidy(block.body);
    if (sql) return sql;
  }
  const start = unfencedStart(answer);
  if (start < 0) return null;
  // A blank line or a fence after the statement starts the model's explanation, not more SQL.
  const rest = answer.slice(start).split(/\n\s*\n|```/)[0] ?? '';
  const sql = tidy(rest);
  return sql || null;
}

export function noSqlError(): AppError {
  return new AppError(
    'unparseable_answer',
    'The answer held no SQL.',
    'Run the stage again, or write the SQL yourself and re-run from here.',
  );
}

/** The SQL an answer gives; fails with unparseable_answer when it holds none. */
export function extractSql(answer: string): string {
  const sql = findSql(answer);
  if (sql === null) throw noSqlError();
  return sql;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

function joinContinuation(prefix: string, rest: string): string {
  if (rest === '') return prefix.trim();
  // Chat models continue with whole words: "SELECT" + "name" is two words, not one.
  const needsSpace = /\w$/.test(prefix) && /^\w/.test(rest);
  return `${prefix}${needsSpace ? ' ' : ''}${rest}`;
}

/**
 * The full SQL a continuation answer completes. The answer may repeat the prefix (the whole
 * query), write a fresh query of its own, or give only the missing rest; all three work.
 */
export function completeContinuation(answer: string, prefix: string): string {
  const blocks = fencedBlocks(answer).filter((b) => b.body.trim() !== '');
  const tagged = blocks.filter((b) => SQL_LANGUAGES.has(b.language) || b.language === '');
  let text = (tagged.at(-1) ?? blocks.at(-1))?.body ?? null;
  if (text === null) {
    const start = normalize(answer).startsWith(normalize(prefix)) ? 0 : unfencedStart(answer);
    text = start >= 0 && normalize(prefix) !== '' ? answer.slice(start) : answer;
    text = text.split(/\n\s*\n/)[0] ?? '';
  }
  const body = firstStatement(text).replace(/^\s+/, '').replace(/\s+$/, '');
  if (body === '' && prefix.trim() === '') throw noSqlError();
  const trimmedPrefix = prefix.replace(/^\s+/, '');
  if (normalize(body).startsWith(normalize(trimmedPrefix)) && normalize(trimmedPrefix) !== '')
    return body;
  if (/^(SELECT|WITH)\b/i.test(body)) return body;
  if (body === '') throw noSqlError();
  return joinContinuation(trimmedPrefix, body).trim();
}
