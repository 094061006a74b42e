/**
 * The one place Graph calls are retried: 429 and 503 (any method: Graph did not process them), and
 * 504, timeouts or dropped connections for idempotent calls only (a gateway timeout may come after
 * the service acted), so a POST or PATCH is never sent twice blind.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../log.js';
import { RETRYABLE_STATUS, retryDelayMs, sleep, type RetryPolicy } from './backoff.js';
import { callSettingsOf, methodOf, setHeader, urlOf } from './call-options.js';
import { GraphTimeoutError, NetworkError, parseRetryAfterMs } from './errors.js';
import { graphRetries, graphThrottles } from '../metrics.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export class RetryMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly logger?: Logger,
  ) {}

  async execute(context: Context): Promise<void> {
    const method = methodOf(context);
    const idempotent = callSettingsOf(context).idempotent ?? IDEMPOTENT.has(method);
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | undefined;
      try {
        await this.next!.execute(context);
        const response = context.response!;
        if (response.status === 429) graphThrottles.inc();
        if (!RETRYABLE_STATUS.has(response.status) || (response.status === 504 && !idempotent) || attempt >= this.policy.maxRetries) return;
        retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
        reason = String(response.status);
      } catch (err) {
        const transient = err instanceof GraphTimeoutError || err instanceof NetworkError;
        if (!transient || !idempotent || attempt >= this.policy.maxRetries) throw err;
        reason = err instanceof GraphTimeoutError ? 'timeout' : 'network';
      }
      graphRetries.inc({ reason });
      const delay = retryDelayMs(this.policy, attempt, retryAfterMs);
      this.logger?.debug({ method, url: redactQuery(urlOf(context)), attempt: attempt + 1, reason, delayMs: Math.round(delay) }, 'graph retry');
      setHeader(context, 'Retry-Attempt', String(attempt + 1));
      await sleep(delay);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function redactQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}
