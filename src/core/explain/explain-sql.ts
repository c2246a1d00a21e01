/**
 * A structural explanation of a SQL query, without a model: which tables it reads, how they are
 * joined and on which keys, the filters, grouping, ordering and limits, in plain words. Tables
 * are named only when the project's SQL reader (sql-reads.ts) says the query reads them, so the
 * explanation never invents a table; names that are not tables (CTEs, subqueries) are said as such.
 */
import { findTable } from '../schema/lookup';
import type { DbSchema } from '../schema/types';
import { splitCompound, sqlReads } from '../sql/sql-reads';
import { splitAnd, splitClauses, splitList } from './clauses';

export type ExplanationKind =
  | 'reads'
  | 'join'
  | 'filter'
  | 'group'
  | 'having'
  | 'order'
  | 'limit'
  | 'returns'
  | 'combine'
  | 'with'
  | 'subquery';

export interface ExplanationLine {
  kind: ExplanationKind;
  text: string;
  /** Nesting: 0 for the query, 1 for a part of a compound query or a subquery, … */
  depth: number;
  /** The schema tables this line names (each is one the query reads). */
  tables: string[];
}

export interface StructuralExplanation {
  /** Every table the query reads, as the schema spells them. */
  tables: string[];
  lines: ExplanationLine[];
}

const SET_OPERATOR = /^\s*(UNION\s+ALL|UNION|INTERSECT|EXCEPT)\b/i;

export function explainSql(sql: string, schema: DbSchema): StructuralExplanation {
  const text = sql.trim().replace(/;\s*$/, '');
  const reads = sqlReads(text, schema);
  const lines: ExplanationLine[] = [];
  const context = { schema, readTables: new Set(reads.tables.map((t) => t.toLowerCase())), lines };
  explainCompound(text, 0, context);
  return { tables: reads.tables, lines };
}

interface Context {
  schema: DbSchema;
  readTables: Set<string>;
  lines: ExplanationLine[];
}

function explainCompound(sql: string, depth: number, context: Context): void {
  const parts = splitCompound(sql);
  if (parts.length < 2) return explainSelect(sql, depth, context);
  const operators = compoundOperators(sql);
  const words: Record<string, string> = {
    UNION: 'all rows of both parts, duplicates removed',
    'UNION ALL': 'all rows of both parts, duplicates kept',
    INTERSECT: 'only the rows both parts return',
    EXCEPT: 'the rows of the first part that the second does not return',
  };
  const summary = operators.map((op) => `${op} (${words[op] ?? op})`).join(', then ');
  context.lines.push({
    kind: 'combine',
    text: `Combines ${parts.length} queries with ${summary}.`,
    depth,
    tables: [],
  });
  parts.forEach((part, index) => {
    context.lines.push({ kind: 'subquery', text: `Part ${index + 1}:`, depth, tables: [] });
    explainSelect(part, depth + 1, context);
  });
}

/** The set operators between the top-level parts, upper-cased (splitCompound drops them). */
function compoundOperators(sql: string): string[] {
  const operators: string[] = [];
  const parts = splitCompound(sql);
  let rest = sql;
  for (const part of parts.slice(0, -1)) {
    rest = rest.slice(rest.indexOf(part) + part.length);
    const op = SET_OPERATOR.exec(rest)?.[1];
    if (op) operators.push(op.toUpperCase().replace(/\s+/, ' '));
  }
  return operators;
}

/** A name the query uses for a table: the schema's spelling when it is one the query reads. */
function readTable(name: string, context: Context): string | null {
  const table = findTable(context.schema, unquote(name));
  return table && context.readTables.has(table.name.toLowerCase()) ? table.name : null;
}

function unquote(name: string): string {
  const trimmed = name.trim();
  const first = trimmed[0];
  if ((first === '"' || first === '`' || first === '[') && trimmed.length > 1)
    return trimmed.slice(1, -1).replace(/""/g, '"');
  return trimmed;
}

interface FromItem {
  /** The schema table, or null for a subquery or a name that is no table (a CTE). */
  table: string | null;
  label: string;
  alias: string | null;
  joinType: string | null;
  on: string | null;
  using: string | null;
  subquery: string | null;
}

const JOIN_WORDS = /^(NATURAL\s+)?((LEFT|RIGHT|FULL)(\s+OUTER)?\s+|INNER\s+|CROSS\s+)?JOIN\b/i;

function parseFrom(from: string, context: Context): FromItem[] {
  // Items are separated by commas or JOIN keywords at depth 0.
  const pieces: { joinType: string | null; text: string }[] = [];
  let start = 0;
  let pendingJoin: string | null = null;
  let depth = 0;
  for (let i = 0; i < from.length; i++) {
    const ch = from[i] as string;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      i = from.indexOf(close, i + 1);
      if (i < 0) break;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === ',') {
      pieces.push({ joinType: pendingJoin, text: from.slice(start, i) });
      pendingJoin = 'CROSS JOIN';
      start = i + 1;
    } else if (
      depth === 0 &&
      /[A-Za-z]/.test(ch) &&
      (i === 0 || /\s/.test(from[i - 1] as string))
    ) {
      const match = JOIN_WORDS.exec(from.slice(i));
      if (match) {
        pieces.push({ joinType: pendingJoin, text: from.slice(start, i) });
        pendingJoin = match[0].toUpperCase().replace(/\s+/g, ' ');
        start = i + match[0].length;
        i = start - 1;
      }
    }
  }
  pieces.push({ joinType: pendingJoin, text: from.slice(start) });
  return pieces
    .filter((p) => p.text.trim())
    .map((piece) => fromItem(piece.text.trim(), piece.joinType, context));
}

