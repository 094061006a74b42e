/**
 * Active role assignments and their lifecycle: what a provisioned activation creates (schedule,
 * instance, role assignment), what its end removes, and the state derived at start from the
 * snapshot (standing assignments, eligibility instances, activations still running).
 */
import { isoSeconds } from '../clock.js';
import type { Rec } from '../store/collection.js';
import type { TenantState } from '../state.js';
import { ACTIVITY, coreDirectoryRemoval, pimAudit } from './audit.js';
import type { Directory } from './directory.js';
import { assignmentId, durationMs, eligibilityInstanceId } from './ids.js';
import type { Timers } from './timers.js';

const HOUR = 3600_000;

export function scopeOf(r: Rec): string {
  return typeof r.directoryScopeId === 'string' ? r.directoryScopeId : '/';
}

/** Requested window length of a request, from its expiration (afterDuration or afterDateTime). */
export function requestedDurationMs(request: Rec, fallbackMs: number): number {
  const info = (request.scheduleInfo ?? {}) as Rec;
  const exp = (info.expiration ?? {}) as Rec;
  const type = String(exp.type ?? 'notSpecified').toLowerCase();
  if (type === 'noexpiration') return Infinity;
  if (type === 'afterdatetime' && typeof exp.endDateTime === 'string') {
    const start = Date.parse(String(info.startDateTime ?? request.createdDateTime));
    return Date.parse(exp.endDateTime) - start;
  }
  if (exp.duration !== undefined && exp.duration !== null) return durationMs(exp.duration);
  return fallbackMs;
}

export class Activations {
  /** Requests whose activation came with the snapshot: the snapshot already holds their history. */
  private readonly historical = new Set<string>();

  constructor(
    private readonly state: TenantState,
    private readonly directory: Directory,
    private readonly timers: Timers,
  ) {}

  private get c() {
    return this.state.collections;
  }

  role(id: string): { id: string; displayName: string } {
    const r = this.c.roleDefinitions.find(id);
    return { id, displayName: typeof r?.displayName === 'string' ? r.displayName : id };
  }

  /** Position of the principal's active assignment instance for a role, or -1. */
  instanceFor(principalId: string, roleId: string, scope: string, type?: 'Activated' | 'Assigned'): number {
    const instances = this.c.assignmentInstances;
    for (const pos of instances.lookup('principalId', principalId) ?? []) {
      const i = instances.get(pos);
      if (String(i.roleDefinitionId).toLowerCase() !== roleId.toLowerCase() || scopeOf(i) !== scope) continue;
      if (type && String(i.assignmentType) !== type) continue;
      return pos;
    }
    return -1;
  }

  /** Adds the schedule, instance and role assignment of an activation running from `start` to `end`. */
  private addActivation(request: Rec, start: number, end: number | null, assignmentType = 'Activated'): void {
    const c = this.c;
    const principalId = String(request.principalId);
    const roleId = String(request.roleDefinitionId);
    const requestId = String(request.id);
    const id = assignmentId(roleId, principalId);
    const startIso = isoSeconds(start);
    const endIso = end === null ? null : isoSeconds(end);
    const common = { principalId, roleDefinitionId: roleId, directoryScopeId: scopeOf(request), appScopeId: request.appScopeId ?? null };
    c.assignmentSchedules.add({
      id: requestId,
      ...common,
      createdDateTime: startIso,
      createdUsing: requestId,
      modifiedDateTime: startIso,
      status: 'Provisioned',
      memberType: 'Direct',
      assignmentType,
      scheduleInfo: {
        startDateTime: startIso,
        recurrence: null,
        expiration: { type: end === null ? 'noExpiration' : 'afterDateTime', endDateTime: endIso, duration: null },
      },
    });
    c.assignmentInstances.add({
      id,
      ...common,
      startDateTime: startIso,
      endDateTime: endIso,
      memberType: 'Direct',
      assignmentType,
      roleAssignmentOriginId: id,
      roleAssignmentScheduleId: requestId,
    });
    if (c.roleAssignments.positionOf(id) < 0) c.roleAssignments.add({ id, ...common, condition: null });
  }

  /**
   * Provisions a granted request from `at`: the assignment, the request's new status, and for an
   * activation the "completed" audit record.
   */
  provision(request: Rec, at: number, lengthMs: number, options: { correlationId?: string; assignmentType?: 'Activated' | 'Assigned' }): Rec {
    const principalId = String(request.principalId);
    const end = Number.isFinite(lengthMs) ? at + lengthMs : null;
    const assignmentType = options.assignmentType ?? 'Activated';
    this.addActivation(request, at, end, assignmentType);
    const start = isoSeconds(at);
    const updated = { ...request, status: 'Provisioned', completedDateTime: start, targetScheduleId: String(request.id) };
    this.c.requests.update(this.c.requests.positionOf(String(request.id)), updated);
    if (end !== null) this.timers.push({ at: end, kind: 'expire', requestId: String(request.id) });
    if (assignmentType !== 'Activated') return updated;
    this.c.audits.add(
      pimAudit({
        tenantId: this.state.tenantId,
        activity: ACTIVITY.completed,
        at,
        initiator: { kind: 'user', person: this.directory.person(principalId), ipAddress: null },
        role: this.role(String(request.roleDefinitionId)),
        principal: this.directory.person(principalId),
        details: { RoleAssignmentRequestId: String(request.id), StartTime: start, ExpirationTime: end === null ? null : isoSeconds(end) },
        operationType: 'Add',
        correlationId: options.correlationId,
      }),
    );
    return updated;
  }

