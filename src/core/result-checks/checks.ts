/**
 * Checks on a result that ran but looks suspicious: a literal filter no row holds (with the
 * values the column does hold that come closest), a COUNT or SUM inflated by a join's fan-out,
 * a result column that is NULL throughout, and an aggregate computed over no rows. They read the
 * person's database with a few extra SELECTs, locally; nothing here talks to a model.
 */
import type { DbSchema } from '../schema/types';
import { quoteIdentifier, quoteString } from '../sql/identifiers';
import type { CellValue, QueryResult, SqlExecutor } from '../sql/result';
import { primaryKeyOf } from '../schema/lookup';
import { closestValues, likeText, type CloseValue, type ColumnValue } from './closest-values';
import { queryShape, type Aggregate, type LiteralFilter, type QueryShape } from './query-shape';

export type FindingKind =
  'value_not_found' | 'join_fan_out' | 'all_null_column' | 'aggregate_over_no_rows';

export interface Finding {
  kind: FindingKind;
  /** One sentence a person (and the correction prompt) reads. */
  sentence: string;
  /** What the finding is about: a correction removes the finding when no finding has this key. */
  key: string;
}

export interface ResultCheckInput {
  sql: string;
  result: QueryResult;
  schema: DbSchema;
  db: SqlExecutor;
  /** Time limit for each lookup query. */
  timeoutMs: number;
}

/** The distinct values read per column when looking for close ones. */
export const MAX_VALUES_READ = 5000;

const rows = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
const AGGREGATE_NAMES = /^\s*(count|sum|avg|total|min|max)\s*\(/i;

async function scalar(
  db: SqlExecutor,
  sql: string,
  timeoutMs: number,
): Promise<CellValue[] | null> {
  try {
    const result = await db.execute(sql, { timeoutMs, maxRows: 1 });
    return result.rows[0] ?? null;
  } catch {
    return null; // A lookup that fails (or runs too long) gives no finding, never an error.
  }
}

function whereOf(shape: QueryShape): string {
  return shape.whereText ? ` WHERE ${shape.whereText}` : '';
}

// ---- literal filters no row holds ----

async function valueCount(
  db: SqlExecutor,
  filter: LiteralFilter,
  value: string,
  timeoutMs: number,
) {
  const op = filter.operator === 'LIKE' ? 'LIKE' : '=';
  const row = await scalar(
    db,
    `SELECT count(*) FROM ${quoteIdentifier(filter.table.name)} WHERE ${quoteIdentifier(filter.column)} ${op} ${quoteString(value)}`,
    timeoutMs,
  );
  return row ? Number(row[0]) : null;
}

async function columnValues(
  db: SqlExecutor,
  filter: LiteralFilter,
  timeoutMs: number,
): Promise<ColumnValue[]> {
  const column = quoteIdentifier(filter.column);
  try {
    const result = await db.execute(
      `SELECT ${column}, count(*) FROM ${quoteIdentifier(filter.table.name)} WHERE typeof(${column}) = 'text' GROUP BY ${column} ORDER BY count(*) DESC LIMIT ${MAX_VALUES_READ}`,
      { timeoutMs, maxRows: MAX_VALUES_READ },
    );
    return result.rows.map((r) => ({ value: String(r[0]), rows: Number(r[1]) }));
  } catch {
    return [];
  }
}

function describeClose(found: CloseValue[]): string {
  const listed = found.map((v) => `'${v.value}' (${rows(v.rows)})`);
  if (listed.length === 1) return `the column holds ${listed[0]}`;
  return `the closest values it holds are ${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
}

async function missingValues(input: ResultCheckInput, shape: QueryShape): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const filter of shape.filters) {
    for (const value of filter.values) {
      const count = await valueCount(input.db, filter, value, input.timeoutMs);
      if (count !== 0) continue;
      const wanted = filter.operator === 'LIKE' ? likeText(value) : value;
      const found = closestValues(wanted, await columnValues(input.db, filter, input.timeoutMs));
      const subject =
        filter.operator === 'IN' ? `${filter.column} IN (...) with '${value}'` : filter.text;
      const sentence =
        found.length > 0
          ? `${subject} matches no row of ${filter.table.name}; ${describeClose(found)}.`
          : `${subject} matches no row of ${filter.table.name}, and no value of ${filter.column} comes close to '${wanted}'.`;
      findings.push({
        kind: 'value_not_found',
        sentence,
        key: `value_not_found:${filter.table.name}.${filter.column}:${value}`.toLowerCase(),
      });
    }
  }
  return findings;
}

// ---- join fan-out ----

/** The aggregate a join inflates, with the table whose rows it counts or adds. */
function fannedAggregate(
  shape: QueryShape,
): { aggregate: Aggregate; alias: string; key: string[] } | null {
  if (!shape.hasJoin) return null;
  for (const aggregate of shape.aggregates) {
    if (aggregate.distinct) continue;
    // COUNT(*) per group usually counts the many side on purpose; alone, it counts the first table.
    if (aggregate.table === null && shape.hasGroupBy) continue;
    const ref = aggregate.table
      ? shape.tables.find((t) => t.table === aggregate.table)
      : shape.tables[0];
    const key = ref ? primaryKeyOf(ref.table) : [];
    if (ref && key.length > 0) return { aggregate, alias: ref.alias, key };
  }
  return null;
}

async function joinFanOut(input: ResultCheckInput, shape: QueryShape): Promise<Finding[]> {
  const fanned = fannedAggregate(shape);
  if (!fanned) return [];
  const { aggregate, alias, key } = fanned;
  const keyExpr = key
    .map((k) => `${quoteIdentifier(alias)}.${quoteIdentifier(k)}`)
    .join(` || '|' || `);
  const row = await scalar(
    input.db,
    `SELECT count(*), count(DISTINCT ${keyExpr}) FROM ${shape.fromText}${whereOf(shape)}`,
    input.timeoutMs,
  );
  if (!row) return [];
  const joined = Number(row[0]);
  const distinct = Number(row[1]);
  if (!(joined > distinct && distinct > 0)) return [];
  const table = (aggregate.table ?? shape.tables[0]?.table)?.name ?? alias;
  const keyText = key.join(', ');
  const sentence =
    aggregate.fn === 'COUNT'
      ? `${aggregate.text} counts ${rows(joined)} of the join, but they hold only ${distinct.toLocaleString('en-US')} different ${table} rows (${keyText}): the join repeats them; if the question counts ${table} rows, count DISTINCT ${keyText}.`
      : `${aggregate.text} adds values of ${table} over ${rows(joined)} of the join, but they hold only ${distinct.toLocaleString('en-US')} different ${table} rows (${keyText}): the join repeats some values.`;
  return [{ kind: 'join_fan_out', sentence, key: `join_fan_out:${table}`.toLowerCase() }];
}

// ---- NULL columns and aggregates over nothing ----

function allNullColumns(result: QueryResult): Finding[] {
  if (result.rows.length === 0) return [];
  return result.columns.flatMap((column, i) => {
    if (!result.rows.every((r) => r[i] === null)) return [];
    const scope = result.truncated
      ? `the first ${rows(result.rows.length)}`
      : `all ${rows(result.rows.length)}`;
    const sentence =
      result.rows.length === 1
        ? `The result's column ${column} is NULL.`
        : `The result's column ${column} is NULL in ${scope}.`;
    return [{ kind: 'all_null_column' as const, sentence, key: `all_null_column:${i}` }];
  });
}

