/**
 * The sandbox's HTTP front: reads each request, applies injected faults, and hands it to the
 * control endpoints, the token and authorize endpoints, or Graph; answers carry Graph's request-id headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import { control, isLoopback } from './control.js';
import type { Faults } from './faults.js';
import { runGraph } from './graph.js';
import { errorBody, newRequestId, throttledResult, unavailableResult, type GraphRequest, type GraphResult } from './http.js';
import type { Router, Core } from './routes/router.js';
import type { TokenEndpoint } from './token-endpoint.js';
import type { TokenIssuer } from './tokens.js';

export interface ServerParts {
  core: Core;
  router: Router;
  issuer: TokenIssuer;
  tokens: TokenEndpoint;
  clock: Clock;
  faults: Faults;
}

const MAX_BODY = 4 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: GraphResult, ids: { requestId: string; clientRequestId: string }): void {
  const headers: Record<string, string> = { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId, ...(result.headers ?? {}) };
  // No chaining on writeHead: restify, loaded in the same process by `npm start`, patches it to return nothing.
  if (result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(result.body);
  headers['Content-Type'] = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(result.status, headers);
  res.end(text);
}

function basicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const [id = '', secret = ''] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
  return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const clientRequestId = String(req.headers['client-request-id'] ?? requestId);
  const ids = { requestId, clientRequestId };
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const raw = await readBody(req);
  const remote = req.socket.remoteAddress ?? '';

  if (url.pathname.startsWith('/_sandbox/')) {
    if (!isLoopback(remote)) return send(res, { status: 403, body: errorBody('Forbidden', 'Sandbox control is only open to loopback callers.', requestId, clientRequestId) }, ids);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      return send(res, { status: 400, body: errorBody('BadRequest', 'The body is not valid JSON.', requestId, clientRequestId) }, ids);
    }
    return send(res, control(req.method ?? 'GET', url.pathname, body, { clock: parts.clock, faults: parts.faults, state: parts.core.state }), ids);
  }

  const fault = parts.faults.decide(`${url.pathname}${url.search}`, req.method);
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.outcome.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault.outcome.kind === 'throttle') return send(res, throttledResult(fault.outcome.retryAfter, ids), ids);
  if (fault.outcome.kind === 'unavailable') return send(res, unavailableResult(fault.outcome.retryAfter, ids), ids);

  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return send(res, { status: 400, body: errorBody('BadRequest', 'The request URL is not valid.', requestId, clientRequestId) }, ids);
  }
  const [first = '', ...rest] = segments;
  const tail = rest.join('/');
  if (first !== 'v1.0' && first !== 'beta') {
    if (req.method === 'POST' && tail === 'oauth2/v2.0/token') {
      const result = await parts.tokens.token(first, new URLSearchParams(raw.toString('utf8')), basicAuth(req.headers.authorization), remote);
      return send(res, { ...result, headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' } }, ids);
    }
    if ((req.method === 'GET' || req.method === 'POST') && tail === 'oauth2/v2.0/authorize') {
      const page = parts.tokens.authorize.handle(first, req.method, url.searchParams, new URLSearchParams(req.method === 'POST' ? raw.toString('utf8') : ''));
      res.writeHead(page.status, { 'request-id': requestId, 'Content-Length': String(Buffer.byteLength(page.body)), ...page.headers });
      res.end(page.body);
      return;
    }
    if (req.method === 'GET' && parts.tokens.knowsTenant(first)) {
      if (tail === 'discovery/v2.0/keys' || tail === 'discovery/keys') return send(res, { status: 200, body: parts.issuer.jwks() }, ids);
      if (tail === 'v2.0/.well-known/openid-configuration') return send(res, { status: 200, body: parts.tokens.openIdConfiguration() }, ids);
      if (tail === 'discovery/instance') return send(res, { status: 200, body: parts.tokens.instanceDiscovery() }, ids);
    }
    return send(res, { status: 400, body: errorBody('BadRequest', `Invalid version: ${first}`, requestId, clientRequestId) }, ids);
  }

  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, { status: 400, body: errorBody('BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', requestId, clientRequestId) }, ids);
    }
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const graphReq: GraphRequest = {
    method: req.method ?? 'GET',
    version: first,
    path: `/${rest.join('/')}`,
    params: url.searchParams,
    headers,
    body,
    requestId,
    clientRequestId,
    remoteAddress: remote,
  };
  const result = await runGraph(parts.core, parts.router, parts.issuer, graphReq);
  if (fault.outcome.kind === 'lose-answer') {
    req.socket.destroy();
    return;
  }
  send(res, result, ids);
}

export function createSandboxServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    handle(parts, req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const id = newRequestId();
      send(res, { status: 500, body: errorBody('InternalServerError', (err as Error).message, id, id) }, { requestId: id, clientRequestId: id });
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