function fromItem(text: string, joinType: string | null, context: Context): FromItem {
  const onAt = text.search(/\s(ON|USING)\b/i);
  const head = onAt < 0 ? text : text.slice(0, onAt);
  const tail = onAt < 0 ? '' : text.slice(onAt).trim();
  const on = /^ON\b/i.test(tail) ? tail.slice(2).trim() : null;
  const using = /^USING\b/i.test(tail)
    ? tail
        .slice(5)
        .trim()
        .replace(/^\(|\)$/g, '')
    : null;
  if (head.startsWith('(')) {
    const close = head.lastIndexOf(')');
    const alias =
      head
        .slice(close + 1)
        .replace(/^\s*AS\s+/i, '')
        .trim() || null;
    return {
      table: null,
      label: alias ? `a subquery (${alias})` : 'a subquery',
      alias,
      joinType,
      on,
      using,
      subquery: head.slice(1, close),
    };
  }
  const match = /^((?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s]+))(?:\s+(?:AS\s+)?(\S+))?/i.exec(
    head,
  );
  const name = match?.[1] ?? head;
  const alias = match?.[2] ? unquote(match[2]) : null;
  const table = readTable(name, context);
  return {
    table,
    label: table ?? `${unquote(name)} (not a table of this database)`,
    alias,
    joinType,
    on,
    using,
    subquery: null,
  };
}

