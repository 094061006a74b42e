/**
 * Activation windows rebuilt from PIM's audit trail: "Add member to role completed (PIM activation)"
 * opens one; "… (PIM deactivate)" or "… (PIM activation expired)" closes it. The request supplies
 * justification and ticket, and stands in when the audit log no longer holds the activation.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { normaliseLogs, parseTime, type LogEvent } from './events.js';
import type { ActivationWindow } from './types.js';

export const OPENS = /^Add member to role completed \(PIM activation\)/i;
export const REQUESTED = /^Add member to role requested \(PIM activation\)/i;
export const EXPIRED = /^Remove member from role \(PIM activation expired\)/i;
export const DEACTIVATED = /^Remove member from role completed \(PIM deactivate\)/i;
/** PIM's default maximum activation, used only when nothing says when a window ends. */
export const DEFAULT_DURATION_MS = 8 * 3600_000;

export interface WindowOptions {
  /** Windows still running at this instant are marked open. */
  now?: number;
  /** Role id → display name, for windows whose events do not name the role. */
  roleNames?: ReadonlyMap<string, string>;
}

export function requestIdOf(e: LogEvent): string | undefined {
  return e.details.RoleAssignmentRequestId ?? e.details.RequestId;
}

export function principalOf(e: LogEvent): { id?: string; upn?: string } {
  const user = e.targets.find((t) => t.type?.toLowerCase() === 'user');
  return user ? { id: user.id, upn: user.upn } : { id: e.actorId, upn: e.actorUpn };
}

export function roleOf(e: LogEvent): { id?: string; name?: string } {
  const role = e.targets.find((t) => t.type?.toLowerCase() === 'role');
  return { id: role?.id, name: role?.name };
}

/** ISO 8601 durations as PIM writes them: PT8H, PT30M, P1D, P1DT2H. */
export function durationMs(iso: string | null | undefined): number | undefined {
  const m = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso) : null;
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

export function plannedEnd(request: Graph.UnifiedRoleAssignmentScheduleRequest | undefined, start: number): number | undefined {
  const exp = request?.scheduleInfo?.expiration;
  const end = parseTime(exp?.endDateTime);
  if (end !== undefined) return end;
  const dur = durationMs(exp?.duration);
  return dur === undefined ? undefined : start + dur;
}

/**
 * Who activated which role until when, as an activation record ("… completed (PIM activation)")
 * tells it, its request filling what the record leaves out; undefined without a user or a role.
 */
export function activationOf(
  e: LogEvent,
  request: Graph.UnifiedRoleAssignmentScheduleRequest | undefined,
): { userId: string; upn?: string; roleId: string; roleName?: string; end: number } | undefined {
  const who = principalOf(e);
  const role = roleOf(e);
  const userId = who.id ?? request?.principalId ?? undefined;
  const roleId = role.id ?? request?.roleDefinitionId ?? undefined;
  if (!userId || !roleId) return undefined;
  const end = parseTime(e.details.ExpirationTime) ?? plannedEnd(request, e.at) ?? e.at + DEFAULT_DURATION_MS;
  return { userId, upn: who.upn, roleId, roleName: role.name, end };
}

