/* eslint prefer-const: ["error", { destructuring: "all" }] -- the parser threads `[idx, value] = parseX(idx)` as the original does. */
/**
 * A port of Spider's official `process_sql.py` (taoyds/spider, taoyds/test-suite-sql-eval): the
 * parser the official evaluation uses to read a SQL into clauses. It is kept as faithful as the
 * original, quirks included (a column alias or `IS NOT NULL` does not parse, `LIMIT` always
 * reads as 1), because Spider's difficulty levels are defined by what this parser sees. It is
 * not a general SQL parser; use it for difficulty only.
 */
import { SpiderParseError, spiderTokens } from './spider-sql-tokens';

const CLAUSE_KEYWORDS = [
  'select',
  'from',
  'where',
  'group',
  'order',
  'limit',
  'intersect',
  'union',
  'except',
];
const JOIN_KEYWORDS = ['join', 'on', 'as'];
export const WHERE_OPS = [
  'not',
  'between',
  '=',
  '>',
  '<',
  '>=',
  '<=',
  '!=',
  'in',
  'like',
  'is',
  'exists',
];
const UNIT_OPS = ['none', '-', '+', '*', '/'];
export const AGG_OPS = ['none', 'max', 'min', 'count', 'sum', 'avg'];
const COND_OPS = ['and', 'or'];
const SQL_OPS = ['intersect', 'union', 'except'] as const;
const ORDER_OPS = ['desc', 'asc'];

/** Tables (lower case) to their columns (lower case), as `process_sql.get_schema` reads a file. */
export type SpiderSchema = Record<string, string[]>;

export interface ColUnit {
  agg: number;
  column: string;
  distinct: boolean;
}
export interface ValUnit {
  op: number;
  left: ColUnit;
  right: ColUnit | null;
}
export type SqlValue =
  | { kind: 'number' }
  | { kind: 'string'; text: string }
  | { kind: 'sql'; sql: ParsedSql }
  | { kind: 'column'; unit: ColUnit };
export interface CondUnit {
  not: boolean;
  op: number;
  val: ValUnit;
  val1: SqlValue | null;
  val2: SqlValue | null;
}
/** Condition units separated by their connectives, as the original lists them. */
export type Condition = (CondUnit | 'and' | 'or')[];
export type TableUnit = { kind: 'sql'; sql: ParsedSql } | { kind: 'table'; table: string };

export interface ParsedSql {
  select: { distinct: boolean; items: { agg: number; val: ValUnit }[] };
  from: { tableUnits: TableUnit[]; conds: Condition };
  where: Condition;
  groupBy: ColUnit[];
  /** null when there is no ORDER BY (the original's empty list). */
  orderBy: { direction: string; items: ValUnit[] } | null;
  having: Condition;
  limit: number | null;
  intersect: ParsedSql | null;
  union: ParsedSql | null;
  except: ParsedSql | null;
}

/** Python float() on a lower-cased token. */
const PY_FLOAT =
  /^[+-]?(?:(?:(?:\d+(?:_\d+)*)?\.\d+(?:_\d+)*|\d+(?:_\d+)*\.?)(?:e[+-]?\d+(?:_\d+)*)?|inf|infinity|nan)$/;

