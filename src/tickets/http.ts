/**
 * The one HTTP layer both ticket connectors use: JSON in and out under the caller's abort signal,
 * and failures as TicketSystemError with plain words that never carry a header or credential.
 */

export class TicketSystemError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TicketSystemError';
  }
}

export interface JsonRequest {
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  signal: AbortSignal;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** Sends one request; any status is returned, only an unreachable system or an unreadable body throws. */
export async function requestJson(system: string, url: string, init: JsonRequest): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  let res: Response;
  try {
    res = await fetch(url, { method: init.method ?? 'GET', headers, body, signal: init.signal, redirect: 'error' });
  } catch (err) {
    if (init.signal.aborted) throw new TicketSystemError(`${system} did not answer in time`);
    throw new TicketSystemError(`${system} could not be reached (${networkReason(err)})`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new TicketSystemError(init.signal.aborted ? `${system} did not answer in time` : `${system} broke off its answer`, res.status);
  }
  if (!text) return { status: res.status, body: undefined };
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    // Gateways and login pages answer in HTML; the status says more than the page would.
    if (res.ok) throw new TicketSystemError(`${system} answered with something other than JSON`, res.status);
    return { status: res.status, body: undefined };
  }
}

/** Plain words for a status a connector does not expect. */
export function statusProblem(system: string, status: number): TicketSystemError {
  if (status === 401) return new TicketSystemError(`${system} refused the credentials (401)`, status);
  if (status === 403) return new TicketSystemError(`${system} denied the service account access (403)`, status);
  if (status === 429) return new TicketSystemError(`${system} is rate limiting the service account (429)`, status);
  if (status >= 500) return new TicketSystemError(`${system} failed (${status})`, status);
  return new TicketSystemError(`${system} answered ${status}`, status);
}

export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