/** `T1.Singer_ID = T2.Singer_ID` with aliases spelled out as their tables. */
function withTableNames(text: string, items: FromItem[]): string {
  let out = text;
  for (const item of items) {
    if (!item.alias || !item.table) continue;
    const alias = item.alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(^|[^\\w.])${alias}\\.`, 'gi'), `$1${item.table}.`);
  }
  return out.replace(/\s+/g, ' ').trim();
}

function tablesNamedIn(text: string, items: FromItem[]): string[] {
  return items.flatMap((item) =>
    item.table &&
    new RegExp(`\\b${item.table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`, 'i').test(text)
      ? [item.table]
      : [],
  );
}

function explainSelect(sql: string, depth: number, context: Context): void {
  const clauses = splitClauses(sql);
  const push = (kind: ExplanationKind, text: string, tables: string[] = []) =>
    context.lines.push({ kind, text, depth, tables: [...new Set(tables)] });

  const withClause = clauses.get('WITH');
  if (withClause) {
    const names = [
      ...withClause.matchAll(/(?:^|,)\s*("?[\w$]+"?)\s*(?:\([^)]*\)\s*)?AS\s*\(/gi),
    ].map((m) => unquote(m[1]!));
    push(
      'with',
      `First defines ${names.length === 1 ? 'a named subquery' : 'named subqueries'}: ${names.join(', ')}.`,
    );
  }

  const items = parseFrom(clauses.get('FROM') ?? '', context);
  const tables = [...new Set(items.flatMap((i) => (i.table ? [i.table] : [])))];
  if (items.length === 0) push('reads', 'Reads no table: it computes its values directly.');
  else push('reads', `Reads ${listWords(items.map((i) => i.label))}.`, tables);

  items.slice(1).forEach((item, index) => {
    const previous = items[index]!;
    const kind = item.joinType ?? 'JOIN';
    const outer = /LEFT/.test(kind)
      ? ` (a left join: rows of ${previous.label} without a match are kept)`
      : /CROSS/.test(kind) && !item.on && !item.using
        ? ' (every combination of rows, unless the filter below links them)'
        : '';
    const keys = item.on
      ? ` on ${withTableNames(item.on, items)}`
      : item.using
        ? ` on the shared column${item.using.includes(',') ? 's' : ''} ${item.using}`
        : /NATURAL/.test(kind)
          ? ' on the columns the tables share'
          : '';
    push(
      'join',
      `Joins ${item.label} to ${previous.label}${keys}${outer}.`,
      [item.table, previous.table, ...tablesNamedIn(item.on ?? '', items)].filter(
        (t): t is string => !!t,
      ),
    );
  });
  for (const item of items) {
    if (item.subquery) {
      push('subquery', `${capitalise(item.label)} is:`);
      explainCompound(item.subquery, depth + 1, context);
    }
  }

  const where = clauses.get('WHERE');
  if (where) {
    const conditions = splitAnd(where).map((c) => withTableNames(c, items));
    push(
      'filter',
      `Keeps only the rows where ${conditions.join(', and ')}.`,
      tablesNamedIn(conditions.join(' '), items),
    );
    explainSubqueries(where, depth, context);
  }

  const group = clauses.get('GROUP BY');
  if (group) {
    const keys = splitList(group).map((k) => withTableNames(k, items));
    push(
      'group',
      `Groups the rows by ${listWords(keys)}: one result row per ${keys.length > 1 ? 'combination' : 'value'}.`,
      tablesNamedIn(keys.join(' '), items),
    );
  }
  const having = clauses.get('HAVING');
  if (having) {
    push(
      'having',
      `Keeps only the groups where ${describeExpression(withTableNames(having, items))}.`,
      tablesNamedIn(having, items),
    );
    explainSubqueries(having, depth, context);
  }

  const select = clauses.get('SELECT') ?? '';
  const distinct = /^DISTINCT\b/i.test(select);
  const outputs = splitList(select.replace(/^(DISTINCT|ALL)\b/i, '')).map((o) =>
    describeOutput(withTableNames(o, items)),
  );
  if (outputs.length > 0) {
    push(
      'returns',
      `Returns ${distinct ? 'the distinct values of ' : ''}${listWords(outputs)}.`,
      tablesNamedIn(select, items),
    );
    explainSubqueries(select, depth, context);
  }

  const order = clauses.get('ORDER BY');
  if (order) {
    const keys = splitList(order).map((key) => {
      const descending = /\s+DESC$/i.test(key);
      const bare = key.replace(/\s+(ASC|DESC)$/i, '');
      return `${describeExpression(withTableNames(bare, items))} ${descending ? '(largest first)' : '(smallest first)'}`;
    });
    push('order', `Sorts by ${listWords(keys)}.`, tablesNamedIn(order, items));
  }
  const limit = clauses.get('LIMIT');
  if (limit) {
    const [count, offset] = limit.includes(',')
      ? limit.split(',').reverse()
      : [limit, clauses.get('OFFSET')];
    const n = count?.trim() ?? '';
    const skip = offset?.trim();
    push(
      'limit',
      `${n === '1' ? 'Keeps only the first row' : `Keeps at most the first ${n} rows`}${skip ? `, after skipping ${skip}` : ''}.`,
    );
  }
}

/** Subqueries inside a clause (`WHERE x IN (SELECT …)`) are explained beneath it. */
function explainSubqueries(text: string, depth: number, context: Context): void {
  let searchFrom = 0;
  for (;;) {
    const start = text.slice(searchFrom).search(/\(\s*SELECT\b/i);
    if (start < 0) return;
    const open = searchFrom + start;
    let level = 0;
    let close = open;
    for (; close < text.length; close++) {
      if (text[close] === '(') level++;
      else if (text[close] === ')' && --level === 0) break;
    }
    context.lines.push({
      kind: 'subquery',
      text: 'It uses a subquery that:',
      depth: depth + 1,
      tables: [],
    });
    explainCompound(text.slice(open + 1, close), depth + 2, context);
    searchFrom = close + 1;
  }
}

const AGGREGATES: [RegExp, (inner: string) => string][] = [
  [/^count\s*\(\s*\*\s*\)$/i, () => 'the number of rows'],
  [/^count\s*\(\s*DISTINCT\s+(.+)\)$/i, (x) => `the number of distinct ${x}`],
  [/^count\s*\((.+)\)$/i, (x) => `the number of non-empty ${x}`],
  [/^avg\s*\((.+)\)$/i, (x) => `the average ${x}`],
  [/^sum\s*\((.+)\)$/i, (x) => `the total of ${x}`],
  [/^max\s*\((.+)\)$/i, (x) => `the largest ${x}`],
  [/^min\s*\((.+)\)$/i, (x) => `the smallest ${x}`],
];

/** Aggregates said in words, also inside a larger expression (`count(*) > 3`). */
function describeExpression(expression: string): string {
  const trimmed = expression.trim();
  for (const [pattern, words] of AGGREGATES) {
    const match = pattern.exec(trimmed);
    if (match) return words((match[1] ?? '').trim());
  }
  return trimmed.replace(/\b(count|avg|sum|max|min)\s*\(([^()]*)\)/gi, (call) => {
    for (const [pattern, words] of AGGREGATES) {
      const match = pattern.exec(call);
      if (match) return words((match[1] ?? '').trim());
    }
    return call;
  });
}

function describeOutput(output: string): string {
  if (output === '*') return 'every column';
  if (/\.\*$/.test(output)) return `every column of ${output.slice(0, -2)}`;
  const name = '("[^"]+"|`[^`]+`|\\[[^\\]]+\\]|[\\w$]+)';
  const alias =
    new RegExp(`^(.*\\S)\\s+AS\\s+${name}$`, 'i').exec(output) ??
    new RegExp(`^(.*\\))\\s+${name}$`).exec(output);
  if (alias) return `${describeExpression(alias[1]!)} (as ${unquote(alias[2]!)})`;
  return describeExpression(output);
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The explanation as plain text, one line each, indented by depth (for copy and exports). */
export function explanationText(explanation: StructuralExplanation): string {
  return explanation.lines.map((line) => `${'  '.repeat(line.depth)}${line.text}`).join('\n');
}