class Parser {
  private readonly ids = new Set<string>(['*']);
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly schema: SpiderSchema,
    private readonly toks: string[],
  ) {
    for (const [table, columns] of Object.entries(schema)) {
      for (const column of columns) this.ids.add(`${table}.${column}`);
    }
    for (const table of Object.keys(schema)) this.ids.add(table);
    // scan_alias: every `x AS y` maps y to x, column aliases included.
    toks.forEach((tok, i) => {
      if (tok === 'as') this.aliases.set(this.at(i + 1), this.at(i - 1));
    });
    for (const table of Object.keys(schema)) {
      if (this.aliases.has(table)) fail(`Alias ${table} has the same name in table`);
      this.aliases.set(table, table);
    }
  }

  at(i: number, toks: string[] = this.toks): string {
    const tok = toks[i < 0 ? toks.length + i : i];
    if (tok === undefined) fail('list index out of range');
    return tok;
  }

  private table(alias: string): string {
    const table = this.aliases.get(alias);
    if (table === undefined) fail(`Unknown table or alias: ${alias}`);
    return table;
  }

  private id(key: string): string {
    if (!this.ids.has(key)) fail(`Unknown name: ${key}`);
    return key;
  }

  parseCol(toks: string[], start: number, defaultTables: string[] | null): [number, string] {
    const tok = this.at(start, toks);
    if (tok === '*') return [start + 1, this.id(tok)];
    if (tok.includes('.')) {
      const parts = tok.split('.');
      if (parts.length !== 2) fail(`Cannot split ${tok} into table and column`);
      const key = `${this.table(parts[0] as string)}.${parts[1] as string}`;
      return [start + 1, this.id(key)];
    }
    if (!defaultTables || defaultTables.length === 0) fail('Default tables should not be empty');
    for (const alias of defaultTables) {
      const table = this.table(alias);
      if ((this.schema[table] ?? []).includes(tok)) return [start + 1, this.id(`${table}.${tok}`)];
    }
    fail(`Error col: ${tok}`);
  }

  parseColUnit(toks: string[], start: number, defaultTables: string[] | null): [number, ColUnit] {
    let idx = start;
    const len = toks.length;
    let isBlock = false;
    let distinct = false;
    if (this.at(idx, toks) === '(') {
      isBlock = true;
      idx++;
    }
    if (AGG_OPS.includes(this.at(idx, toks))) {
      const agg = AGG_OPS.indexOf(this.at(idx, toks));
      idx++;
      if (!(idx < len && this.at(idx, toks) === '(')) fail('Expected ( after an aggregate');
      idx++;
      if (this.at(idx, toks) === 'distinct') {
        idx++;
        distinct = true;
      }
      let column: string;
      [idx, column] = this.parseCol(toks, idx, defaultTables);
      if (!(idx < len && this.at(idx, toks) === ')')) fail('Expected ) after an aggregate');
      idx++;
      return [idx, { agg, column, distinct }];
    }
    if (this.at(idx, toks) === 'distinct') {
      idx++;
      distinct = true;
    }
    let column: string;
    [idx, column] = this.parseCol(toks, idx, defaultTables);
    if (isBlock) {
      if (this.at(idx, toks) !== ')') fail('Expected )');
      idx++;
    }
    return [idx, { agg: 0, column, distinct }];
  }

  parseValUnit(start: number, defaultTables: string[] | null): [number, ValUnit] {
    const toks = this.toks;
    let idx = start;
    let isBlock = false;
    if (this.at(idx) === '(') {
      isBlock = true;
      idx++;
    }
    let left: ColUnit;
    let right: ColUnit | null = null;
    let op = 0;
    [idx, left] = this.parseColUnit(toks, idx, defaultTables);
    if (idx < toks.length && UNIT_OPS.includes(this.at(idx))) {
      op = UNIT_OPS.indexOf(this.at(idx));
      idx++;
      [idx, right] = this.parseColUnit(toks, idx, defaultTables);
    }
    if (isBlock) {
      if (this.at(idx) !== ')') fail('Expected )');
      idx++;
    }
    return [idx, { op, left, right }];
  }

  parseTableUnit(start: number): [number, string] {
    const table = this.table(this.at(start));
    const idx = start + 1 < this.toks.length && this.at(start + 1) === 'as' ? start + 3 : start + 1;
    return [idx, this.id(table)];
  }

  parseValue(start: number, defaultTables: string[] | null): [number, SqlValue] {
    const toks = this.toks;
    let idx = start;
    let isBlock = false;
    if (this.at(idx) === '(') {
      isBlock = true;
      idx++;
    }
    let val: SqlValue;
    const tok = this.at(idx);
    if (tok === 'select') {
      let sql: ParsedSql;
      [idx, sql] = this.parseSql(idx);
      val = { kind: 'sql', sql };
    } else if (tok.includes('"')) {
      val = { kind: 'string', text: tok };
      idx++;
    } else if (PY_FLOAT.test(tok)) {
      val = { kind: 'number' };
      idx++;
    } else {
      let end = idx;
      while (
        end < toks.length &&
        toks[end] !== ',' &&
        toks[end] !== ')' &&
        toks[end] !== 'and' &&
        !CLAUSE_KEYWORDS.includes(toks[end] as string) &&
        !JOIN_KEYWORDS.includes(toks[end] as string)
      ) {
        end++;
      }
      // The original parses from `start` (a leading `(` included), on the cut-out tokens.
      const [, unit] = this.parseColUnit(toks.slice(start, end), 0, defaultTables);
      val = { kind: 'column', unit };
      idx = end;
    }
    if (isBlock) {
      if (this.at(idx) !== ')') fail('Expected )');
      idx++;
    }
    return [idx, val];
  }

  parseCondition(start: number, defaultTables: string[] | null): [number, Condition] {
    const toks = this.toks;
    let idx = start;
    const conds: Condition = [];
    while (idx < toks.length) {
      let val: ValUnit;
      [idx, val] = this.parseValUnit(idx, defaultTables);
      let not = false;
      if (this.at(idx) === 'not') {
        not = true;
        idx++;
      }
      if (!(idx < toks.length && WHERE_OPS.includes(this.at(idx)))) {
        fail(`Error condition: idx: ${idx}, tok: ${toks[idx] ?? ''}`);
      }
      const op = WHERE_OPS.indexOf(this.at(idx));
      idx++;
      let val1: SqlValue | null;
      let val2: SqlValue | null = null;
      if (op === WHERE_OPS.indexOf('between')) {
        [idx, val1] = this.parseValue(idx, defaultTables);
        if (this.at(idx) !== 'and') fail('Expected AND in BETWEEN');
        idx++;
        [idx, val2] = this.parseValue(idx, defaultTables);
      } else {
        [idx, val1] = this.parseValue(idx, defaultTables);
      }
      conds.push({ not, op, val, val1, val2 });
      if (idx < toks.length) {
        const next = this.at(idx);
        if (CLAUSE_KEYWORDS.includes(next) || next === ')' || next === ';') break;
        if (JOIN_KEYWORDS.includes(next)) break;
        if (COND_OPS.includes(next)) {
          conds.push(next as 'and' | 'or');
          idx++;
        }
      }
    }
    return [idx, conds];
  }

  parseSelect(start: number, defaultTables: string[]): [number, ParsedSql['select']] {
    const toks = this.toks;
    let idx = start;
    if (this.at(idx) !== 'select') fail("'select' not found");
    idx++;
    let distinct = false;
    if (idx < toks.length && this.at(idx) === 'distinct') {
      idx++;
      distinct = true;
    }
    const items: { agg: number; val: ValUnit }[] = [];
    while (idx < toks.length && !CLAUSE_KEYWORDS.includes(this.at(idx))) {
      let agg = 0;
      if (AGG_OPS.includes(this.at(idx))) {
        agg = AGG_OPS.indexOf(this.at(idx));
        idx++;
      }
      let val: ValUnit;
      [idx, val] = this.parseValUnit(idx, defaultTables);
      items.push({ agg, val });
      if (idx < toks.length && this.at(idx) === ',') idx++;
    }
    return [idx, { distinct, items }];
  }

  parseFrom(start: number): [number, TableUnit[], Condition, string[]] {
    const toks = this.toks;
    const fromAt = toks.indexOf('from', start);
    if (fromAt < 0) fail("'from' not found");
    let idx = fromAt + 1;
    const defaultTables: string[] = [];
    const tableUnits: TableUnit[] = [];
    const conds: Condition = [];
    while (idx < toks.length) {
      let isBlock = false;
      if (this.at(idx) === '(') {
        isBlock = true;
        idx++;
      }
      if (this.at(idx) === 'select') {
        let sql: ParsedSql;
        [idx, sql] = this.parseSql(idx);
        tableUnits.push({ kind: 'sql', sql });
      } else {
        if (idx < toks.length && this.at(idx) === 'join') idx++;
        let table: string;
        [idx, table] = this.parseTableUnit(idx);
        tableUnits.push({ kind: 'table', table });
        defaultTables.push(table);
      }
      if (idx < toks.length && this.at(idx) === 'on') {
        idx++;
        let these: Condition;
        [idx, these] = this.parseCondition(idx, defaultTables);
        if (conds.length > 0) conds.push('and');
        conds.push(...these);
      }
      if (isBlock) {
        if (this.at(idx) !== ')') fail('Expected )');
        idx++;
      }
      if (idx < toks.length) {
        const next = this.at(idx);
        if (CLAUSE_KEYWORDS.includes(next) || next === ')' || next === ';') break;
      }
    }
    return [idx, tableUnits, conds, defaultTables];
  }

  private clauseStart(idx: number, keyword: string): boolean {
    return idx < this.toks.length && this.at(idx) === keyword;
  }

  parseGroupBy(start: number, defaultTables: string[]): [number, ColUnit[]] {
    let idx = start;
    const units: ColUnit[] = [];
    if (!this.clauseStart(idx, 'group')) return [idx, units];
    idx++;
    if (this.at(idx) !== 'by') fail('Expected BY after GROUP');
    idx++;
    while (idx < this.toks.length && !this.endsClause(idx)) {
      let unit: ColUnit;
      [idx, unit] = this.parseColUnit(this.toks, idx, defaultTables);
      units.push(unit);
      if (idx < this.toks.length && this.at(idx) === ',') idx++;
      else break;
    }
    return [idx, units];
  }

  parseOrderBy(start: number, defaultTables: string[]): [number, ParsedSql['orderBy']] {
    let idx = start;
    if (!this.clauseStart(idx, 'order')) return [idx, null];
    idx++;
    if (this.at(idx) !== 'by') fail('Expected BY after ORDER');
    idx++;
    const items: ValUnit[] = [];
    let direction = 'asc';
    while (idx < this.toks.length && !this.endsClause(idx)) {
      let val: ValUnit;
      [idx, val] = this.parseValUnit(idx, defaultTables);
      items.push(val);
      if (idx < this.toks.length && ORDER_OPS.includes(this.at(idx))) {
        direction = this.at(idx);
        idx++;
      }
      if (idx < this.toks.length && this.at(idx) === ',') idx++;
      else break;
    }
    return [idx, { direction, items }];
  }

  private endsClause(idx: number): boolean {
    const tok = this.at(idx);
    return CLAUSE_KEYWORDS.includes(tok) || tok === ')' || tok === ';';
  }

  parseConditionClause(
    start: number,
    keyword: string,
    defaultTables: string[],
  ): [number, Condition] {
    if (!this.clauseStart(start, keyword)) return [start, []];
    return this.parseCondition(start + 1, defaultTables);
  }

  skipSemicolons(start: number): number {
    let idx = start;
    while (idx < this.toks.length && this.toks[idx] === ';') idx++;
    return idx;
  }

  parseSql(start: number): [number, ParsedSql] {
    let idx = start;
    let isBlock = false;
    if (this.at(idx) === '(') {
      isBlock = true;
      idx++;
    }
    const [fromEnd, tableUnits, fromConds, defaultTables] = this.parseFrom(start);
    const [, select] = this.parseSelect(idx, defaultTables);
    idx = fromEnd;
    let where: Condition;
    [idx, where] = this.parseConditionClause(idx, 'where', defaultTables);
    let groupBy: ColUnit[];
    [idx, groupBy] = this.parseGroupBy(idx, defaultTables);
    let having: Condition;
    [idx, having] = this.parseConditionClause(idx, 'having', defaultTables);
    let orderBy: ParsedSql['orderBy'];
    [idx, orderBy] = this.parseOrderBy(idx, defaultTables);
    // parse_limit: the original compares a string token with int, so any LIMIT reads as 1.
    let limit: number | null = null;
    if (this.clauseStart(idx, 'limit')) {
      idx += 2;
      limit = 1;
    }
    idx = this.skipSemicolons(idx);
    if (isBlock) {
      if (this.at(idx) !== ')') fail('Expected )');
      idx++;
    }
    idx = this.skipSemicolons(idx);
    const sql: ParsedSql = {
      select,
      from: { tableUnits, conds: fromConds },
      where,
      groupBy,
      orderBy,
      having,
      limit,
      intersect: null,
      union: null,
      except: null,
    };
    if (idx < this.toks.length) {
      const op = SQL_OPS.find((name) => name === this.at(idx));
      if (op) {
        idx++;
        let nested: ParsedSql;
        [idx, nested] = this.parseSql(idx);
        sql[op] = nested;
      }
    }
    return [idx, sql];
  }
}

function fail(message: string): never {
  throw new SpiderParseError(message);
}

/**
 * Parses `sql` as Spider's `process_sql.get_sql` does. Throws a SpiderParseError where the
 * original raises (an unknown column, an alias it cannot follow, a construct it does not read).
 */
export function parseSpiderSql(sql: string, schema: SpiderSchema): ParsedSql {
  const toks = spiderTokens(sql);
  const parser = new Parser(schema, toks);
  return parser.parseSql(0)[1];
}
