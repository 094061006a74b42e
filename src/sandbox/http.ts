/**
 * The shapes every Graph answer of the sandbox shares: the result a route returns, Graph's error
 * body with its innerError ids, and the throttling body.
 */
import { randomUUID } from 'node:crypto';

export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One Graph call, whether it came over HTTP or from inside a `$batch`. */
export interface GraphRequest {
  method: string;
  version: 'v1.0' | 'beta';
  /** Path under the version, decoded, starting with `/`. */
  path: string;
  params: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  requestId: string;
  clientRequestId: string;
  remoteAddress: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, requestId: string, clientRequestId: string, extra: Record<string, unknown> = {}) {
  return {
    error: {
      code,
      message,
      innerError: { ...extra, date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

export function errorResult(err: GraphError, req: Pick<GraphRequest, 'requestId' | 'clientRequestId'>): GraphResult {
  return { status: err.status, headers: err.headers, body: errorBody(err.code, err.message, req.requestId, req.clientRequestId) };
}

export function throttledResult(retryAfter: number, req: Pick<GraphRequest, 'requestId' | 'clientRequestId'>): GraphResult {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfter) },
    body: errorBody('TooManyRequests', 'Please retry again later.', req.requestId, req.clientRequestId, {
      code: '429',
      message: 'Please retry after',
      status: '429',
    }),
  };
}

export function unavailableResult(retryAfter: number, req: Pick<GraphRequest, 'requestId' | 'clientRequestId'>): GraphResult {
  return {
    status: 503,
    headers: { 'Retry-After': String(retryAfter) },
    body: errorBody('ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', req.requestId, req.clientRequestId),
  };
}

export const newRequestId = (): string => randomUUID();

export const badRequest = (message: string) => new GraphError(400, 'BadRequest', message);
export const notFound = (message: string, code = 'Request_ResourceNotFound') => new GraphError(404, code, message);
