/**
 * Audit and sign-in records reduced to what the detectors reason about, with times parsed once.
 * Graph returns both logs newest first; everything here is sorted oldest first.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { AlertEvent } from './types.js';

export interface Target {
  id?: string;
  name?: string;
  type?: string;
  upn?: string;
}

export interface LogEvent {
  id: string;
  source: 'audit' | 'sign-in';
  /** Epoch milliseconds. */
  at: number;
  /** The time exactly as the log wrote it, so a reviewer can find the record. */
  iso: string;
  activity: string;
  actorId?: string;
  actorUpn?: string;
  actorName?: string;
  targets: Target[];
  result?: string;
  /** additionalDetails as a map (PIM puts the request id, justification and expiry there). */
  details: Record<string, string>;
  /** Sign-ins only: where from and what for. */
  signIn?: { app?: string; ip?: string; city?: string; country?: string; risk?: string; errorCode?: number };
}

export function parseTime(value: string | Date | null | undefined): number | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
  // A log that is not Graph's (a snapshot written by hand) may hold anything here: not a time.
  if (typeof value !== 'string') return undefined;
  const ms = utcTime(value) ?? Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A member read as text: a string, or absent. Graph sends strings or null; a snapshot written by
 * other hands may hold a number or an object, which must not reach the detectors as a name.
 */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A member read as a list (absent, null or not a list: none). */
export function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A member read as an object (absent, null, a list or a scalar: none). */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Graph's own form, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read without Date.parse (every log record
 * has one, so it counts); undefined for any other form or an unusual day, left to Date.parse.
 */
function utcTime(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  let ms = 0;
  if (n > 20) {
    if (s[19] !== '.' || n < 22) return undefined;
    // Milliseconds from the first three digits, the rest cut off, as Date.parse does.
    const f = digits(s, 20, n - 1);
    if (!(f >= 0)) return undefined;
    ms = n - 21 >= 3 ? digits(s, 20, 23) : f * 10 ** (3 - (n - 21));
  }
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  const year = digits(s, 0, 4);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59 && year >= 100)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** When an audit record happened; undefined when it has no time or no id (it is left out). */
export function auditTime(a: Graph.DirectoryAudit): number | undefined {
  return text(a.id) ? parseTime(a.activityDateTime) : undefined;
}

/** The user who acted, when a user did (an app otherwise). */
export function initiator(a: Graph.DirectoryAudit): Record<string, unknown> | undefined {
  return record(record(a.initiatedBy)?.user);
}

/** additionalDetails as a map: a key given twice keeps its first place and its last value. */
export function auditDetails(a: Graph.DirectoryAudit): Record<string, string> {
  const details: Record<string, string> = {};
  for (const d of items(a.additionalDetails)) {
    const key = text(record(d)?.key);
    const value = text(record(d)?.value);
    if (key && value !== undefined) details[key] = value;
  }
  return details;
}

/**
 * `knownAt`: the record's time when the caller has already read it from the same field. Members of
 * the wrong kind count as absent (see `text`), so one odd record never stops a scan.
 */
export function fromAudit(a: Graph.DirectoryAudit, knownAt?: number): LogEvent | undefined {
  const at = knownAt ?? parseTime(a.activityDateTime);
  const id = text(a.id);
  if (at === undefined || !id) return undefined;
  const user = initiator(a);
  return {
    id,
    source: 'audit',
    at,
    iso: text(a.activityDateTime) ?? new Date(at).toISOString(),
    activity: (text(a.activityDisplayName) ?? '').trim(),
    actorId: text(user?.id),
    actorUpn: text(user?.userPrincipalName),
    actorName: text(user?.displayName),
    targets: items(a.targetResources).map((t) => {
      const o = record(t);
      return { id: text(o?.id), name: text(o?.displayName), type: text(o?.type), upn: text(o?.userPrincipalName) };
    }),
    result: text(a.result),
    details: auditDetails(a),
  };
}

