/**
 * The Graph client every call goes through: the SDK's `Client` over our own middleware chain
 * (auth → retry → timeout → HTTP). The same client reaches Graph or the sandbox by base URL.
 */
import type { TokenCredential } from '@azure/identity';
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { logger as rootLogger, type Logger } from '../log.js';
import { AuthMiddleware } from './auth-middleware.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { RetryMiddleware } from './retry-middleware.js';
import { TimeoutMiddleware } from './timeout-middleware.js';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';

export interface GraphClientOptions {
  /** Service root without version; `https://graph.microsoft.com` or the sandbox URL. */
  baseUrl?: string;
  credential: TokenCredential;
  /** Defaults to `{origin}/.default` (Graph's own scope for a local base URL). */
  scopes?: string[];
  /** Per attempt, headers and body. */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Retries are logged at debug; defaults to the process logger. */
  logger?: Logger;
}

const registry = new WeakMap<Client, { policy: RetryPolicy; logger: Logger }>();

export function createGraphClient(options: GraphClientOptions): Client {
  const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const scopes = options.scopes ?? [`${origin.startsWith('https://') ? origin : GRAPH_BASE_URL}/.default`];
  const logger = options.logger ?? rootLogger.child({ component: 'graph' });
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: 'v1.0',
    middleware: [
      new AuthMiddleware(options.credential, scopes, origin),
      new RetryMiddleware(policy, logger),
      new TimeoutMiddleware(options.timeoutMs ?? 30_000),
      new HTTPMessageHandler(),
    ],
  });
  registry.set(client, { policy, logger });
  return client;
}

/** The retry policy and logger a client was built with; the batch helper reuses them for throttled steps. */
export function clientSettingsOf(client: Client): { policy: RetryPolicy; logger?: Logger } {
  return registry.get(client) ?? { policy: DEFAULT_RETRY_POLICY };
}
