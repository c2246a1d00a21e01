/**
 * Which tables and columns of the schema a SQL reads: a small tokenizer that matches identifiers
 * against the known schema (so a half-right SQL from a model still tells us what it touches),
 * and node-sql-parser (loaded lazily: it is 200 kB) for what the tokenizer cannot place.
 * SQLite compound queries the parser rejects are split at their set operators first.
 */
import type { DbSchema, SimplifiedSchema, TableInfo } from '../schema/types';
import { findTable } from '../schema/lookup';
import { isSqliteKeyword } from './sqlite-keywords';
import { topLevelWords } from './top-level-words';

export interface SqlReads {
  /** Tables read, as the schema spells them, in schema order. */
  tables: string[];
  /** Columns read per table (the schema's spelling); a table read with no named column maps to []. */
  columns: SimplifiedSchema;
}

interface TableColumnLists {
  tableList: string[];
  columnList: string[];
}

interface SqlParser {
  parse(sql: string, options: { database: string }): TableColumnLists;
}

let parser: SqlParser | null = null;
let loading: Promise<void> | null = null;

/** Loads node-sql-parser's SQLite grammar; until it is loaded, the tokenizer answers alone. */
export function loadSqlParser(): Promise<void> {
  loading ??= import('node-sql-parser/build/sqlite')
    .then((mod) => {
      const loose = mod as unknown as {
        Parser?: new () => SqlParser;
        default?: { Parser: new () => SqlParser };
      };
      const Parser = loose.Parser ?? loose.default?.Parser;
      if (Parser) parser = new Parser();
    })
    .catch(() => {
      // The tokenizer still answers; a missing parser costs precision, not function.
    });
  return loading;
}

/** A token with where it sits in the text (`start`, `end`); literals keep their value. */
export type Token = (
  | { kind: 'name'; text: string; quoted: boolean }
  | { kind: 'symbol'; text: string }
  | { kind: 'literal'; value: string | number }
) & { start: number; end: number };

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const start = i;
    if (/\s/.test(ch)) i++;
    else if (ch === '-' && sql[i + 1] === '-')
      i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (ch === '/' && sql[i + 1] === '*')
      i = sql.indexOf('*/', i) < 0 ? sql.length : sql.indexOf('*/', i) + 2;
    else if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      const value = sql.slice(i + 1, j).replaceAll("''", "'");
      i = j + 1;
      tokens.push({ kind: 'literal', value, start, end: Math.min(i, sql.length) });
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      let text = '';
      while (j < sql.length) {
        if (sql[j] === close && sql[j + 1] === close && close !== ']') {
          text += close;
          j += 2;
        } else if (sql[j] === close) break;
        else text += sql[j++];
      }
      i = j + 1;
      tokens.push({ kind: 'name', text, quoted: true, start, end: Math.min(i, sql.length) });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const match = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(i)) as RegExpExecArray;
      i += match[0].length;
      tokens.push({ kind: 'name', text: match[0], quoted: false, start, end: i });
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9.eE]+/.exec(sql.slice(i)) as RegExpExecArray;
      i += match[0].length;
      tokens.push({ kind: 'literal', value: Number(match[0]), start, end: i });
    } else {
      i++;
      tokens.push({ kind: 'symbol', text: ch, start, end: i });
    }
  }
  return tokens;
}

export const isWord = (token: Token | undefined, ...words: string[]) =>
  token?.kind === 'name' && !token.quoted && words.includes(token.text.toUpperCase());

const FROM_ENDS = [
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'ON',
  'USING',
  'SELECT',
  'WINDOW',
];

class ReadsCollector {
  private readonly columns = new Map<string, Set<string>>();
  constructor(private readonly schema: DbSchema) {}

  table(name: string): TableInfo | undefined {
    const table = findTable(this.schema, name);
    if (table && !this.columns.has(table.name)) this.columns.set(table.name, new Set());
    return table;
  }

  column(table: TableInfo, name: string): boolean {
    const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (column) this.columns.get(table.name)?.add(column.name);
    return column !== undefined;
  }

  /** An unqualified column belongs to every read table that has one by that name. */
  unqualified(name: string): void {
    for (const tableName of this.columns.keys()) {
      const table = findTable(this.schema, tableName);
      if (table) this.column(table, name);
    }
  }

  result(): SqlReads {
    const tables = this.schema.tables.map((t) => t.name).filter((name) => this.columns.has(name));
    const columns: SimplifiedSchema = {};
    for (const name of tables) {
      const table = findTable(this.schema, name) as TableInfo;
      const kept = this.columns.get(name) as Set<string>;
      columns[name] = table.columns.map((c) => c.name).filter((c) => kept.has(c));
    }
    return { tables, columns };
  }
}