async function aggregateOverNoRows(input: ResultCheckInput, shape: QueryShape): Promise<Finding[]> {
  const { result } = input;
  if (shape.hasGroupBy || result.rows.length !== 1) return [];
  if (!result.columns.some((c) => AGGREGATE_NAMES.test(c)) && shape.aggregates.length === 0)
    return [];
  const row = await scalar(
    input.db,
    `SELECT count(*) FROM ${shape.fromText}${whereOf(shape)}`,
    input.timeoutMs,
  );
  if (!row || Number(row[0]) !== 0) return [];
  return [
    {
      kind: 'aggregate_over_no_rows',
      sentence: `The aggregate ran over no rows: FROM ${shape.fromText}${whereOf(shape)} matches nothing, so COUNT gives 0 and SUM, AVG, MIN and MAX give NULL.`,
      key: 'aggregate_over_no_rows',
    },
  ];
}

/** Every finding on a SQL that ran; an empty list when the result looks plausible. */
export async function checkResult(input: ResultCheckInput): Promise<Finding[]> {
  const shape = queryShape(input.sql, input.schema);
  if (!shape) return allNullColumns(input.result);
  const overNothing = await aggregateOverNoRows(input, shape);
  // SUM over nothing is NULL: saying so twice would not help.
  const findings = overNothing.length > 0 ? overNothing : allNullColumns(input.result);
  if (input.result.rows.length === 0 || overNothing.length > 0)
    findings.push(...(await missingValues(input, shape)));
  findings.push(...(await joinFanOut(input, shape)));
  return findings;
}

/** Whether a correction made the finding go away. */
export function findingGone(finding: Finding, after: Finding[]): boolean {
  return !after.some((f) => f.key === finding.key);
}
