/**
 * Graph failures as typed errors the bot can explain. Every gateway call throws a `PimError`
 * subclass; `kind` lets a caller switch without `instanceof` chains.
 */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';

export type PimErrorKind =
  | 'policy'
  | 'not-eligible'
  | 'already-decided'
  | 'forbidden'
  | 'unauthorized'
  | 'not-found'
  | 'throttled'
  | 'timeout'
  | 'unavailable'
  | 'bad-request'
  | 'conflict'
  | 'bad-response'
  | 'network'
  | 'unknown';

export interface PimErrorDetails {
  status?: number;
  code?: string;
  graphMessage?: string;
  requestId?: string;
  cause?: unknown;
}

// Extends the SDK's GraphClientError so errors raised inside the middleware chain reach the caller
// as they are, instead of being rewrapped into a GraphError with status -1.
export class PimError extends GraphClientError {
  readonly kind: PimErrorKind = 'unknown';
  /** HTTP status from Graph; undefined when no response came back. */
  readonly status: number | undefined;
  /** Graph's `error.code`, e.g. `RoleAssignmentRequestPolicyValidationFailed`. */
  readonly code: string | undefined;
  /** Graph's own `error.message`, unedited. */
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: PimErrorDetails = {}) {
    super(message);
    // GraphClientError pins its own prototype; restore the subclass so instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    if (details.cause !== undefined) this.cause = details.cause;
    this.status = details.status;
    this.code = details.code;
    this.graphMessage = details.graphMessage;
    this.requestId = details.requestId;
  }
}

/** The role's policy refused the request; `rules` are Graph's rule names, e.g. `TicketingRule`. */
export class PolicyValidationError extends PimError {
  override readonly kind = 'policy';
  constructor(readonly rules: string[], details: PimErrorDetails) {
    super(`The role's policy refused the request: ${rules.length ? rules.join(', ') : 'unnamed rule'} failed`, details);
  }
}

/** The principal holds no eligibility (or no active assignment) for what it asked to change. */
export class NotEligibleError extends PimError {
  override readonly kind = 'not-eligible';
  constructor(details: PimErrorDetails) {
    super('The user is not eligible for this role (or holds no matching assignment)', details);
  }
}

/** 409 on an approval step: another approver decided first. */
export class AlreadyDecidedError extends PimError {
  override readonly kind = 'already-decided';
  constructor(details: PimErrorDetails) {
    super('This request has already been decided by another approver', details);
  }
}

export class ForbiddenError extends PimError {
  override readonly kind = 'forbidden';
  constructor(details: PimErrorDetails) {
    super(`Not allowed: ${details.graphMessage ?? 'the caller lacks permission for this action'}`, details);
  }
}

export class UnauthorizedError extends PimError {
  override readonly kind = 'unauthorized';
  constructor(details: PimErrorDetails) {
    super(`Not signed in or the token was refused: ${details.graphMessage ?? 'unauthorized'}`, details);
  }
}

export class NotFoundError extends PimError {
  override readonly kind = 'not-found';
  constructor(details: PimErrorDetails) {
    super(`Not found: ${details.graphMessage ?? 'the object does not exist'}`, details);
  }
}

/** Still throttled after every retry; `retryAfterMs` is Graph's last hint, when it gave one. */
export class ThrottledError extends PimError {
  override readonly kind = 'throttled';
  constructor(readonly retryAfterMs: number | undefined, details: PimErrorDetails) {
    super('Microsoft Graph is throttling requests; try again shortly', details);
  }
}

export class UnavailableError extends PimError {
  override readonly kind = 'unavailable';
  constructor(details: PimErrorDetails) {
    super(`Microsoft Graph is unavailable (${details.status ?? 'no response'}); try again shortly`, details);
  }
}

export class GraphTimeoutError extends PimError {
  override readonly kind = 'timeout';
  constructor(readonly timeoutMs: number, details: PimErrorDetails = {}) {
    super(`Microsoft Graph did not answer within ${timeoutMs} ms`, details);
  }
}

export class BadRequestError extends PimError {
  override readonly kind = 'bad-request';
  constructor(details: PimErrorDetails) {
    super(`Graph refused the request: ${details.graphMessage ?? details.code ?? 'bad request'}`, details);
  }
}

/** The role is already active, or a request for it is already pending (or another 409). */
export class ConflictError extends PimError {
  override readonly kind = 'conflict';
  constructor(details: PimErrorDetails) {
    super(`Conflict: ${details.graphMessage ?? details.code ?? 'the object changed'}`, details);
  }
}

