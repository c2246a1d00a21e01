/**
 * Trying a call again under a `RetryPolicy`: a promise call (a model list, n samples in one
 * request) or a streamed chat. A stream that fails part-way is announced with a `retry` event
 * (its text is void) and started again whole; the person's Stop ends the wait at once.
 */
import { AppError, stoppedError, toAppError } from '../../errors';
import type { ChatEvent, RetryNote } from '../chat';
import { DEFAULT_RETRY_POLICY, retryDelayMs, retryReason, type RetryPolicy } from './policy';

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Waits `ms` or rejects with `aborted` when the signal fires (tests pass fake timers). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told of every retry (the CLI's counts, the connect progress line). */
  onRetry?: (note: RetryNote) => void;
  /**
   * Overrides the wait (an endpoint pool that can send the next try to another, healthy server
   * right away); gets the policy's wait.
   */
  waitFor?: (note: RetryNote, error: AppError) => number;
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(stoppedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(stoppedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The last try's error, saying how many tries were made when there were several. */
function exhausted(error: AppError, tries: number): AppError {
  if (tries <= 1) return error;
  return new AppError(
    error.code,
    `${error.message} (tried ${tries} times)`,
    error.nextStep,
    error.detail,
    { status: error.status, retryAfterMs: error.retryAfterMs },
  );
}

interface Decision {
  retry: RetryNote | null;
  error: AppError;
}

function decide(
  raw: unknown,
  attempt: number,
  options: RetryOptions,
  signal: AbortSignal | undefined,
): Decision {
  const error = toAppError(raw);
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const reason = retryReason(error);
  if (reason === null || signal?.aborted) return { retry: null, error };
  if (attempt >= policy.tries) return { retry: null, error: exhausted(error, attempt) };
  const waitMs = retryDelayMs(attempt, error.retryAfterMs, policy, options.random);
  const note: RetryNote = { attempt, reason, waitMs };
  return { retry: { ...note, waitMs: options.waitFor?.(note, error) ?? waitMs }, error };
}

/** Runs `attempt` until it succeeds, fails for good, or the tries run out. */
export async function retryCall<T>(
  attempt: (tryNumber: number) => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
): Promise<{ value: T; retries: RetryNote[] }> {
  const retries: RetryNote[] = [];
  const sleep = options.sleep ?? sleepFor;
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return { value: await attempt(tryNumber), retries };
    } catch (raw) {
      const { retry, error } = decide(raw, tryNumber, options, signal);
      if (!retry) throw error;
      retries.push(retry);
      options.onRetry?.(retry);
      await sleep(retry.waitMs, signal);
    }
  }
}

/**
 * A streamed chat tried again whole when it fails for a passing reason, before or after its
 * first token: a `retry` event tells the consumer to drop the text it has so far.
 */
export async function* retryStream(
  attempt: (tryNumber: number) => AsyncIterable<ChatEvent>,
  options: RetryOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const sleep = options.sleep ?? sleepFor;
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      yield* attempt(tryNumber);
      return;
    } catch (raw) {
      const { retry, error } = decide(raw, tryNumber, options, signal);
      if (!retry) throw error;
      options.onRetry?.(retry);
      yield { type: 'retry', ...retry };
      await sleep(retry.waitMs, signal);
    }
  }
}

/** The note a `retry` event carries, without its type. */
export function retryNoteOf(event: RetryNote): RetryNote {
  return { attempt: event.attempt, reason: event.reason, waitMs: event.waitMs };
}

const TIMES = ['', 'once', 'twice'];

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${Number(s.toFixed(1))} s` : `${Math.round(s)} s`;
}

/**
 * The card's sentence for a call's retries: "retried twice: 429, 503, waited 1.5 s".
 * Null when the call was not retried.
 */
export function describeRetries(retries: readonly RetryNote[] | undefined): string | null {
  if (!retries || retries.length === 0) return null;
  const times = TIMES[retries.length] ?? `${retries.length} times`;
  const waited = retries.reduce((sum, r) => sum + r.waitMs, 0);
  return `retried ${times}: ${retries.map((r) => r.reason).join(', ')}, waited ${seconds(waited)}`;
}

/** Retries counted by reason, for summaries: { "429": 3, "stream cut": 1 }. */
export function countByReason(retries: readonly RetryNote[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of retries) counts[r.reason] = (counts[r.reason] ?? 0) + 1;
  return counts;
}

/** "12 (429: 5, 503: 4, stream cut: 3)", most frequent first; "0" for none. */
export function formatReasonCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return '0';
  return `${total} (${entries.map(([reason, n]) => `${reason}: ${n}`).join(', ')})`;
}

/** Adds `from`'s counts into `into`. */
export function addReasonCounts(
  into: Record<string, number>,
  from: Record<string, number> | undefined,
): void {
  for (const [reason, n] of Object.entries(from ?? {})) into[reason] = (into[reason] ?? 0) + n;
}