export function fromSignIn(s: Graph.SignIn): LogEvent | undefined {
  const at = parseTime(s.createdDateTime);
  const id = text(s.id);
  if (at === undefined || !id) return undefined;
  const app = text(s.appDisplayName);
  const location = record(s.location);
  const code = record(s.status)?.errorCode;
  const errorCode = typeof code === 'number' ? code : undefined;
  return {
    id,
    source: 'sign-in',
    at,
    iso: text(s.createdDateTime) ?? new Date(at).toISOString(),
    activity: `Sign-in${app ? ` to ${app}` : ''}`,
    actorId: text(s.userId),
    actorUpn: text(s.userPrincipalName),
    actorName: text(s.userDisplayName),
    targets: [],
    result: errorCode ? 'failure' : 'success',
    details: {},
    signIn: {
      app,
      ip: text(s.ipAddress),
      city: text(location?.city),
      country: text(location?.countryOrRegion),
      risk: text(s.riskLevelDuringSignIn) ?? text(s.riskLevelAggregated),
      errorCode,
    },
  };
}

/** Parses, drops what cannot be placed in time, and sorts oldest first. */
export function normaliseLogs(audits: readonly Graph.DirectoryAudit[], signIns: readonly Graph.SignIn[] = []): LogEvent[] {
  const out: LogEvent[] = [];
  for (const a of audits) {
    const e = fromAudit(a);
    if (e) out.push(e);
  }
  for (const s of signIns) {
    const e = fromSignIn(s);
    if (e) out.push(e);
  }
  return out.sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Who or what an event acted on, in the words a reviewer reads. */
export function targetText(e: LogEvent): string {
  if (e.signIn) {
    const where = [e.signIn.city, e.signIn.country].filter(Boolean).join(', ');
    return [e.signIn.app, where && `from ${where}`, e.signIn.ip && `(${e.signIn.ip})`].filter(Boolean).join(' ');
  }
  const names = e.targets.map((t) => t.name ?? t.upn ?? t.id).filter((x): x is string => Boolean(x));
  return names.join(', ');
}

export function toAlertEvent(e: LogEvent): AlertEvent {
  return { id: e.id, activityDateTime: e.iso, activityDisplayName: e.activity, target: targetText(e) };
}

/** A PIM request placed in time among the log records, so a streamed scan meets it before its activation. */
export interface RequestItem {
  source: 'request';
  at: number;
  request: Graph.UnifiedRoleAssignmentScheduleRequest;
}

/** What a streamed scan reads, oldest first. */
export type TimelineItem = LogEvent | RequestItem;

/** When a request takes its place among the records: made, or its schedule's start if earlier; undefined without an id or a time. */
export function requestTime(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
  const created = parseTime(r.createdDateTime);
  const start = parseTime(r.scheduleInfo?.startDateTime) ?? parseTime(r.completedDateTime);
  const at = created === undefined ? start : start === undefined ? created : Math.min(created, start);
  return r.id ? at : undefined;
}

/** Only what windows read of a request: a snapshot's requests carry much more. */
export function requestItem(r: Graph.UnifiedRoleAssignmentScheduleRequest): RequestItem | undefined {
  const at = requestTime(r);
  if (at === undefined) return undefined;
  const exp = r.scheduleInfo?.expiration;
  return {
    source: 'request',
    at,
    request: {
      id: r.id,
      principalId: r.principalId,
      roleDefinitionId: r.roleDefinitionId,
      action: r.action,
      status: r.status,
      justification: r.justification,
      ...(r.ticketInfo?.ticketNumber && { ticketInfo: { ticketNumber: r.ticketInfo.ticketNumber } }),
      createdDateTime: r.createdDateTime,
      completedDateTime: r.completedDateTime,
      scheduleInfo: {
        startDateTime: r.scheduleInfo?.startDateTime,
        ...(exp && { expiration: { endDateTime: exp.endDateTime, duration: exp.duration } }),
      },
    },
  };
}
