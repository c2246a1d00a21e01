/**
 * When a stage's SQL replaces the current one, and when continuation writing runs at all, as
 * PIPELINE.md fixes them. Each decision carries the sentence the stage card shows.
 */
import type { ErrorPayload } from '../errors';
import type { ExecutionOutcome } from './events';
import type { NoiseVerdict } from './parse-verdict';

export interface Decision {
  adopt: boolean;
  reason: string;
}

export interface Trigger {
  run: boolean;
  reason: string;
}

export const READ_ONLY_REFUSAL =
  'refused: this SQL would change the database, and SQL written by a model only ever runs read-only';

/** Continuation writing runs for SQL reading this many tables or more. */
export const CONTINUATION_TABLE_THRESHOLD = 3;

/**
 * SQLite's own words when there are some (`no such column: x`), else the app's sentence. A write
 * refused under read-only is named as the rule it broke (SQLite's "attempt to write a readonly
 * database" would read as a broken file), for the card and for the model's next prompt alike.
 */
export function errorText(error: ErrorPayload): string {
  if (error.code === 'read_only') return READ_ONLY_REFUSAL;
  return (error.detail ?? error.message).trim();
}

function rowsText(count: number, truncated: boolean): string {
  const more = truncated ? ' or more' : '';
  return count === 1 && !truncated ? '1 row' : `${count}${more} rows`;
}

export function outcomeText(outcome: ExecutionOutcome): string {
  return outcome.ok
    ? `runs and returns ${rowsText(outcome.result.rows.length, outcome.result.truncated)}`
    : `failed with: ${errorText(outcome.error)}`;
}

/**
 * Noise correction: adopted only when the answer proposes a SQL and that SQL executes without
 * error. `reviewed` is how the SQL under review ran, which the sentence names.
 */
export function decideNoiseCorrection(
  verdict: NoiseVerdict,
  reviewed: ExecutionOutcome | null,
  corrected: ExecutionOutcome | null,
): Decision {
  if (verdict.verdict === 'correct') {
    return { adopt: false, reason: 'kept the original: the model judged the SQL correct' };
  }
  if (!corrected)
    return { adopt: false, reason: 'kept the original: the corrected SQL was not run' };
  if (!corrected.ok) {
    return {
      adopt: false,
      reason: `kept the original: the corrected SQL failed with: ${errorText(corrected.error)}`,
    };
  }
  const why =
    reviewed && !reviewed.ok
      ? `the SQL failed with: ${errorText(reviewed.error)}`
      : 'the model judged the SQL wrong';
  return {
    adopt: true,
    reason: `correction adopted: ${why}; the corrected SQL ${outcomeText(corrected)}`,
  };
}

export interface ContinuationInput {
  sql: string | null;
  outcome: ExecutionOutcome | null;
  tablesRead: number;
  /** The person wrote their own prefix: they asked for a continuation. */
  customPrefix: boolean;
  /** The SQL comes from a cut answer (it was never run). */
  cut?: boolean;
}

/** Continuation writing runs when the current SQL fails, or reads three or more tables. */
export function continuationTrigger(input: ContinuationInput): Trigger {
  if (input.customPrefix) return { run: true, reason: 'you edited the prefix' };
  if (input.sql === null) return { run: true, reason: 'there is no SQL yet' };
  if (input.cut) return { run: true, reason: 'the SQL was cut off before its end' };
  if (input.outcome && !input.outcome.ok) {
    return { run: true, reason: `the SQL failed with: ${errorText(input.outcome.error)}` };
  }
  if (input.tablesRead >= CONTINUATION_TABLE_THRESHOLD) {
    return { run: true, reason: `the SQL reads ${input.tablesRead} tables` };
  }
  return {
    run: false,
    reason: `skipped: the SQL runs and reads fewer than ${CONTINUATION_TABLE_THRESHOLD} tables`,
  };
}

/** Continuation writing: adopted only when the completed SQL executes and returns at least one row. */
export function decideContinuation(trigger: Trigger, completed: ExecutionOutcome): Decision {
  if (!completed.ok) {
    return {
      adopt: false,
      reason: `kept the original: the completed SQL failed with: ${errorText(completed.error)}`,
    };
  }
  if (completed.result.rows.length === 0) {
    return { adopt: false, reason: 'kept the original: the completed SQL returned no rows' };
  }
  return {
    adopt: true,
    reason: `continuation adopted: ${trigger.reason}; the completed SQL ${outcomeText(completed)}`,
  };
}
