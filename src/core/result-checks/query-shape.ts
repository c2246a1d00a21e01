/**
 * The parts of a single SELECT the result checks need: its FROM and WHERE text, the tables it
 * reads (with aliases), the literal filters of its WHERE clause, and its aggregates. Read with
 * the pipeline's tokenizer at the outer level only: a subquery's filters concern its own tables.
 */
import { findTable } from '../schema/lookup';
import type { DbSchema, TableInfo } from '../schema/types';
import { isWord, splitCompound, tokenize, type Token } from '../sql/sql-reads';

export interface TableRef {
  table: TableInfo;
  /** The name the query uses for it: its alias, or its own name. */
  alias: string;
}

export interface LiteralFilter {
  table: TableInfo;
  column: string;
  operator: '=' | 'LIKE' | 'IN';
  values: string[];
  /** The filter as written, for the finding's sentence. */
  text: string;
}

export interface Aggregate {
  fn: 'COUNT' | 'SUM' | 'AVG' | 'TOTAL';
  /** The table of the aggregated column; null for COUNT(*). */
  table: TableInfo | null;
  distinct: boolean;
  text: string;
}

export interface QueryShape {
  fromText: string;
  whereText: string | null;
  tables: TableRef[];
  hasJoin: boolean;
  hasGroupBy: boolean;
  filters: LiteralFilter[];
  aggregates: Aggregate[];
}

const CLAUSES = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW'];
const JOIN_WORDS = ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER'];
const NOT_ALIAS = [...CLAUSES, ...JOIN_WORDS, 'ON', 'USING', 'AS'];

/** Outer-level clause starts, by keyword. */
function clauseStarts(tokens: Token[]): Map<string, number> {
  const starts = new Map<string, number>();
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.kind === 'symbol' && t.text === '(') depth++;
    else if (t.kind === 'symbol' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'name' && !t.quoted) {
      const word = t.text.toUpperCase();
      if (CLAUSES.includes(word) && !starts.has(word)) starts.set(word, i);
    }
  });
  return starts;
}

function segment(
  tokens: Token[],
  starts: Map<string, number>,
  clause: string,
): [number, number] | null {
  const from = starts.get(clause);
  if (from === undefined) return null;
  const ends = [...starts.values()].filter((i) => i > from);
  return [from + 1, ends.length > 0 ? Math.min(...ends) : tokens.length];
}

function readTables(tokens: Token[], schema: DbSchema): { refs: TableRef[]; hasJoin: boolean } {
  const refs: TableRef[] = [];
  let hasJoin = false;
  let depth = 0;
  let expectTable = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'symbol' && t.text === '(') depth++;
    else if (t.kind === 'symbol' && t.text === ')') depth--;
    if (depth > 0) continue;
    if (t.kind === 'symbol' && t.text === ',') {
      hasJoin = true;
      expectTable = true;
    } else if (isWord(t, 'JOIN')) {
      hasJoin = true;
      expectTable = true;
    } else if (expectTable && t.kind === 'name' && !isWord(t, ...JOIN_WORDS)) {
      expectTable = false;
      const table = findTable(schema, t.text);
      if (!table) continue;
      let next = tokens[i + 1];
      if (isWord(next, 'AS')) next = tokens[i + 2];
      const alias =
        next?.kind === 'name' && (next.quoted || !isWord(next, ...NOT_ALIAS)) ? next.text : t.text;
      refs.push({ table, alias });
    }
  }
  return { refs, hasJoin };
}

/** The table a column reference means: through its qualifier, else the first read table that has it. */
function resolveColumn(
  refs: TableRef[],
  qualifier: string | null,
  column: string,
): TableRef | undefined {
  const has = (ref: TableRef) =>
    ref.table.columns.some((c) => c.name.toLowerCase() === column.toLowerCase());
  if (qualifier !== null) {
    const ref = refs.find((r) => r.alias.toLowerCase() === qualifier.toLowerCase());
    return ref && has(ref) ? ref : undefined;
  }
  return refs.find(has);
}

interface ColumnAt {
  qualifier: string | null;
  column: string;
  /** Index of the first and last token of the reference. */
  first: number;
  last: number;
}

/** A column reference ending at token `i` (`col` or `q.col`). */
function columnEndingAt(tokens: Token[], i: number): ColumnAt | null {
  const t = tokens[i];
  if (t?.kind !== 'name') return null;
  const dot = tokens[i - 1];
  const q = tokens[i - 2];
  if (dot?.kind === 'symbol' && dot.text === '.' && q?.kind === 'name')
    return { qualifier: q.text, column: t.text, first: i - 2, last: i };
  return { qualifier: null, column: t.text, first: i, last: i };
}

function columnStartingAt(tokens: Token[], i: number): ColumnAt | null {
  const t = tokens[i];
  if (t?.kind !== 'name') return null;
  const dot = tokens[i + 1];
  const c = tokens[i + 2];
  if (dot?.kind === 'symbol' && dot.text === '.' && c?.kind === 'name')
    return { qualifier: t.text, column: c.text, first: i, last: i + 2 };
  return { qualifier: null, column: t.text, first: i, last: i };
}

