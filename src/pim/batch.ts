/**
 * JSON batching: any number of steps, sent as `$batch` calls of at most 20 (Graph's limit). Graph
 * throttles each step on its own and SDKs do not retry inside a batch, so the steps that come back
 * 429/503/504 are resent, alone, after their `Retry-After`.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../log.js';
import { RETRYABLE_STATUS, retryDelayMs, sleep, type RetryPolicy } from './backoff.js';
import { call } from './call.js';
import { CallOptions } from './call-options.js';
import { clientSettingsOf } from './client.js';
import { errorFromResponse, parseRetryAfterMs, ResponseShapeError } from './errors.js';
import { check } from './shapes.js';
import { z } from 'zod/v4';

export const BATCH_LIMIT = 20;

export interface BatchStep {
  /** Unique within the whole call, not just within a chunk. */
  id: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version root, e.g. `/users/{id}?$expand=manager`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A POST that only reads (getPresencesByUserId): safe to send again, like a GET. */
  readOnly?: boolean;
}

export interface BatchOutcome {
  id: string;
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchOptions {
  version?: 'v1.0' | 'beta';
  /** Chunks in flight at once. */
  concurrency?: number;
  /** Defaults to the client's logger. */
  logger?: Logger;
}

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({ id: z.string(), status: z.number(), headers: z.record(z.string(), z.string()).nullable().optional(), body: z.unknown() }),
  ),
});

/** Runs every step and returns each outcome by id; a failed step is an outcome, not a throw. */
export async function batch(client: Client, steps: BatchStep[], options: BatchOptions = {}): Promise<Map<string, BatchOutcome>> {
  const ids = new Set(steps.map((s) => s.id));
  if (ids.size !== steps.length) throw new Error('batch step ids must be unique');
  const chunks: BatchStep[][] = [];
  for (let i = 0; i < steps.length; i += BATCH_LIMIT) chunks.push(steps.slice(i, i + BATCH_LIMIT));
  const outcomes = new Map<string, BatchOutcome>();
  const settings = clientSettingsOf(client);
  const policy = settings.policy;
  const logger = options.logger ?? settings.logger;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      for (const outcome of await runChunk(client, chunk, policy, options.version ?? 'v1.0', logger)) outcomes.set(outcome.id, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return outcomes;
}

async function runChunk(client: Client, chunk: BatchStep[], policy: RetryPolicy, version: string, logger?: Logger): Promise<BatchOutcome[]> {
  const done: BatchOutcome[] = [];
  let pending = chunk;
  for (let attempt = 0; ; attempt++) {
    const results = await send(client, pending, version);
    const retry: BatchStep[] = [];
    let retryAfterMs: number | undefined;
    for (const step of pending) {
      // A step missing from the answer was not processed: treat it like a 503.
      const outcome = results.get(step.id) ?? { id: step.id, status: 503, headers: {}, body: null };
      if (RETRYABLE_STATUS.has(outcome.status) && attempt < policy.maxRetries) {
        retry.push(step);
        const hint = parseRetryAfterMs(outcome.headers['retry-after']);
        if (hint !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, hint);
      } else {
        done.push(outcome);
      }
    }
    if (retry.length === 0) return done;
    const delay = retryDelayMs(policy, attempt, retryAfterMs);
    logger?.debug({ steps: retry.length, attempt: attempt + 1, delayMs: Math.round(delay) }, 'graph batch retry of throttled steps');
    await sleep(delay);
    pending = retry;
  }
}

async function send(client: Client, steps: BatchStep[], version: string): Promise<Map<string, BatchOutcome>> {
  const requests = steps.map((s) => {
    const headers = { ...s.headers };
    if (s.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    return {
      id: s.id,
      method: s.method ?? 'GET',
      url: s.url,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(s.body !== undefined ? { body: s.body } : {}),
    };
  });
  const allReads = steps.every((s) => (s.method ?? 'GET') === 'GET' || s.readOnly === true);
  const body = await call(() =>
    client
      .api('/$batch')
      .version(version)
      .middlewareOptions([new CallOptions({ idempotent: allReads })])
      .post({ requests }),
  );
  const parsed = check<z.infer<typeof batchResponseSchema>>(batchResponseSchema, body, '$batch response');
  const out = new Map<string, BatchOutcome>();
  for (const r of parsed.responses) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    out.set(r.id, { id: r.id, status: r.status, headers, body: r.body });
  }
  return out;
}

/** The body of a successful outcome, checked; a failed one throws its typed error. */
export function outcomeBody<T>(outcome: BatchOutcome | undefined, schema: z.ZodTypeAny, what: string): T {
  if (!outcome) throw new ResponseShapeError(what, ['no response for this batch step']);
  if (outcome.status < 200 || outcome.status >= 300) {
    throw errorFromResponse(outcome.status, outcome.body, parseRetryAfterMs(outcome.headers['retry-after']));
  }
  return check<T>(schema, outcome.body, what);
}
