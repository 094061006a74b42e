/**
 * PIM's behaviour for directory roles: selfActivate checked against eligibility and the role's
 * policy, approval by one of the role's approvers, cancel, selfDeactivate, admin assign/remove,
 * and the clock-driven expiry, approval timeout and deferred provisioning.
 */
import type { Caller } from '../caller.js';
import { isoSeconds, type Clock } from '../clock.js';
import { GraphError } from '../http.js';
import type { Rec } from '../store/collection.js';
import type { TenantState } from '../state.js';
import { Activations, requestedDurationMs, scheduleWindow, scopeOf } from './activations.js';
import { ACTIVITY, pimAudit, type Initiator } from './audit.js';
import { Directory } from './directory.js';
import { isoDuration } from './ids.js';
import { activationRules, expandApprovers, failedRules, type ActivationRules } from './policy.js';
import { camelType, newRequest, startOf } from './request-record.js';
import { Timers } from './timers.js';

const PENDING = new Set(['PendingApproval', 'PendingApprovalProvisioning']);
const CANCELABLE = new Set([...PENDING, 'Granted', 'PendingAdminDecision', 'PendingProvisioning', 'PendingScheduleCreation']);
const ADMIN_ROLES = ['e8611ab8-c189-46e8-94e1-60213ab1f814', '62e90394-69f5-4237-9190-012177145e10'];

const fail = (status: number, code: string, message: string) => new GraphError(status, code, message);

export class Pim {
  readonly directory: Directory;
  readonly activations: Activations;
  private readonly timers = new Timers();
  private readonly approverCache = new Map<string, Set<string>>();

  constructor(
    readonly state: TenantState,
    readonly clock: Clock,
  ) {
    this.directory = new Directory(state);
    this.activations = new Activations(state, this.directory, this.timers);
    const now = clock.nowMs();
    this.activations.derive(now);
    const requests = state.collections.requests;
    for (const status of [...PENDING, 'Granted']) {
      for (const pos of requests.lookup('status', status) ?? []) {
        const r = requests.get(pos);
        const created = Date.parse(String(r.createdDateTime));
        if (status === 'Granted') this.timers.push({ at: startOf(r, created), kind: 'provision', requestId: String(r.id) });
        else this.timers.push({ at: created + this.rules(String(r.roleDefinitionId)).approvalTimeoutMs, kind: 'timeout', requestId: String(r.id) });
      }
    }
  }

  private get c() {
    return this.state.collections;
  }

  rules(roleId: string): ActivationRules {
    return activationRules(this.state, roleId);
  }

  /** User ids allowed to approve activations of a role: its policy's approvers, else the tenant's privileged role admins. */
  approvers(roleId: string): Set<string> {
    const key = roleId.toLowerCase();
    let set = this.approverCache.get(key);
    if (!set) {
      set = expandApprovers(this.directory, this.rules(roleId).primaryApprovers);
      if (set.size === 0) {
        for (const admin of ADMIN_ROLES) {
          for (const pos of this.c.roleAssignments.lookup('roleDefinitionId', admin) ?? []) set.add(String(this.c.roleAssignments.get(pos).principalId).toLowerCase());
        }
      }
      this.approverCache.set(key, set);
    }
    return set;
  }

  /** Role ids whose activations the user may approve. */
  rolesApprovedBy(userId: string): string[] {
    const roles: string[] = [];
    for (const pos of this.c.roleDefinitions.scan()) {
      const id = String(this.c.roleDefinitions.get(pos).id);
      if (this.approvers(id).has(userId.toLowerCase())) roles.push(id);
    }
    return roles;
  }

  /** Runs everything due by now: provisioning, approval timeouts, expiries, in time order. */
  sweep(): void {
    const now = this.clock.nowMs();
    for (let t = this.timers.popDue(now); t; t = this.timers.popDue(now)) {
      const pos = this.c.requests.positionOf(t.requestId);
      const request = pos >= 0 ? this.c.requests.get(pos) : undefined;
      if (t.kind === 'provision' && request?.status === 'Granted') {
        this.activations.provision(request, t.at, requestedDurationMs(request, this.rules(String(request.roleDefinitionId)).maxDurationMs), {});
      } else if (t.kind === 'timeout' && request && PENDING.has(String(request.status))) {
        this.timeOut(request, t.at);
      } else if (t.kind === 'expire') {
        this.expire(t.requestId, t.at);
      }
    }
  }