const stringValue = (t: Token | undefined): string | null =>
  t?.kind === 'literal' && typeof t.value === 'string' ? t.value : null;

function readFilters(sql: string, tokens: Token[], refs: TableRef[]): LiteralFilter[] {
  const filters: LiteralFilter[] = [];
  let depth = 0;
  const push = (
    at: ColumnAt,
    operator: LiteralFilter['operator'],
    values: string[],
    lastToken: number,
  ) => {
    const ref = resolveColumn(refs, at.qualifier, at.column);
    if (!ref || values.length === 0) return;
    const first = Math.min(at.first, lastToken);
    const last = Math.max(at.last, lastToken);
    const column =
      ref.table.columns.find((c) => c.name.toLowerCase() === at.column.toLowerCase())?.name ??
      at.column;
    const text = sql.slice((tokens[first] as Token).start, (tokens[last] as Token).end);
    filters.push({ table: ref.table, column, operator, values, text });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'symbol' && t.text === '(') depth++;
    else if (t.kind === 'symbol' && t.text === ')') depth--;
    if (depth > 0) continue;
    if (t.kind === 'symbol' && t.text === '=') {
      const left = columnEndingAt(tokens, i - 1);
      const right = stringValue(tokens[i + 1]);
      if (left && right !== null) push(left, '=', [right], i + 1);
      const before = stringValue(tokens[i - 1]);
      const after = columnStartingAt(tokens, i + 1);
      if (before !== null && after) push(after, '=', [before], i - 1);
    } else if (isWord(t, 'LIKE') && !isWord(tokens[i - 1], 'NOT')) {
      const left = columnEndingAt(tokens, i - 1);
      const right = stringValue(tokens[i + 1]);
      if (left && right !== null) push(left, 'LIKE', [right], i + 1);
    } else if (
      isWord(t, 'IN') &&
      !isWord(tokens[i - 1], 'NOT') &&
      tokens[i + 1]?.kind === 'symbol'
    ) {
      const left = columnEndingAt(tokens, i - 1);
      const values: string[] = [];
      let j = i + 2;
      for (; j < tokens.length; j++) {
        const v = tokens[j] as Token;
        const s = stringValue(v);
        if (s !== null) values.push(s);
        else if (v.kind === 'symbol' && v.text === ',') continue;
        else break;
      }
      const close = tokens[j];
      if (left && close?.kind === 'symbol' && close.text === ')' && values.length > 0)
        push(left, 'IN', values, j);
    }
  }
  return filters;
}

const AGGREGATES = ['COUNT', 'SUM', 'AVG', 'TOTAL'] as const;

function readAggregates(sql: string, tokens: Token[], refs: TableRef[]): Aggregate[] {
  const out: Aggregate[] = [];
  tokens.forEach((t, i) => {
    const fn = AGGREGATES.find((a) => isWord(t, a));
    const open = tokens[i + 1];
    if (!fn || open?.kind !== 'symbol' || open.text !== '(') return;
    let j = i + 2;
    const distinct = isWord(tokens[j], 'DISTINCT');
    if (distinct) j++;
    const star =
      tokens[j]?.kind === 'symbol' && (tokens[j] as Token & { text: string }).text === '*';
    const at = star ? null : columnStartingAt(tokens, j);
    const close = tokens[at ? at.last + 1 : j + 1];
    if (close?.kind !== 'symbol' || close.text !== ')') return;
    if (!star && !at) return;
    const table = at ? (resolveColumn(refs, at.qualifier, at.column)?.table ?? null) : null;
    if (!star && !table) return;
    out.push({ fn, table, distinct, text: sql.slice(t.start, close.end) });
  });
  return out;
}

/** The shape of `sql`, or null when it is not one plain SELECT with a FROM (compounds, CTEs). */
export function queryShape(sql: string, schema: DbSchema): QueryShape | null {
  if (splitCompound(sql).length > 1) return null;
  const tokens = tokenize(sql);
  if (!isWord(tokens[0], 'SELECT')) return null;
  const starts = clauseStarts(tokens);
  const from = segment(tokens, starts, 'FROM');
  if (!from) return null;
  const where = segment(tokens, starts, 'WHERE');
  const textOf = ([a, b]: [number, number]) =>
    sql.slice((tokens[a] as Token).start, (tokens[b - 1] as Token).end);
  const fromTokens = tokens.slice(from[0], from[1]);
  const { refs, hasJoin } = readTables(fromTokens, schema);
  if (refs.length === 0) return null;
  const selectTokens = tokens.slice(1, from[0] - 1);
  return {
    fromText: textOf(from),
    whereText: where ? textOf(where) : null,
    tables: refs,
    hasJoin,
    hasGroupBy: starts.has('GROUP'),
    filters: where ? readFilters(sql, tokens.slice(where[0], where[1]), refs) : [],
    aggregates: readAggregates(sql, selectTokens, refs),
  };
}
