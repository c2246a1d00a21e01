/**
 * Scoring a predicted SQL against the gold SQL by execution: prepare both as the official script
 * does, run them on the same database, compare the results. A prediction that fails, times out
 * or is missing scores 0. The gold's outcome can be passed in (it is the same for every setting
 * of an ablation), so it runs once per question.
 */
import { toErrorPayload, type ErrorPayload } from '../errors';
import type { QueryResult, SqlExecutor } from '../sql/result';
import { readOnlyExecutor } from '../sql/read-only';
import { compareResults, type Comparison, type ScoringRule } from './compare';
import {
  prepareForScoring,
  spiderOrderMatters,
  type PrepareOptions,
  type RuleName,
} from './prepare-sql';

/** The official Spider script waits 60 s per query and BIRD's 30 s; sql.js in a tab is slower, so 30 s. */
export const DEFAULT_SCORING_TIMEOUT_MS = 30_000;
/** Past this many rows a result is not compared (a runaway cross join must not exhaust memory). */
export const SCORING_MAX_ROWS = 1_000_000;

export interface ScoringOptions extends PrepareOptions {
  rule: RuleName;
  timeoutMs?: number;
}

export type ExecutionOutcome =
  { ok: true; sql: string; result: QueryResult } | { ok: false; sql: string; error: ErrorPayload };

export interface ExecutionScore extends Comparison {
  gold: ExecutionOutcome;
  /** null when there was no prediction to run. */
  pred: ExecutionOutcome | null;
  /** True when the gold itself failed: the question says nothing about the model. */
  goldFailed: boolean;
}

/** Runs `sql` as it is run for scoring under `options` (prepared first), never throwing. */
export async function executeForScoring(
  executor: SqlExecutor,
  sql: string,
  options: ScoringOptions,
): Promise<ExecutionOutcome> {
  const prepared = prepareForScoring(sql, options.rule, options);
  try {
    // A prediction is a model's SQL (or an imported file's): it may only read.
    const result = await readOnlyExecutor(executor).execute(prepared, {
      timeoutMs: options.timeoutMs ?? DEFAULT_SCORING_TIMEOUT_MS,
      maxRows: SCORING_MAX_ROWS,
    });
    return { ok: true, sql: prepared, result };
  } catch (error) {
    return { ok: false, sql: prepared, error: toErrorPayload(error) };
  }
}

/** The rule `compareResults` applies for this gold SQL. */
export function ruleFor(goldSql: string, options: ScoringOptions): ScoringRule {
  if (options.rule === 'bird') return { name: 'bird' };
  return {
    name: 'spider',
    orderMatters: spiderOrderMatters(prepareForScoring(goldSql, 'spider', options)),
  };
}

/** Compares two outcomes that already ran. */
export function scoreOutcomes(
  goldSql: string,
  gold: ExecutionOutcome,
  pred: ExecutionOutcome | null,
  options: ScoringOptions,
): ExecutionScore {
  const base = { gold, pred };
  if (!gold.ok) {
    return {
      ...base,
      match: false,
      goldFailed: true,
      reason: `The gold SQL fails on this database: ${gold.error.detail ?? gold.error.message}`,
    };
  }
  if (!pred)
    return { ...base, match: false, goldFailed: false, reason: 'There is no predicted SQL.' };
  if (!pred.ok) {
    const why = pred.error.code === 'timeout' ? 'times out' : 'fails';
    return {
      ...base,
      match: false,
      goldFailed: false,
      reason: `The predicted SQL ${why}: ${pred.error.detail ?? pred.error.message}`,
    };
  }
  if (gold.result.truncated || pred.result.truncated) {
    return {
      ...base,
      match: false,
      goldFailed: gold.result.truncated,
      reason: `A result has more than ${SCORING_MAX_ROWS.toLocaleString('en-US')} rows, too many to compare.`,
    };
  }
  const comparison = compareResults(gold.result.rows, pred.result.rows, ruleFor(goldSql, options));
  return { ...base, ...comparison, goldFailed: false };
}

/**
 * Scores `predSql` against `goldSql` on `executor`. Pass `goldOutcome` when the gold already ran
 * (under the same options) to skip running it again.
 */
export async function scoreByExecution(
  executor: SqlExecutor,
  goldSql: string,
  predSql: string | null,
  options: ScoringOptions,
  goldOutcome?: ExecutionOutcome,
): Promise<ExecutionScore> {
  const gold = goldOutcome ?? (await executeForScoring(executor, goldSql, options));
  const pred =
    predSql === null || predSql.trim() === ''
      ? null
      : await executeForScoring(executor, predSql, options);
  return scoreOutcomes(goldSql, gold, pred, options);
}
