/**
 * Spider's difficulty levels (easy, medium, hard, extra), computed from the gold SQL exactly as
 * the official `evaluation.py` (`Evaluator.eval_hardness`) does: counts of clauses and joins
 * ("component 1"), nested queries and set operations ("component 2"), and "others" (several
 * aggregates, select columns, where conditions or group-by columns). Quirks of the original are
 * kept on purpose, because the published per-difficulty figures were computed with them: a NOT
 * condition and every AND/OR inside HAVING count as an aggregate.
 */
import type { SqlExecutor } from '../sql/result';
import { SpiderParseError } from './spider-sql-tokens';
import {
  AGG_OPS,
  WHERE_OPS,
  parseSpiderSql,
  type Condition,
  type CondUnit,
  type ParsedSql,
  type SpiderSchema,
} from './spider-sql-parse';

export type Difficulty = 'easy' | 'medium' | 'hard' | 'extra';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard', 'extra'];

export type { SpiderSchema };

/** `process_sql.get_schema`: every table of sqlite_master (internal ones too), names lower-cased. */
export const SPIDER_SCHEMA_SQL =
  "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' ORDER BY m.rowid, p.cid";

/** Reads the schema Spider's parser checks names against, from the database itself. */
export async function readSpiderSchema(executor: SqlExecutor): Promise<SpiderSchema> {
  const result = await executor.execute(SPIDER_SCHEMA_SQL);
  const schema: SpiderSchema = {};
  for (const [table, column] of result.rows) {
    const key = String(table).toLowerCase();
    (schema[key] ??= []).push(String(column).toLowerCase());
  }
  return schema;
}

export type HardnessResult = { ok: true; difficulty: Difficulty } | { ok: false; reason: string };

/**
 * The official difficulty of a gold SQL. `ok: false` (with the parser's reason) where the
 * official script would fail to read the SQL: it has no difficulty then.
 */
export function spiderHardness(sql: string, schema: SpiderSchema): HardnessResult {
  let parsed: ParsedSql;
  try {
    parsed = parseSpiderSql(sql, schema);
  } catch (error) {
    if (error instanceof SpiderParseError) {
      return { ok: false, reason: `Spider's parser cannot read this SQL: ${error.message}` };
    }
    throw error;
  }
  return { ok: true, difficulty: hardnessOf(parsed) };
}

export function hardnessOf(sql: ParsedSql): Difficulty {
  const comp1 = countComponent1(sql);
  const comp2 = countComponent2(sql);
  const others = countOthers(sql);
  if (comp1 <= 1 && others === 0 && comp2 === 0) return 'easy';
  if ((others <= 2 && comp1 <= 1 && comp2 === 0) || (comp1 <= 2 && others < 2 && comp2 === 0)) {
    return 'medium';
  }
  if (
    (others > 2 && comp1 <= 2 && comp2 === 0) ||
    (comp1 > 2 && comp1 <= 3 && others <= 2 && comp2 === 0) ||
    (comp1 <= 1 && others === 0 && comp2 <= 1)
  ) {
    return 'hard';
  }
  return 'extra';
}

const isUnit = (item: CondUnit | 'and' | 'or'): item is CondUnit => typeof item !== 'string';
const units = (cond: Condition): CondUnit[] => cond.filter(isUnit);
const connectives = (cond: Condition): string[] =>
  cond.filter((item): item is 'and' | 'or' => typeof item === 'string');

function countComponent1(sql: ParsedSql): number {
  let count = 0;
  if (sql.where.length > 0) count++;
  if (sql.groupBy.length > 0) count++;
  if (sql.orderBy) count++;
  if (sql.limit !== null) count++;
  if (sql.from.tableUnits.length > 0) count += sql.from.tableUnits.length - 1;
  const all = [...sql.from.conds, ...sql.where, ...sql.having];
  count += connectives(all).filter((c) => c === 'or').length;
  count += units(all).filter((u) => u.op === WHERE_OPS.indexOf('like')).length;
  return count;
}

function nestedSql(sql: ParsedSql): ParsedSql[] {
  const nested: ParsedSql[] = [];
  for (const unit of units([...sql.from.conds, ...sql.where, ...sql.having])) {
    if (unit.val1?.kind === 'sql') nested.push(unit.val1.sql);
    if (unit.val2?.kind === 'sql') nested.push(unit.val2.sql);
  }
  for (const op of [sql.intersect, sql.except, sql.union]) if (op) nested.push(op);
  return nested;
}

function countComponent2(sql: ParsedSql): number {
  return nestedSql(sql).length;
}

/**
 * `count_agg` in the original takes `unit[0] != 0` of whatever it is given: an aggregate id for
 * select items and columns, the NOT flag for a condition unit, and the first letter of "and"/"or"
 * (never 0) for a connective.
 */
function conditionAggregates(cond: Condition): number {
  return cond.filter((item) => (typeof item === 'string' ? true : item.not)).length;
}

function countOthers(sql: ParsedSql): number {
  let count = 0;
  const none = AGG_OPS.indexOf('none');
  let aggs = sql.select.items.filter((item) => item.agg !== none).length;
  aggs += units(sql.where).filter((u) => u.not).length;
  aggs += sql.groupBy.filter((u) => u.agg !== none).length;
  if (sql.orderBy) {
    const orderUnits = [
      ...sql.orderBy.items.map((v) => v.left),
      ...sql.orderBy.items.flatMap((v) => (v.right ? [v.right] : [])),
    ];
    aggs += orderUnits.filter((u) => u.agg !== none).length;
  }
  aggs += conditionAggregates(sql.having);
  if (aggs > 1) count++;
  if (sql.select.items.length > 1) count++;
  if (sql.where.length > 1) count++;
  if (sql.groupBy.length > 1) count++;
  return count;
}