  /** Removes an activation; `expired` also writes the two records PIM leaves on automatic expiry. */
  end(instancePos: number, at: number, expired: boolean): void {
    const { assignmentInstances, assignmentSchedules, roleAssignments } = this.c;
    const instance = assignmentInstances.get(instancePos);
    const scheduleId = String(instance.roleAssignmentScheduleId ?? '');
    assignmentInstances.remove(instancePos);
    const sPos = assignmentSchedules.positionOf(scheduleId);
    if (sPos >= 0) assignmentSchedules.remove(sPos);
    const aPos = roleAssignments.positionOf(String(instance.roleAssignmentOriginId ?? instance.id));
    if (aPos >= 0) roleAssignments.remove(aPos);
    if (!expired || this.historical.has(scheduleId)) return;
    const principal = this.directory.person(String(instance.principalId));
    const role = this.role(String(instance.roleDefinitionId));
    const tenantId = this.state.tenantId;
    this.c.audits.add(
      pimAudit({
        tenantId,
        activity: ACTIVITY.expired,
        at,
        initiator: { kind: 'pim' },
        role,
        principal,
        details: { RoleAssignmentRequestId: scheduleId, AuditType: 'RemoveActivatedRole', OriginRoleAssignmentId: String(instance.id) },
        operationType: 'Delete',
      }),
    );
    this.c.audits.add(coreDirectoryRemoval({ tenantId, at, role, principal }));
  }

  /** Instances, eligibility instances and role assignments that follow from the snapshot at `now`. */
  derive(now: number): void {
    const c = this.c;
    if (c.eligibilityInstances.count === 0) {
      for (const pos of c.eligibilitySchedules.scan()) {
        const s = c.eligibilitySchedules.get(pos);
        const window = scheduleWindow(s);
        if (window.start > now || window.end <= now) continue;
        c.eligibilityInstances.add({
          id: eligibilityInstanceId(String(s.roleDefinitionId), String(s.principalId)),
          principalId: s.principalId,
          roleDefinitionId: s.roleDefinitionId,
          directoryScopeId: scopeOf(s),
          appScopeId: s.appScopeId ?? null,
          startDateTime: isoSeconds(window.start),
          endDateTime: Number.isFinite(window.end) ? isoSeconds(window.end) : null,
          memberType: s.memberType ?? 'Direct',
          roleEligibilityScheduleId: s.id,
        });
      }
    }
    const deriveAssignments = c.roleAssignments.count === 0;
    if (c.assignmentInstances.count === 0) {
      for (const pos of c.assignmentSchedules.scan()) {
        const s = c.assignmentSchedules.get(pos);
        const window = scheduleWindow(s);
        if (window.start > now || window.end <= now) continue;
        const id = assignmentId(String(s.roleDefinitionId), String(s.principalId));
        const common = { principalId: s.principalId, roleDefinitionId: s.roleDefinitionId, directoryScopeId: scopeOf(s), appScopeId: s.appScopeId ?? null };
        c.assignmentInstances.add({
          id,
          ...common,
          startDateTime: Number.isFinite(window.start) ? isoSeconds(window.start) : null,
          endDateTime: Number.isFinite(window.end) ? isoSeconds(window.end) : null,
          memberType: s.memberType ?? 'Direct',
          assignmentType: s.assignmentType ?? 'Assigned',
          roleAssignmentOriginId: id,
          roleAssignmentScheduleId: s.id,
        });
        if (deriveAssignments && c.roleAssignments.positionOf(id) < 0) c.roleAssignments.add({ id, ...common, condition: null });
      }
      this.deriveRunningActivations(now);
    }
    for (const pos of c.assignmentInstances.scan()) {
      const i = c.assignmentInstances.get(pos);
      const end = Date.parse(String(i.endDateTime));
      if (!Number.isNaN(end)) this.timers.push({ at: end, kind: 'expire', requestId: String(i.roleAssignmentScheduleId) });
    }
  }

  /** Provisioned activations of the last days whose window still covers `now`. */
  private deriveRunningActivations(now: number): void {
    const c = this.c;
    // An activation waits at most a day for approval and lasts at most a day: look back three.
    for (const pos of c.requests.timeRange(now - 72 * HOUR, now)) {
      const r = c.requests.get(pos);
      if (String(r.status) !== 'Provisioned' || String(r.action).toLowerCase() !== 'selfactivate') continue;
      const start = Date.parse(String(r.completedDateTime ?? (r.scheduleInfo as Rec | undefined)?.startDateTime ?? r.createdDateTime));
      const end = start + requestedDurationMs(r, 8 * HOUR);
      if (!(start <= now && end > now)) continue;
      if (this.instanceFor(String(r.principalId), String(r.roleDefinitionId), scopeOf(r)) >= 0) continue;
      this.historical.add(String(r.id));
      this.addActivation(r, start, end);
    }
  }
}

/** Start and end (ms) of an eligibility or assignment schedule; end is Infinity when open. */
export function scheduleWindow(s: Rec): { start: number; end: number } {
  const info = (s.scheduleInfo ?? {}) as Rec;
  const exp = (info.expiration ?? {}) as Rec;
  const startParsed = Date.parse(String(info.startDateTime ?? s.createdDateTime ?? ''));
  const start = Number.isNaN(startParsed) ? -Infinity : startParsed;
  const type = String(exp.type ?? 'noExpiration').toLowerCase();
  let end = Infinity;
  if (type === 'afterdatetime' && typeof exp.endDateTime === 'string') end = Date.parse(exp.endDateTime);
  else if (type === 'afterduration') end = start + durationMs(exp.duration);
  return { start, end: Number.isNaN(end) ? Infinity : end };
}