/** Graph answered 2xx with a body missing fields the bot reads. */
export class ResponseShapeError extends PimError {
  override readonly kind = 'bad-response';
  constructor(readonly what: string, readonly issues: string[]) {
    super(`Unexpected ${what} from Graph: ${issues.slice(0, 3).join('; ')}`);
  }
}

export class NetworkError extends PimError {
  override readonly kind = 'network';
  constructor(cause: unknown) {
    super(`Could not reach Microsoft Graph: ${describeCause(cause)}`, { cause });
  }
}

/** `fetch failed` says little; the socket error under it (`ECONNREFUSED 127.0.0.1:5100`) says why. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause as { code?: string; message?: string } | undefined;
  return inner?.message && inner.message !== cause.message ? `${cause.message} (${inner.message})` : cause.message;
}

const POLICY_CODES = /PolicyValidationFailed$/i;
// Graph has no single code for "not eligible"; these are the ones seen for missing schedules.
const NOT_ELIGIBLE_CODES = /^(RoleAssignmentDoesNotExist|RoleEligibilityScheduleDoesNotExist|RoleEligibilityDoesNotExist|NotEligible|RoleNotEligible|EligibilityNotFound)$/i;

// Sent as 400, but they mean the state already holds what was asked for.
const CONFLICT_CODES = /^(RoleAssignmentExists|PendingRoleAssignmentRequest)$/i;

/** `The following policy rules failed: ["MfaRule","TicketingRule"]` → `['MfaRule','TicketingRule']`. */
export function parseFailedRules(message: string | undefined): string[] {
  if (!message) return [];
  const bracket = /\[([^\]]*)\]/.exec(message);
  if (bracket) {
    try {
      const parsed: unknown = JSON.parse(`[${bracket[1]}]`);
      if (Array.isArray(parsed)) return parsed.filter((r): r is string => typeof r === 'string' && r.length > 0);
    } catch {
      // Not JSON: fall through to the word scan.
    }
  }
  return [...new Set(message.match(/\b[A-Z][A-Za-z]*Rule\b/g) ?? [])];
}

/** Builds the typed error for one Graph error response (status + `{error:{code,message}}`). */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): PimError {
  const err = (body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | null)?.error;
  const details: PimErrorDetails = {
    status,
    code: typeof err?.code === 'string' ? err.code : undefined,
    graphMessage: typeof err?.message === 'string' ? err.message : undefined,
    requestId: typeof err?.innerError?.['request-id'] === 'string' ? (err.innerError['request-id'] as string) : undefined,
  };
  const code = details.code ?? '';
  if (POLICY_CODES.test(code)) return new PolicyValidationError(parseFailedRules(details.graphMessage), details);
  if (NOT_ELIGIBLE_CODES.test(code)) return new NotEligibleError(details);
  if (CONFLICT_CODES.test(code)) return new ConflictError(details);
  switch (status) {
    case 400:
      return new BadRequestError(details);
    case 401:
      return new UnauthorizedError(details);
    case 403:
      return new ForbiddenError(details);
    case 404:
      return new NotFoundError(details);
    case 409:
      return new ConflictError(details);
    case 429:
      return new ThrottledError(retryAfterMs, details);
    case 500:
    case 502:
    case 503:
    case 504:
      return new UnavailableError(details);
    default:
      return new PimError(`Graph answered ${status}: ${details.graphMessage ?? code ?? 'error'}`, details);
  }
}

/** Maps whatever the Graph SDK threw into a `PimError`. */
export function toPimError(err: unknown): PimError {
  if (err instanceof PimError) return err;
  if (err instanceof GraphError) {
    // Status -1: fetch itself failed (connection refused, reset) and the SDK wrapped it.
    if (err.statusCode === -1 || err.statusCode === undefined) return new NetworkError(err);
    let body: unknown;
    try {
      body = typeof err.body === 'string' ? { error: JSON.parse(err.body) } : err.body;
    } catch {
      body = { error: { code: err.code ?? undefined, message: err.message } };
    }
    const retryAfter = err.headers?.get('retry-after');
    return errorFromResponse(err.statusCode, body, retryAfter ? parseRetryAfterMs(retryAfter) : undefined);
  }
  return new NetworkError(err);
}

/** `Retry-After` as seconds (possibly fractional, as Graph sends) or an HTTP date, in ms. */
export function parseRetryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const PASSING: ReadonlySet<PimErrorKind> = new Set(['throttled', 'timeout', 'unavailable', 'network']);

/** A failure that passes (throttling, an outage, a slow or dropped answer): asking again later may work. */
export function isPassing(err: unknown): boolean {
  return err instanceof PimError && PASSING.has(err.kind);
}
