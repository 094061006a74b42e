/**
 * JSON batching: up to 20 relative requests run through the same routes (each throttled and
 * authorized on its own), `dependsOn` ordering, and 424 for requests whose dependency failed.
 */
import { badRequest, newRequestId, throttledResult, unavailableResult, type GraphRequest, type GraphResult } from '../http.js';
import type { Route, RouteContext } from './router.js';

const MAX_REQUESTS = 20;

interface Part {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

function parseParts(body: unknown): Part[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) throw badRequest('Invalid batch payload format: the body must carry a "requests" array.');
  if (requests.length > MAX_REQUESTS) throw badRequest(`Invalid batch payload format: the number of requests exceeds the limit of ${MAX_REQUESTS}.`);
  const parts = requests.map((r: Record<string, unknown>, i): Part => {
    if (!r || typeof r !== 'object') throw badRequest(`Invalid batch payload format: request ${i} is not an object.`);
    const { id, method, url } = r;
    if (typeof id !== 'string' || !id) throw badRequest(`Invalid batch payload format: request ${i} has no id.`);
    if (typeof method !== 'string' || typeof url !== 'string') throw badRequest(`Invalid batch payload format: request '${id}' needs a method and a url.`);
    if (/^[a-z]+:\/\//i.test(url)) throw badRequest(`Invalid batch payload format: request '${id}' must use a relative url.`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((r.headers as Record<string, unknown> | undefined) ?? {})) headers[k.toLowerCase()] = String(v);
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    return { id, method: method.toUpperCase(), url, headers, body: r.body, dependsOn };
  });
  const ids = new Set<string>();
  for (const p of parts) {
    if (ids.has(p.id)) throw badRequest(`Invalid batch payload format: the request id '${p.id}' is not unique.`);
    ids.add(p.id);
  }
  for (const p of parts) for (const d of p.dependsOn) if (!ids.has(d)) throw badRequest(`Invalid batch payload format: request '${p.id}' depends on unknown request '${d}'.`);
  // Refuse cycles: each request may only depend on requests that can be ordered before it.
  const done = new Set<string>();
  let progress = true;
  while (progress && done.size < parts.length) {
    progress = false;
    for (const p of parts) {
      if (done.has(p.id) || !p.dependsOn.every((d) => done.has(d))) continue;
      done.add(p.id);
      progress = true;
    }
  }
  if (done.size < parts.length) throw badRequest('Invalid batch payload format: the dependsOn chain has a cycle.');
  return parts;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runPart(ctx: RouteContext, part: Part): Promise<GraphResult> {
  const url = new URL(part.url.replace(/^\/?/, '/'), 'http://batch.invalid');
  const req: GraphRequest = {
    method: part.method,
    version: ctx.req.version,
    path: decodeURIComponent(url.pathname),
    params: url.searchParams,
    headers: { ...ctx.req.headers, ...part.headers, authorization: ctx.req.headers.authorization },
    body: part.body,
    requestId: newRequestId(),
    clientRequestId: part.headers['client-request-id'] ?? newRequestId(),
    remoteAddress: ctx.req.remoteAddress,
  };
  if (part.body !== undefined && !part.headers['content-type']) {
    return { status: 400, body: { error: { code: 'BadRequest', message: 'A Content-Type header is required when a request has a body.' } } };
  }
  const fault = ctx.core.faults.decide(`/${req.version}${url.pathname}${url.search}`, part.method);
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.outcome.kind === 'lose-answer') {
    // A part's answer cannot be lost alone: carried out, then answered as a gateway timeout.
    await ctx.core.dispatch(req);
    return { status: 504, body: { error: { code: 'GatewayTimeout', message: 'The request timed out before an answer came back.' } } };
  }
  if (fault.outcome.kind === 'throttle') return throttledResult(fault.outcome.retryAfter, req);
  if (fault.outcome.kind === 'unavailable' || fault.outcome.kind === 'drop') return unavailableResult(fault.outcome.kind === 'drop' ? 1 : fault.outcome.retryAfter, req);
  return ctx.core.dispatch(req);
}

export const batchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/$batch',
    needs: { delegated: [], application: [] },
    handle: async (ctx) => {
      const parts = parseParts(ctx.req.body);
      const results = new Map<string, Promise<GraphResult>>();
      const start = (part: Part): Promise<GraphResult> => {
        let running = results.get(part.id);
        if (running) return running;
        running = (async () => {
          const deps = await Promise.all(part.dependsOn.map((d) => start(parts.find((p) => p.id === d)!)));
          if (deps.some((r) => r.status >= 400)) {
            return { status: 424, body: { error: { code: 'FailedDependency', message: 'A request this request depends on failed.' } } };
          }
          return runPart(ctx, part);
        })();
        results.set(part.id, running);
        return running;
      };
      const responses = await Promise.all(
        parts.map(async (part) => {
          const r = await start(part);
          const headers: Record<string, string> = { ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(r.headers ?? {}) };
          return { id: part.id, status: r.status, headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        }),
      );
      return { status: 200, body: { responses } };
    },
  },
];
