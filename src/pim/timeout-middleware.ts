/**
 * Bounds each attempt: headers and body must arrive within the timeout. The body is read here so a
 * stalled stream cannot outlive the timer. Transport failures leave here as typed errors.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { callSettingsOf } from './call-options.js';
import { GraphTimeoutError, NetworkError, PimError } from './errors.js';

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export class TimeoutMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const ms = callSettingsOf(context).timeoutMs ?? this.timeoutMs;
    const options = (context.options ??= {});
    const upstream = options.signal ?? undefined;
    const controller = new AbortController();
    const onUpstreamAbort = () => controller.abort(upstream?.reason);
    upstream?.addEventListener('abort', onUpstreamAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new GraphTimeoutError(ms)), ms);
    options.signal = controller.signal;
    try {
      await this.next!.execute(context);
      const response = context.response;
      if (response) {
        const body = NULL_BODY_STATUS.has(response.status) ? null : await response.arrayBuffer();
        context.response = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
    } catch (err) {
      if (controller.signal.reason instanceof GraphTimeoutError) throw new GraphTimeoutError(ms, { cause: err });
      // Typed here, while the socket error is still attached; the SDK would rewrap it without it.
      if (!(err instanceof PimError)) throw new NetworkError(err);
      throw err;
    } finally {
      clearTimeout(timer);
      upstream?.removeEventListener('abort', onUpstreamAbort);
      options.signal = upstream;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
