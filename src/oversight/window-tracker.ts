/**
 * Activation windows kept as the log streams by (oldest first): the same rules as windowsFromEvents,
 * but only requests not yet started and windows not yet over are held, so the state is the size of
 * what is active now, not of the history. The scanner drops a window (`remove`) once it is scored.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { LogEvent, RequestItem } from './events.js';
import type { ActivationWindow } from './types.js';
import {
  activationOf,
  DEACTIVATED,
  DEFAULT_DURATION_MS,
  EXPIRED,
  OPENS,
  plannedEnd,
  principalOf,
  REQUESTED,
  requestIdOf,
  roleOf,
} from './windows.js';
import { parseTime } from './events.js';

const DAY_MS = 86_400_000;
/** A request (or its "requested" record) is forgotten this long after it should have started. */
const FORGET_MS = DAY_MS;

function isActivation(r: Graph.UnifiedRoleAssignmentScheduleRequest): boolean {
  return /^self(Activate|Extend|Renew)$/i.test(r.action ?? '') && /^(Provisioned|Granted)$/i.test(r.status ?? '');
}

function startOf(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
  return parseTime(r.scheduleInfo?.startDateTime) ?? parseTime(r.completedDateTime);
}

export class WindowTracker {
  /** Requests not yet started (or whose activation record may still come), by id. */
  private readonly requests = new Map<string, { request: Graph.UnifiedRoleAssignmentScheduleRequest; start?: number; forgetAt: number; opened: boolean }>();
  /** Earliest instant at which openDue has anything to do. */
  private nextDue = -Infinity;
  /** "Requested" records awaiting their activation, by request id. */
  private readonly asked = new Map<string, LogEvent>();
  private readonly byId = new Map<string, ActivationWindow>();
  private readonly byUser = new Map<string, ActivationWindow[]>();

  constructor(
    private readonly roleNames: ReadonlyMap<string, string>,
    private readonly onOpen: (w: ActivationWindow) => void = () => {},
  ) {}

  /** Windows held now (open, or over and not yet removed). */
  get size(): number {
    return this.byId.size;
  }

  /** Requests and "requested" records held now. */
  get pending(): number {
    return this.requests.size + this.asked.size;
  }

  windows(): IterableIterator<ActivationWindow> {
    return this.byId.values();
  }

  userWindows(userId: string): readonly ActivationWindow[] {
    return this.byUser.get(userId) ?? [];
  }

  /** The user's held windows covering an instant, with clock skew at both ends, sorted by start. */
  covering(userId: string, at: number, skewMs: number): ActivationWindow[] {
    const list = this.byUser.get(userId);
    if (!list) return [];
    return list.filter((w) => w.start - skewMs <= at && at <= w.end + skewMs);
  }

  addRequest(item: RequestItem): void {
    const r = item.request;
    if (!r.id) return;
    const existing = this.byId.get(r.id);
    if (existing) {
      // The activation record came first: the request still supplies the reason and ticket.
      this.describe(existing, r, this.asked.get(r.id));
      return;
    }
    const start = startOf(r);
    const forgetAt = (start ?? item.at) + FORGET_MS;
    this.requests.set(r.id, { request: r, start, forgetAt, opened: false });
    this.nextDue = Math.min(this.nextDue, isActivation(r) && start !== undefined ? start : forgetAt);
  }

  /** Lifecycle records, as they arrive: "requested" is noted, "completed" opens, expiry and deactivation close. */
  lifecycle(e: LogEvent): void {
    if (e.source !== 'audit' || !e.activity.includes('(PIM')) return;
    if (REQUESTED.test(e.activity)) {
      const rid = requestIdOf(e);
      if (rid) this.asked.set(rid, e);
      this.nextDue = Math.min(this.nextDue, e.at + FORGET_MS);
    } else if (OPENS.test(e.activity)) {
      this.openFromAudit(e);
    } else if (EXPIRED.test(e.activity) || DEACTIVATED.test(e.activity)) {
      this.close(e, EXPIRED.test(e.activity));
    }
  }

