/** The one retry policy of every model call and server probe (see policy.ts for which failures). */
export {
  DEFAULT_RETRY_POLICY,
  MAX_RETRIES,
  isRetryableStatus,
  isTransientFailure,
  parseRetryAfter,
  policyWithRetries,
  retryDelayMs,
  retryReason,
  type RetryPolicy,
} from './policy';
export {
  addReasonCounts,
  countByReason,
  describeRetries,
  formatReasonCounts,
  retryCall,
  retryNoteOf,
  retryStream,
  sleepFor,
  type RetryOptions,
} from './retry';
export { retryingFetch } from './retrying-fetch';
