/**
 * When a failed model call is tried again, and after how long. Real servers fail for passing
 * reasons: a hosted API rate-limits (429 with `Retry-After`), vLLM answers 503 while it
 * restarts, a proxy cuts a long stream or times out (408, 504). Those are tried again, as the
 * official OpenAI clients do; an answer about the request itself (400, 401, 403, 404, 422, a
 * prompt over the context window) is final.
 */
import { isAbort, type ErrorPayload } from '../../errors';

export interface RetryPolicy {
  /** Tries in all, the first included (1: never try again). */
  tries: number;
  /** The first wait; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` honoured: a server asking for an hour gets this. */
  maxRetryAfterMs: number;
}

/** 5 tries, waiting about 0.5, 1, 2 and 4 s between them (the OpenAI clients' curve). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  tries: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** The most retries a person can ask for (`--retries`, the page's setting). */
export const MAX_RETRIES = 10;

/** A policy that tries a call `retries` more times after the first. */
export function policyWithRetries(
  retries: number,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  const bounded = Math.max(0, Math.min(MAX_RETRIES, Math.floor(retries)));
  return { ...base, tries: bounded + 1 };
}

/** 408 (request timeout), 429 (rate limit) and every 5xx are passing; other statuses are answers. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds ("2", "0.5") or an HTTP date, counted
 * from `nowMs` (a date in the past is 0). OpenAI's `retry-after-ms` wins when both are sent.
 * Null for anything else.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null },
  nowMs: number,
): number | null {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // An HTTP date names a weekday and a month; Date.parse alone would take "1" as a year.
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * Why an error is worth another try ("429", "stream cut", ...), or null when it is final: the
 * person's Stop, a context overflow, a refusal of the request, a model's own bad answer.
 */
export function retryReason(error: ErrorPayload | unknown): string | null {
  if (isAbort(error) || typeof error !== 'object' || error === null || !('code' in error))
    return null;
  const { code, status } = error as ErrorPayload;
  if (code === 'context_overflow' || code === 'aborted') return null;
  if (status !== undefined) return isRetryableStatus(status) ? String(status) : null;
  switch (code) {
    case 'stream_dropped':
      return 'stream cut';
    case 'timeout':
      return 'timeout';
    // A fetch that gets no answer at all: a refused or dropped connection (in a browser it
    // cannot be told from a CORS refusal, which then costs a few seconds more to report).
    case 'network':
    case 'cors':
      return 'connection failed';
    default:
      return null;
  }
}

/** Whether a question's failure came from the server's passing trouble, not from the model. */
export function isTransientFailure(error: ErrorPayload | null | undefined): boolean {
  return error !== null && error !== undefined && retryReason(error) !== null;
}

/**
 * The wait before try `attempt + 1` after try `attempt` failed: the server's `Retry-After` when
 * it gave one (capped), else `baseDelayMs · 2^(attempt-1)` capped at `maxDelayMs`, less up to a
 * quarter at random so that many clients hit by one hiccup do not come back all at once.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null && retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const exponential = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(exponential * (1 - 0.25 * random()));
}
