/**
 * A fetch for a server's probes (its kind, its window, its /tokenize) under the same policy as
 * the calls: an answer of 408, 429 or 5xx, or no answer at all, is asked again. The probes read
 * any other failure as "no such route", so what is returned after the last try is the last
 * answer (or the last rejection).
 */
import { isAbort } from '../../errors';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, retryDelayMs } from './policy';
import { sleepFor, type RetryOptions } from './retry';

export function retryingFetch(fetchImpl: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? sleepFor;
  return async (input, init) => {
    const signal = init?.signal ?? undefined;
    for (let attempt = 1; ; attempt++) {
      let retryAfterMs: number | null = null;
      let reason: string;
      try {
        const response = await fetchImpl(input, init);
        if (!isRetryableStatus(response.status) || attempt >= policy.tries) return response;
        retryAfterMs = parseRetryAfter(response.headers, Date.now());
        reason = String(response.status);
        // The body is not read: free the connection.
        await response.body?.cancel().catch(() => {});
      } catch (error) {
        if (isAbort(error) || signal?.aborted || attempt >= policy.tries) throw error;
        reason = 'connection failed';
      }
      const waitMs = retryDelayMs(attempt, retryAfterMs, policy, options.random);
      options.onRetry?.({ attempt, reason, waitMs });
      await sleep(waitMs, signal);
    }
  };
}