/** Tokenizer reading: tables after FROM / JOIN (with their aliases), then columns by name. */
export function readsByTokens(sql: string, schema: DbSchema): SqlReads {
  const collector = new ReadsCollector(schema);
  // Each part of a compound query has its own aliases (T1 may be another table after INTERSECT).
  for (const part of splitCompound(sql)) readPart(part, collector);
  return collector.result();
}

function readPart(sql: string, collector: ReadsCollector): void {
  const tokens = tokenize(sql);
  const aliases = new Map<string, TableInfo>();
  /** Token positions that name a table or an alias. */
  const naming = new Set<number>();
  let inFrom = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (isWord(token, 'FROM', 'JOIN')) {
      inFrom = true;
      continue;
    }
    if (isWord(token, ...FROM_ENDS) || (token.kind === 'symbol' && token.text === ')')) {
      inFrom = false;
      continue;
    }
    if (!inFrom || token.kind !== 'name') continue;
    const previous = tokens[i - 1];
    const startsItem =
      isWord(previous, 'FROM', 'JOIN') || (previous?.kind === 'symbol' && previous.text === ',');
    if (!startsItem) continue;
    const table = collector.table(token.text);
    if (!table) continue;
    naming.add(i);
    aliases.set(table.name.toLowerCase(), table);
    const aliasAt = isWord(tokens[i + 1], 'AS') ? i + 2 : i + 1;
    const alias = tokens[aliasAt];
    if (alias?.kind === 'name' && (alias.quoted || !isSqliteKeyword(alias.text))) {
      aliases.set(alias.text.toLowerCase(), table);
      naming.add(aliasAt);
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // Table names, aliases and output names (`AS total`) are not columns read.
    if (token.kind !== 'name' || naming.has(i) || isWord(tokens[i - 1], 'AS')) continue;
    const dot = tokens[i + 1];
    const after = tokens[i + 2];
    if (dot?.kind === 'symbol' && dot.text === '.' && after?.kind === 'name') {
      const table = aliases.get(token.text.toLowerCase()) ?? collector.table(token.text);
      if (table) collector.column(table, after.text);
      i += 2;
    } else if (token.quoted || !isSqliteKeyword(token.text)) {
      collector.unqualified(token.text);
    }
  }
}

/** Splits a compound query at its top-level UNION / INTERSECT / EXCEPT. */
export function splitCompound(sql: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const word of topLevelWords(sql, /^(UNION\s+ALL|UNION|INTERSECT|EXCEPT)\b/i)) {
    parts.push(sql.slice(start, word.at));
    start = word.at + word.text.length;
  }
  parts.push(sql.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function listsByParser(sql: string): TableColumnLists | null {
  const active = parser;
  if (!active) return null;
  const tryParse = (text: string): TableColumnLists | null => {
    try {
      return active.parse(text, { database: 'sqlite' });
    } catch {
      return null;
    }
  };
  const whole = tryParse(sql);
  if (whole) return whole;
  const parts = splitCompound(sql);
  if (parts.length < 2) return null;
  const lists: TableColumnLists = { tableList: [], columnList: [] };
  for (const part of parts) {
    const parsed = tryParse(part);
    if (!parsed) return null;
    lists.tableList.push(...parsed.tableList);
    lists.columnList.push(...parsed.columnList);
  }
  return lists;
}

function readsByParser(lists: TableColumnLists, schema: DbSchema): SqlReads {
  const collector = new ReadsCollector(schema);
  for (const entry of lists.tableList) collector.table(entry.split('::')[2] ?? '');
  for (const entry of lists.columnList) {
    const [, table, column] = entry.split('::');
    if (!column || column === '(.*)') continue;
    const owner = table && table !== 'null' ? findTable(schema, table) : undefined;
    if (owner) collector.column(owner, column);
    else collector.unqualified(column);
  }
  return collector.result();
}

/**
 * The schema's tables and columns that `sql` reads (an empty reading for SQL that names none).
 * The tokenizer answers first: on the 972 Spider dev gold queries it agrees with node-sql-parser
 * on all but four, where the parser is the one that errs (alias case, aliases reused after
 * INTERSECT), and it takes 0.03 ms where the parser takes 1-10 ms (hundreds while it warms up),
 * which would blow the pipeline's time budget on the page's main thread. The parser reads SQL
 * in which the tokenizer finds no table (odd FROM clauses).
 */
export function sqlReads(sql: string, schema: DbSchema): SqlReads {
  const byTokens = readsByTokens(sql, schema);
  if (byTokens.tables.length > 0) return byTokens;
  const lists = listsByParser(sql.replace(/;\s*$/, ''));
  return lists ? readsByParser(lists, schema) : byTokens;
}

/** The parser's reading alone (null when it is not loaded or cannot parse the SQL); for tests and comparisons. */
export function sqlReadsByParser(sql: string, schema: DbSchema): SqlReads | null {
  const lists = listsByParser(sql.replace(/;\s*$/, ''));
  return lists ? readsByParser(lists, schema) : null;
}