/** Rebuilds activation windows from parsed audit events (oldest first) and the PIM requests. */
export function windowsFromEvents(
  events: readonly LogEvent[],
  requests: readonly Graph.UnifiedRoleAssignmentScheduleRequest[] = [],
  options: WindowOptions = {},
): ActivationWindow[] {
  const byRequest = new Map(requests.filter((r) => r.id).map((r) => [r.id as string, r]));
  const asked = new Map<string, LogEvent>();
  const windows: ActivationWindow[] = [];
  const byId = new Map<string, ActivationWindow>();
  const closes: LogEvent[] = [];

  for (const e of events) {
    // Every lifecycle record names "(PIM …)"; the cheap test spares the regexes on the rest.
    if (e.source !== 'audit' || !e.activity.includes('(PIM')) continue;
    if (REQUESTED.test(e.activity)) {
      const rid = requestIdOf(e);
      if (rid) asked.set(rid, e);
    } else if (OPENS.test(e.activity)) {
      const rid = requestIdOf(e);
      if (!rid || byId.has(rid)) continue;
      const a = activationOf(e, byRequest.get(rid));
      if (!a) continue;
      const w: ActivationWindow = {
        requestId: rid,
        userId: a.userId,
        userPrincipalName: a.upn ?? '',
        roleId: a.roleId,
        roleName: a.roleName ?? options.roleNames?.get(a.roleId) ?? a.roleId,
        start: e.at,
        end: a.end,
        endedBy: 'planned',
        justification: '',
        ticket: '',
      };
      windows.push(w);
      byId.set(rid, w);
    } else if (EXPIRED.test(e.activity) || DEACTIVATED.test(e.activity)) {
      closes.push(e);
    }
  }

  // Requests whose activation the audit log no longer holds still bound what the user could do.
  for (const r of requests) {
    if (!r.id || byId.has(r.id) || !r.principalId || !r.roleDefinitionId) continue;
    if (!/^self(Activate|Extend|Renew)$/i.test(r.action ?? '') || !/^(Provisioned|Granted)$/i.test(r.status ?? '')) continue;
    const start = parseTime(r.scheduleInfo?.startDateTime) ?? parseTime(r.completedDateTime);
    if (start === undefined) continue;
    const w: ActivationWindow = {
      requestId: r.id,
      userId: r.principalId,
      userPrincipalName: '',
      roleId: r.roleDefinitionId,
      roleName: options.roleNames?.get(r.roleDefinitionId) ?? r.roleDefinitionId,
      start,
      end: plannedEnd(r, start) ?? start + DEFAULT_DURATION_MS,
      endedBy: 'planned',
      justification: '',
      ticket: '',
    };
    windows.push(w);
    byId.set(r.id, w);
  }

  windows.sort((a, b) => a.start - b.start);
  for (const e of closes) {
    const expired = EXPIRED.test(e.activity);
    const rid = requestIdOf(e);
    let w = rid ? byId.get(rid) : undefined;
    if (!w || w.endedBy === 'expired' || w.endedBy === 'deactivated') {
      // A deactivation carries its own request id: close the user's latest window for that role.
      const who = principalOf(e).id;
      const role = roleOf(e).id;
      w = undefined;
      for (const c of windows) {
        if (c.start > e.at) break;
        if (c.userId === who && c.roleId === role && c.endedBy !== 'expired' && c.endedBy !== 'deactivated') w = c;
      }
    }
    if (!w || e.at < w.start) continue;
    w.end = e.at;
    w.endedBy = expired ? 'expired' : 'deactivated';
  }

  for (const w of windows) {
    const request = byRequest.get(w.requestId);
    const ask = asked.get(w.requestId);
    w.justification = request?.justification ?? ask?.details.Justification ?? '';
    w.ticket = request?.ticketInfo?.ticketNumber ?? ask?.details.TicketNumber ?? '';
    w.requestedAt = parseTime(request?.createdDateTime) ?? ask?.at;
    if (w.endedBy === 'planned' && options.now !== undefined && w.end > options.now) w.endedBy = 'open';
  }
  return windows;
}

/** Public form: rebuilds windows straight from Graph `directoryAudits` and schedule requests. */
export function buildActivationWindows(
  audits: readonly Graph.DirectoryAudit[],
  requests: readonly Graph.UnifiedRoleAssignmentScheduleRequest[] = [],
  options: WindowOptions = {},
): ActivationWindow[] {
  return windowsFromEvents(normaliseLogs(audits), requests, options);
}

/** Windows grouped by user, each list sorted by start. */
export function windowsByUser(windows: readonly ActivationWindow[]): Map<string, ActivationWindow[]> {
  const out = new Map<string, ActivationWindow[]>();
  for (const w of windows) {
    const list = out.get(w.userId);
    if (list) list.push(w);
    else out.set(w.userId, [w]);
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start);
  return out;
}

/** Longest window of each list, so a lookup knows how far back an overlapping window can start. */
const longestOf = new WeakMap<readonly ActivationWindow[], number>();

/**
 * The windows of this user that cover an instant, allowing for clock skew at both ends.
 * Several can overlap when a user holds two roles at once. The list must be sorted by start
 * (as windowsByUser leaves it): a binary search finds the candidates, so each lookup stays
 * cheap however long the history.
 */
export function coveringWindows(userWindows: readonly ActivationWindow[] | undefined, at: number, skewMs: number): ActivationWindow[] {
  if (!userWindows || userWindows.length === 0) return [];
  let longest = longestOf.get(userWindows);
  if (longest === undefined) {
    longest = 0;
    for (const w of userWindows) longest = Math.max(longest, w.end - w.start);
    longestOf.set(userWindows, longest);
  }
  let lo = 0;
  let hi = userWindows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((userWindows[mid] as ActivationWindow).start - skewMs <= at) lo = mid + 1;
    else hi = mid;
  }
  const out: ActivationWindow[] = [];
  const earliest = at - skewMs - longest;
  for (let i = lo - 1; i >= 0; i--) {
    const w = userWindows[i] as ActivationWindow;
    if (w.start < earliest) break;
    if (at <= w.end + skewMs) out.push(w);
  }
  return out.reverse();
}
