/**
 * The CLIs' `--retries` flag and their count of retried calls, by reason, for the last lines
 * ("Retried calls: 12 (429: 5, 503: 4, stream cut: 3)").
 */
import type { RetryNote } from '../core/llm/chat';
import {
  DEFAULT_RETRY_POLICY,
  MAX_RETRIES,
  formatReasonCounts,
  policyWithRetries,
  type RetryOptions,
} from '../core/llm/retry';

export const RETRIES_USAGE = `[--retries ${DEFAULT_RETRY_POLICY.tries - 1}]  (tries a call again on 408, 429, 5xx, a dropped connection or a cut stream; 0: never)`;

export class RetryCounter {
  readonly byReason: Record<string, number> = {};

  get total(): number {
    return Object.values(this.byReason).reduce((sum, n) => sum + n, 0);
  }

  add(note: RetryNote): void {
    this.byReason[note.reason] = (this.byReason[note.reason] ?? 0) + 1;
  }

  /** "Retried calls: 12 (429: 5, 503: 4, stream cut: 3)". */
  line(): string {
    return `Retried calls: ${formatReasonCounts(this.byReason)}`;
  }
}

/**
 * The retry options of `--retries` (how many times a failed call is tried again), counting
 * into `counter`; null with the sentence to print when the value is not a number in range.
 */
export function retryOptionsFrom(
  value: string | undefined,
  counter: RetryCounter,
): RetryOptions | string {
  const retries = value === undefined ? DEFAULT_RETRY_POLICY.tries - 1 : Number(value);
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES)
    return `--retries needs a whole number from 0 to ${MAX_RETRIES}, not "${value}".`;
  return { policy: policyWithRetries(retries), onRetry: (note) => counter.add(note) };
}