  /** Opens windows of requests whose activation the log does not hold, once their start has come. */
  openDue(now: number): void {
    if (now < this.nextDue) return;
    let next = Infinity;
    for (const [id, p] of this.requests) {
      const r = p.request;
      const opens = !p.opened && p.start !== undefined && isActivation(r) && Boolean(r.principalId && r.roleDefinitionId);
      if (opens && (p.start as number) <= now) {
        p.opened = true;
        if (this.byId.has(id)) continue;
        const w: ActivationWindow = {
          requestId: id,
          userId: r.principalId as string,
          userPrincipalName: '',
          roleId: r.roleDefinitionId as string,
          roleName: this.roleNames.get(r.roleDefinitionId as string) ?? (r.roleDefinitionId as string),
          start: p.start as number,
          end: plannedEnd(r, p.start as number) ?? (p.start as number) + DEFAULT_DURATION_MS,
          endedBy: 'planned',
          justification: '',
          ticket: '',
        };
        this.describe(w, r, this.asked.get(id));
        this.add(w);
        // Kept until forgotten: a late activation record still refines the window.
      }
      if (p.forgetAt < now) this.requests.delete(id);
      else next = Math.min(next, p.forgetAt, opens && !p.opened ? (p.start as number) : Infinity);
    }
    for (const [id, e] of this.asked) {
      if (e.at + FORGET_MS < now) this.asked.delete(id);
      else next = Math.min(next, e.at + FORGET_MS);
    }
    this.nextDue = next;
  }

  /** Forgets a window that is over and scored. */
  remove(w: ActivationWindow): void {
    if (this.byId.get(w.requestId) === w) this.byId.delete(w.requestId);
    const list = this.byUser.get(w.userId);
    if (!list) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byUser.delete(w.userId);
  }

  private describe(w: ActivationWindow, request: Graph.UnifiedRoleAssignmentScheduleRequest | undefined, ask: LogEvent | undefined): void {
    w.justification = request?.justification ?? ask?.details.Justification ?? w.justification;
    w.ticket = request?.ticketInfo?.ticketNumber ?? ask?.details.TicketNumber ?? w.ticket;
    w.requestedAt = parseTime(request?.createdDateTime) ?? ask?.at ?? w.requestedAt;
  }

  private add(w: ActivationWindow): void {
    this.byId.set(w.requestId, w);
    const list = this.byUser.get(w.userId);
    if (list) {
      list.push(w);
      list.sort((a, b) => a.start - b.start);
    } else this.byUser.set(w.userId, [w]);
    this.onOpen(w);
  }

  private openFromAudit(e: LogEvent): void {
    const rid = requestIdOf(e);
    if (!rid) return;
    const request = this.requests.get(rid)?.request;
    const a = activationOf(e, request);
    if (!a) return;
    const existing = this.byId.get(rid);
    if (existing) {
      // Opened from its request a moment ago: the activation record is the better account.
      if (existing.userId !== a.userId) return;
      Object.assign(existing, { start: e.at, end: a.end, roleId: a.roleId, userPrincipalName: a.upn ?? existing.userPrincipalName });
      if (a.roleName) existing.roleName = a.roleName;
      this.byUser.get(a.userId)?.sort((x, y) => x.start - y.start);
    } else {
      const w: ActivationWindow = {
        requestId: rid,
        userId: a.userId,
        userPrincipalName: a.upn ?? '',
        roleId: a.roleId,
        roleName: a.roleName ?? this.roleNames.get(a.roleId) ?? a.roleId,
        start: e.at,
        end: a.end,
        endedBy: 'planned',
        justification: '',
        ticket: '',
      };
      this.describe(w, request, this.asked.get(rid));
      this.add(w);
    }
    this.requests.delete(rid);
    this.asked.delete(rid);
  }

  private close(e: LogEvent, expired: boolean): void {
    const rid = requestIdOf(e);
    let w = rid ? this.byId.get(rid) : undefined;
    if (!w || w.endedBy === 'expired' || w.endedBy === 'deactivated') {
      // A deactivation carries its own request id: close the user's latest window for that role.
      const who = principalOf(e).id;
      const role = roleOf(e).id;
      w = undefined;
      for (const c of (who && this.byUser.get(who)) || []) {
        if (c.start > e.at) break;
        if (c.roleId === role && c.endedBy !== 'expired' && c.endedBy !== 'deactivated') w = c;
      }
    }
    if (!w || e.at < w.start) return;
    w.end = e.at;
    w.endedBy = expired ? 'expired' : 'deactivated';
  }
}