  private expire(scheduleId: string, at: number): void {
    const schedule = this.c.assignmentSchedules.find(scheduleId);
    if (!schedule || scheduleWindow(schedule).end > at) return;
    const pos = this.activations.instanceFor(String(schedule.principalId), String(schedule.roleDefinitionId), scopeOf(schedule));
    if (pos >= 0 && this.c.assignmentInstances.get(pos).roleAssignmentScheduleId === scheduleId) this.activations.end(pos, at, true);
  }

  private timeOut(request: Rec, at: number): void {
    this.c.requests.update(this.c.requests.positionOf(String(request.id)), { ...request, status: 'TimedOut', completedDateTime: isoSeconds(at) });
    this.updateStep(String(request.id), { status: 'Expired' });
    this.audit(ACTIVITY.timedOut, at, { kind: 'pim' }, request, {});
  }

  private updateStep(approvalId: string, changes: Rec): void {
    const pos = this.c.approvals.positionOf(approvalId);
    if (pos < 0) return;
    const approval = this.c.approvals.get(pos);
    const steps = ((approval.steps as Rec[] | undefined) ?? []).map((s) => ({ ...s, ...changes }));
    this.c.approvals.update(pos, { ...approval, steps });
  }

  private initiator(caller: Caller): Initiator {
    if (caller.kind === 'app') return { kind: 'app', appId: caller.appId, displayName: caller.appDisplayName, servicePrincipalId: caller.id };
    return { kind: 'user', person: this.directory.person(caller.id), ipAddress: caller.ipAddress };
  }

