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
  if (value === null || value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : (utcTime(value) ?? Date.parse(value));
  return Number.isFinite(ms) ? ms : undefined;
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

/** `knownAt`: the record's time when the caller has already read it from the same field. */
export function fromAudit(a: Graph.DirectoryAudit, knownAt?: number): LogEvent | undefined {
  const at = knownAt ?? parseTime(a.activityDateTime);
  if (at === undefined || !a.id) return undefined;
  const user = a.initiatedBy?.user;
  const details: Record<string, string> = {};
  for (const d of a.additionalDetails ?? []) if (d.key && typeof d.value === 'string') details[d.key] = d.value;
  return {
    id: a.id,
    source: 'audit',
    at,
    iso: typeof a.activityDateTime === 'string' ? a.activityDateTime : new Date(at).toISOString(),
    activity: (a.activityDisplayName ?? '').trim(),
    actorId: user?.id ?? undefined,
    actorUpn: user?.userPrincipalName ?? undefined,
    actorName: user?.displayName ?? undefined,
    targets: (a.targetResources ?? []).map((t) => ({
      id: t.id ?? undefined,
      name: t.displayName ?? undefined,
      type: t.type ?? undefined,
      upn: t.userPrincipalName ?? undefined,
    })),
    result: a.result ?? undefined,
    details,
  };
}

export function fromSignIn(s: Graph.SignIn): LogEvent | undefined {
  const at = parseTime(s.createdDateTime);
  if (at === undefined || !s.id) return undefined;
  const app = s.appDisplayName ?? undefined;
  return {
    id: s.id,
    source: 'sign-in',
    at,
    iso: typeof s.createdDateTime === 'string' ? s.createdDateTime : new Date(at).toISOString(),
    activity: `Sign-in${app ? ` to ${app}` : ''}`,
    actorId: s.userId ?? undefined,
    actorUpn: s.userPrincipalName ?? undefined,
    actorName: s.userDisplayName ?? undefined,
    targets: [],
    result: s.status?.errorCode ? 'failure' : 'success',
    details: {},
    signIn: {
      app,
      ip: s.ipAddress ?? undefined,
      city: s.location?.city ?? undefined,
      country: s.location?.countryOrRegion ?? undefined,
      risk: s.riskLevelDuringSignIn ?? s.riskLevelAggregated ?? undefined,
      errorCode: s.status?.errorCode ?? undefined,
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

/** Only what windows read of a request: a snapshot's requests carry much more. */
/** When a request takes its place among the records: made, or its schedule's start if earlier; undefined without an id or a time. */
export function requestTime(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
  const created = parseTime(r.createdDateTime);
  const start = parseTime(r.scheduleInfo?.startDateTime) ?? parseTime(r.completedDateTime);
  const at = created === undefined ? start : start === undefined ? created : Math.min(created, start);
  return r.id ? at : undefined;
}

export function requestItem(r: Graph.UnifiedRoleAssignmentScheduleRequest): RequestItem | undefined {
  const at = requestTime(r);
  if (at === undefined || !r.id) return undefined;
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
