/**
 * Per-call settings for the middleware chain, attached with
 * `client.api(path).middlewareOptions([new CallOptions({...})])`.
 */
import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

export interface CallSettings {
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** Marks a non-GET call as safe to resend after a timeout or dropped connection. */
  idempotent?: boolean;
}

export class CallOptions implements MiddlewareOptions {
  constructor(readonly settings: CallSettings) {}
}

export function callSettingsOf(context: Context): CallSettings {
  const found = context.middlewareControl?.getMiddlewareOptions(CallOptions);
  return found instanceof CallOptions ? found.settings : {};
}

export function methodOf(context: Context): string {
  if (typeof context.request !== 'string') return context.request.method.toUpperCase();
  return (context.options?.method ?? 'GET').toUpperCase();
}

export function urlOf(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

/** Sets a header on the request options, whatever form the headers take. */
export function setHeader(context: Context, name: string, value: string | undefined): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
    return;
  }
  const record: Record<string, string> = Array.isArray(headers) ? Object.fromEntries(headers) : { ...(headers as Record<string, string> | undefined) };
  for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase()) delete record[key];
  if (value !== undefined) record[name] = value;
  options.headers = record;
}