  private audit(activity: string, at: number, initiator: Initiator, request: Rec, details: Rec, correlationId?: string): void {
    const strings: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(details)) strings[k] = typeof v === 'string' ? v : null;
    strings.RoleAssignmentRequestId = String(request.id);
    this.c.audits.add(
      pimAudit({
        tenantId: this.state.tenantId,
        activity,
        at,
        initiator,
        role: this.activations.role(String(request.roleDefinitionId)),
        principal: this.directory.person(String(request.principalId)),
        details: strings,
        operationType: activity.startsWith('Remove') ? 'Delete' : 'Add',
        correlationId,
      }),
    );
  }

  /** POST roleAssignmentScheduleRequests: answers the request object (201) or throws. */
  submit(caller: Caller, body: Rec, correlationId: string): Rec {
    const action = String(body.action ?? '').toLowerCase();
    const principalId = typeof body.principalId === 'string' ? body.principalId : '';
    const roleId = typeof body.roleDefinitionId === 'string' ? body.roleDefinitionId : '';
    if (!action) throw fail(400, 'BadRequest', "The request body must specify 'action'.");
    if (!principalId || !roleId) throw fail(400, 'BadRequest', "The request body must specify 'principalId' and 'roleDefinitionId'.");
    if (typeof body.directoryScopeId !== 'string' && typeof body.appScopeId !== 'string') {
      throw fail(400, 'BadRequest', "Either 'directoryScopeId' or 'appScopeId' must be specified.");
    }
    if (!this.c.roleDefinitions.find(roleId)) throw fail(400, 'RoleDefinitionDoesNotExist', 'The role definition does not exist.');
    if (!this.directory.user(principalId) && !this.directory.group(principalId)) {
      throw fail(400, 'SubjectNotFound', `The subject '${principalId}' was not found in the directory.`);
    }
    if (action.startsWith('self')) {
      if (caller.kind !== 'user' || caller.id.toLowerCase() !== principalId.toLowerCase()) {
        throw fail(403, 'Authorization_RequestDenied', 'Self actions can only be requested by the signed-in principal for themselves.');
      }
    } else if (caller.kind === 'user' && !this.isPrivilegedRoleAdmin(caller.id)) {
      throw fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    switch (action) {
      case 'selfactivate':
        return this.selfActivate(caller, body, correlationId);
      case 'selfdeactivate':
      case 'adminremove':
        return this.remove(caller, body, action, correlationId);
      case 'adminassign':
        return this.adminAssign(caller, body, correlationId);
      default:
        throw fail(400, 'BadRequest', `The action '${String(body.action)}' is not supported by the sandbox.`);
    }
  }

  private isPrivilegedRoleAdmin(userId: string): boolean {
    return ADMIN_ROLES.some((role) => this.activations.instanceFor(userId, role, '/') >= 0);
  }

  /** Whether the principal holds an eligibility for the role now, directly or through a group. */
  private eligible(principalId: string, roleId: string, scope: string, now: number): boolean {
    const schedules = this.c.eligibilitySchedules;
    for (const id of [principalId, ...this.directory.groupsOf(principalId)]) {
      for (const pos of schedules.lookup('principalId', id) ?? []) {
        const s = schedules.get(pos);
        if (String(s.roleDefinitionId).toLowerCase() !== roleId.toLowerCase() || scopeOf(s) !== scope) continue;
        const w = scheduleWindow(s);
        if (w.start <= now && now < w.end) return true;
      }
    }
    return false;
  }

  private selfActivate(caller: Caller, body: Rec, correlationId: string): Rec {
    const now = this.clock.nowMs();
    const principalId = String(body.principalId);
    const roleId = String(body.roleDefinitionId);
    const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/';
    if (!this.eligible(principalId, roleId, scope, now)) throw fail(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
    const rules = this.rules(roleId);
    const info = (body.scheduleInfo ?? {}) as Rec;
    const exp = (info.expiration ?? {}) as Rec;
    const requestedStart = Date.parse(String(info.startDateTime ?? ''));
    const start = Number.isNaN(requestedStart) ? now : Math.max(requestedStart, now - 5 * 60_000);
    const lengthMs = requestedDurationMs({ scheduleInfo: { ...info, startDateTime: isoSeconds(start) } }, rules.maxDurationMs);
    const failed = failedRules(rules, {
      justification: body.justification,
      ticketNumber: ((body.ticketInfo ?? {}) as Rec).ticketNumber,
      expirationType: String(exp.type ?? 'notSpecified').toLowerCase(),
      durationMs: lengthMs,
      amr: caller.amr,
      acrs: caller.acrs,
    });
    if (failed.length > 0) {
      throw fail(400, 'RoleAssignmentRequestPolicyValidationFailed', `The following policy rules failed: ${JSON.stringify(failed)}`);
    }
    if (rules.authContext && !caller.acrs.includes(rules.authContext)) {
      throw fail(400, 'RoleAssignmentRequestAcrsValidationFailed', 'The authentication context requirement of the policy is not met.');
    }
    if (this.activations.instanceFor(principalId, roleId, scope) >= 0) throw fail(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
    for (const pos of this.c.requests.lookup('principalId', principalId) ?? []) {
      const r = this.c.requests.get(pos);
      if (String(r.roleDefinitionId).toLowerCase() === roleId.toLowerCase() && (PENDING.has(String(r.status)) || r.status === 'Granted')) {
        throw fail(400, 'PendingRoleAssignmentRequest', 'There is already an existing pending Role assignment request.');
      }
    }
    const future = start > now + 60_000;
    const status = rules.approvalRequired ? (future ? 'PendingApprovalProvisioning' : 'PendingApproval') : 'Granted';
    const expiration =
      exp.type !== undefined
        ? { type: camelType(exp.type), endDateTime: exp.endDateTime ?? null, duration: exp.duration ?? null }
        : { type: 'afterDuration', endDateTime: null, duration: isoDuration(lengthMs) };
    const request = newRequest(body, caller, 'selfActivate', now, {
      status,
      scheduleInfo: { startDateTime: isoSeconds(start), recurrence: null, expiration },
    });
    if (request.isValidationOnly) return request;
    if (rules.approvalRequired) request.approvalId = request.id;
    this.c.requests.add(request);
    const ticket = (body.ticketInfo ?? {}) as Rec;
    const who = this.initiator(caller);
    this.audit(ACTIVITY.requested, now, who, request, { Justification: body.justification, TicketNumber: ticket.ticketNumber, TicketSystem: ticket.ticketSystem, StartTime: isoSeconds(start) }, correlationId);
    if (rules.approvalRequired) {
      const step = { id: request.id, displayName: null, reviewedDateTime: null, reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: false, justification: null, reviewedBy: null };
      this.c.approvals.add({ id: request.id, steps: [step] });
      this.audit(ACTIVITY.approvalRequested, now, who, request, {}, correlationId);
      this.timers.push({ at: now + rules.approvalTimeoutMs, kind: 'timeout', requestId: String(request.id) });
      return request;
    }
    if (future) {
      this.timers.push({ at: start, kind: 'provision', requestId: String(request.id) });
      return request;
    }
    return this.activations.provision(request, now, lengthMs, { correlationId });
  }

  private remove(caller: Caller, body: Rec, action: string, correlationId: string): Rec {
    const now = this.clock.nowMs();
    const principalId = String(body.principalId);
    const roleId = String(body.roleDefinitionId);
    const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/';
    const self = action === 'selfdeactivate';
    const pos = this.activations.instanceFor(principalId, roleId, scope, self ? 'Activated' : undefined);
    if (pos < 0) throw fail(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
    const instance = this.c.assignmentInstances.get(pos);
    const request = newRequest(body, caller, self ? 'selfDeactivate' : 'adminRemove', now, {
      status: 'Revoked',
      completedDateTime: isoSeconds(now),
      targetScheduleId: instance.roleAssignmentScheduleId ?? null,
      scheduleInfo: { startDateTime: null, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    });
    if (request.isValidationOnly) return request;
    this.c.requests.add(request);
    this.activations.end(pos, now, false);
    const who = this.initiator(caller);
    const details = { Justification: body.justification, OriginRoleAssignmentId: String(instance.id), ActionType: 'Revoke' };
    this.audit(self ? ACTIVITY.deactivateRequested : ACTIVITY.adminRemoveRequested, now, who, request, details, correlationId);
    this.audit(self ? ACTIVITY.deactivateCompleted : ACTIVITY.adminRemoveCompleted, now, who, request, { OriginRoleAssignmentId: String(instance.id) }, correlationId);
    return request;
  }

  private adminAssign(caller: Caller, body: Rec, correlationId: string): Rec {
    const now = this.clock.nowMs();
    const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/';
    if (this.activations.instanceFor(String(body.principalId), String(body.roleDefinitionId), scope) >= 0) {
      throw fail(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
    }
    const info = (body.scheduleInfo ?? {}) as Rec;
    const lengthMs = requestedDurationMs({ scheduleInfo: { ...info, startDateTime: isoSeconds(now) } }, Infinity);
    if (!(lengthMs > 0)) throw fail(400, 'RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["ExpirationRule"]');
    const permanent = !Number.isFinite(lengthMs);
    const exp = (info.expiration ?? {}) as Rec;
    const request = newRequest(body, caller, 'adminAssign', now, {
      scheduleInfo: {
        startDateTime: isoSeconds(now),
        recurrence: null,
        expiration: { type: camelType(exp.type ?? 'noExpiration'), endDateTime: exp.endDateTime ?? null, duration: exp.duration ?? null },
      },
    });
    if (request.isValidationOnly) return request;
    this.c.requests.add(request);
    const who = this.initiator(caller);
    this.audit(permanent ? ACTIVITY.adminAddPermanentRequested : ACTIVITY.adminAddRequested, now, who, request, { Justification: body.justification }, correlationId);
    const done = this.activations.provision(request, now, lengthMs, { correlationId, assignmentType: 'Assigned' });
    this.audit(permanent ? ACTIVITY.adminAddPermanentCompleted : ACTIVITY.adminAddCompleted, now, who, request, {}, correlationId);
    return done;
  }

  /** POST .../{id}/cancel: the requester (or an app) withdraws a request that has not been provisioned. */
  cancel(caller: Caller, requestId: string, correlationId: string): void {
    const pos = this.c.requests.positionOf(requestId);
    if (pos < 0) throw fail(404, 'RoleAssignmentRequestNotFound', `The role assignment request '${requestId}' was not found.`);
    const request = this.c.requests.get(pos);
    if (caller.kind === 'user' && caller.id.toLowerCase() !== String(request.principalId).toLowerCase() && !this.isPrivilegedRoleAdmin(caller.id)) {
      throw fail(403, 'Authorization_RequestDenied', 'Only the requester can cancel this request.');
    }
    if (!CANCELABLE.has(String(request.status))) {
      throw fail(400, 'RequestCannotBeCancelled', `A request in status '${String(request.status)}' cannot be cancelled.`);
    }
    const now = this.clock.nowMs();
    this.c.requests.update(pos, { ...request, status: 'Canceled', completedDateTime: isoSeconds(now) });
    this.updateStep(requestId, { status: 'Completed' });
    this.audit(ACTIVITY.canceled, now, this.initiator(caller), request, {}, correlationId);
  }

  /** PATCH beta .../roleAssignmentApprovals/{id}/steps/{stepId}: an approver's decision. */
  decide(caller: Caller, approvalId: string, stepId: string, body: Rec, correlationId: string): void {
    const aPos = this.c.approvals.positionOf(approvalId);
    const approval = aPos >= 0 ? this.c.approvals.get(aPos) : undefined;
    const step = ((approval?.steps as Rec[] | undefined) ?? []).find((s) => String(s.id).toLowerCase() === stepId.toLowerCase());
    if (!approval || !step) throw fail(404, 'ResourceNotFound', `The approval step '${stepId}' of approval '${approvalId}' was not found.`);
    const request = this.c.requests.find(approvalId);
    if (!request) throw fail(404, 'ResourceNotFound', `The request of approval '${approvalId}' was not found.`);
    if (caller.kind !== 'user') throw fail(403, 'Authorization_RequestDenied', 'Service principals cannot approve requests.');
    if (caller.id.toLowerCase() === String(request.principalId).toLowerCase()) {
      throw fail(403, 'Authorization_RequestDenied', 'Approvers cannot approve their own requests.');
    }
    if (!this.approvers(String(request.roleDefinitionId)).has(caller.id.toLowerCase())) {
      throw fail(403, 'Authorization_RequestDenied', 'The caller is not an approver of this request.');
    }
    if (step.status !== 'InProgress' || !PENDING.has(String(request.status))) {
      throw fail(409, 'Conflict', `The approval step has already been completed (request status '${String(request.status)}').`);
    }
    const result = typeof body.reviewResult === 'string' ? body.reviewResult : '';
    const verdict = result.toLowerCase();
    if (verdict !== 'approve' && verdict !== 'deny') throw fail(400, 'BadRequest', "reviewResult must be 'Approve' or 'Deny'.");
    const justification = typeof body.justification === 'string' ? body.justification : null;
    const rules = this.rules(String(request.roleDefinitionId));
    if (rules.approverJustificationRequired && !justification?.trim()) {
      throw fail(400, 'BadRequest', 'A justification is required to complete this approval step.');
    }
    const now = this.clock.nowMs();
    const reviewer = this.directory.person(caller.id);
    this.updateStep(approvalId, {
      status: 'Completed',
      reviewResult: result,
      reviewedDateTime: isoSeconds(now),
      justification,
      reviewedBy: { id: reviewer.id, displayName: reviewer.displayName, userPrincipalName: reviewer.userPrincipalName, mail: reviewer.mail },
    });
    const rPos = this.c.requests.positionOf(approvalId);
    const who = this.initiator(caller);
    if (verdict === 'deny') {
      this.c.requests.update(rPos, { ...request, status: 'Denied', completedDateTime: isoSeconds(now) });
      this.audit(ACTIVITY.denied, now, who, request, { Justification: justification }, correlationId);
      return;
    }
    const granted = { ...request, status: 'Granted' };
    this.c.requests.update(rPos, granted);
    this.audit(ACTIVITY.approved, now, who, request, { Justification: justification }, correlationId);
    const start = startOf(request, now);
    if (start > now + 60_000) this.timers.push({ at: start, kind: 'provision', requestId: approvalId });
    // The activation window counts from provisioning, not from the requested start.
    else this.activations.provision(granted, now, requestedDurationMs(request, rules.maxDurationMs), { correlationId });
  }
}
