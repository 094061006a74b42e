/** How long to wait before a retry: Graph's `Retry-After` when it sends one, else jittered exponential. */

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** First backoff step when Graph gives no `Retry-After`. */
  baseDelayMs: number;
  /** Ceiling for any single wait, `Retry-After` included, so a wild hint cannot stall a call. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Statuses that mean "not processed, come back later". */
export const RETRYABLE_STATUS = new Set([429, 503, 504]);

export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  // "Equal jitter": half fixed, half random, so a throttled fleet spreads out but still backs off.
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
