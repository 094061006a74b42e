/**
 * Contract: the request lifecycle against the sandbox over HTTP. Every response below has already
 * passed the gateway's shape checks (zod) on arrival; the tests assert the PIM behaviour.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AlreadyDecidedError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotEligibleError,
  NotFoundError,
  PolicyValidationError,
  decideApproval,
  type ScheduleRequest,
  type UserPim,
} from '../../src/pim/index.js';
import { IDENTITY_APPROVERS, ROLES, startHarness, type Harness } from './sandbox-harness.js';

const TICKET = { number: 'CHG0042', system: 'ServiceNow' };

describe('contract: activation requests and approvals', () => {
  let h: Harness;
  let requester: UserPim; // mbowen: eligible for Global Administrator, and one of its approvers
  let approver: UserPim; // awilber: approver, not eligible
  let secondApprover: UserPim; // ilanger
  let pending: ScheduleRequest;

  before(async () => {
    h = await startHarness();
    [requester, approver, secondApprover] = await Promise.all([h.as('mbowen'), h.as('awilber'), h.as('ilanger')]);
  });
  after(() => h.close());

  it('reads role definitions and the Global Administrator policy, cached', async () => {
    const roles = await h.gateway.listRoleDefinitions();
    assert.equal(roles.length, 20);
    const ga = await h.gateway.getRoleDefinition(ROLES.globalAdmin);
    assert.equal(ga.displayName, 'Global Administrator');
    const policy = await h.gateway.getRolePolicy(ROLES.globalAdmin);
    assert.equal(policy.requiresTicket, true);
    assert.equal(policy.approvalRequired, true);
    assert.deepEqual(policy.approvers.map((a) => a.kind === 'groupMembers' && a.groupId), [IDENTITY_APPROVERS]);
    const before = h.appCalls.calls;
    await h.gateway.getRolePolicy(ROLES.globalAdmin);
    await h.gateway.getRoleDefinition(ROLES.globalAdmin);
    assert.equal(h.appCalls.calls, before, 'served from the cache');
    await assert.rejects(h.gateway.getRoleDefinition('00000000-0000-0000-0000-00000000dead'), NotFoundError);
  });

  it('names TicketingRule when a ticketing role is requested without a ticket', async () => {
    const ask = { principalId: h.userId('mbowen'), roleDefinitionId: ROLES.globalAdmin, duration: 'PT1H', justification: 'Rotate the federation certificate' };
    await assert.rejects(requester.selfActivate(ask), (err: unknown) => {
      assert.ok(err instanceof PolicyValidationError, String(err));
      assert.deepEqual(err.rules, ['TicketingRule']);
      assert.equal(err.status, 400);
      return true;
    });
    const noMfa = await h.as('mbowen', 'pwd');
    await assert.rejects(noMfa.selfActivate({ ...ask, ticket: TICKET }), (err: unknown) => err instanceof PolicyValidationError && err.rules.includes('MfaRule'));
    await assert.rejects(requester.selfActivate({ ...ask, ticket: TICKET, duration: 'PT6H' }), (err: unknown) => err instanceof PolicyValidationError && err.rules.includes('ExpirationRule'));
  });

  it('validates without submitting when asked', async () => {
    const checked = await requester.selfActivate({
      principalId: h.userId('mbowen'),
      roleDefinitionId: ROLES.globalAdmin,
      duration: 'PT1H',
      justification: 'Rotate the federation certificate',
      ticket: TICKET,
      validationOnly: true,
    });
    assert.equal(checked.isValidationOnly, true);
    assert.equal((await h.gateway.listPendingRequests()).length, 0, 'nothing was submitted');
  });

  it('refuses a user who is not eligible', async () => {
    await assert.rejects(
      approver.selfActivate({ principalId: h.userId('awilber'), roleDefinitionId: ROLES.globalAdmin, duration: 'PT1H', justification: 'x', ticket: TICKET }),
      NotEligibleError,
    );
  });

  it('submits an activation that waits for approval, visible to the intake and to approvers', async () => {
    pending = await requester.selfActivate({
      principalId: h.userId('mbowen'),
      roleDefinitionId: ROLES.globalAdmin,
      duration: 'PT1H',
      justification: 'Rotate the federation certificate',
      ticket: TICKET,
    });
    assert.equal(pending.status, 'PendingApproval');
    assert.equal(pending.action, 'selfActivate');
    assert.equal(pending.approvalId, pending.id);
    assert.equal(pending.ticketInfo?.ticketNumber, 'CHG0042');
    assert.equal(pending.scheduleInfo?.expiration?.duration, 'PT1H');

    assert.deepEqual((await h.gateway.listPendingRequests()).map((r) => r.id), [pending.id]);
    assert.equal((await h.gateway.getRequest(pending.id)).status, 'PendingApproval');
    assert.ok((await requester.listMyRequests('principal')).some((r) => r.id === pending.id));
    assert.deepEqual((await approver.listMyRequests('approver', { status: 'PendingApproval' })).map((r) => r.id), [pending.id]);
    await assert.rejects(
      requester.selfActivate({ principalId: h.userId('mbowen'), roleDefinitionId: ROLES.globalAdmin, duration: 'PT1H', justification: 'again', ticket: TICKET }),
      ConflictError,
    );
  });

  it('refuses approval by the requester and by an app token', async () => {
    const approval = await requester.getApproval(pending.approvalId!);
    assert.equal(approval.steps[0]!.assignedToMe, false);
    await assert.rejects(requester.decide(pending.approvalId!, { reviewResult: 'Approve', justification: 'me' }), (err: unknown) => {
      assert.ok(err instanceof ForbiddenError);
      assert.match(err.graphMessage ?? '', /own requests/);
      return true;
    });
    await assert.rejects(decideApproval(h.app, pending.approvalId!, { reviewResult: 'Approve', justification: 'app', stepId: pending.approvalId! }), ForbiddenError);
  });

  it('lets an approver approve: the request is provisioned and audited; a second decision is AlreadyDecided', async () => {
    const approval = await approver.getApproval(pending.approvalId!);
    assert.equal(approval.steps.length, 1);
    assert.equal(approval.steps[0]!.assignedToMe, true);
    assert.equal(approval.steps[0]!.status, 'InProgress');

    await approver.decide(pending.approvalId!, { reviewResult: 'Approve', justification: 'Change CHG0042 approved in CAB' });
    const done = await h.gateway.getRequest(pending.id);
    assert.equal(done.status, 'Provisioned');
    const after = await approver.getApproval(pending.approvalId!);
    assert.equal(after.steps[0]!.status, 'Completed');
    assert.equal(after.steps[0]!.reviewResult, 'Approve');
    assert.equal(after.steps[0]!.reviewedBy?.id, h.userId('awilber'));

    const audits = await h.gateway.listDirectoryAudits({ since: new Date(Date.parse(pending.createdDateTime) - 1000), category: 'RoleManagement' });
    const forRequest = audits.filter((a) => a.additionalDetails?.some((d) => d.key === 'RoleAssignmentRequestId' && d.value === pending.id));
    const names = forRequest.map((a) => a.activityDisplayName);
    for (const name of [
      'Add member to role requested (PIM activation)',
      'Add member to role approval requested (PIM activation)',
      'Add member to role request approved (PIM activation)',
      'Add member to role completed (PIM activation)',
    ]) {
      assert.ok(names.includes(name), `audit '${name}' in ${JSON.stringify(names)}`);
    }

    await assert.rejects(secondApprover.decide(pending.approvalId!, { reviewResult: 'Deny', justification: 'too late' }), (err: unknown) => {
      assert.ok(err instanceof AlreadyDecidedError);
      assert.equal(err.status, 409);
      assert.equal(err.kind, 'already-decided');
      return true;
    });

    const active = await requester.listMyActiveAssignments();
    assert.ok(active.some((a) => a.roleDefinitionId === ROLES.globalAdmin && a.assignmentType === 'Activated'));
  });

  it('deactivates: the activation ends', async () => {
    const revoked = await requester.selfDeactivate({ principalId: h.userId('mbowen'), roleDefinitionId: ROLES.globalAdmin });
    assert.equal(revoked.action, 'selfDeactivate');
    assert.equal(revoked.status, 'Revoked');
    assert.ok(!(await requester.listMyActiveAssignments()).some((a) => a.roleDefinitionId === ROLES.globalAdmin));
    await assert.rejects(requester.selfDeactivate({ principalId: h.userId('mbowen'), roleDefinitionId: ROLES.globalAdmin }), NotEligibleError);
  });

  it('records a denial', async () => {
    const ilanger = h.userId('ilanger');
    const ask = await secondApprover.selfActivate({ principalId: ilanger, roleDefinitionId: ROLES.globalAdmin, duration: 'PT30M', justification: 'Break-glass drill', ticket: TICKET });
    await approver.decide(ask.approvalId!, { reviewResult: 'Deny', justification: 'No drill scheduled' });
    assert.equal((await h.gateway.getRequest(ask.id)).status, 'Denied');
  });

  it('cancels a pending request; a provisioned one cannot be', async () => {
    const vchen = await h.as('vchen');
    const ask = await vchen.selfActivate({ principalId: h.userId('vchen'), roleDefinitionId: ROLES.globalAdmin, duration: 'PT1H', justification: 'Tenant settings', ticket: TICKET });
    await vchen.cancelRequest(ask.id);
    assert.equal((await h.gateway.getRequest(ask.id)).status, 'Canceled');
    await assert.rejects(vchen.cancelRequest(ask.id), BadRequestError);
    await assert.rejects(vchen.cancelRequest('00000000-0000-0000-0000-000000000000'), NotFoundError);
  });

  it('activates a role without approval, then the app removes it (adminRemove)', async () => {
    const lgu = await h.as('lgu');
    const active = await lgu.selfActivate({ principalId: h.userId('lgu'), roleDefinitionId: ROLES.securityReader, duration: 'PT2H', justification: 'Review alerts from last night' });
    assert.equal(active.status, 'Provisioned');
    assert.ok((await h.gateway.listActiveAssignments({ principalId: h.userId('lgu') })).some((a) => a.roleDefinitionId === ROLES.securityReader));
    const removed = await h.gateway.adminRemove({ principalId: h.userId('lgu'), roleDefinitionId: ROLES.securityReader, justification: 'Done' });
    assert.equal(removed.action, 'adminRemove');
    assert.equal(removed.status, 'Revoked');
    assert.ok(!(await lgu.listMyActiveAssignments()).some((a) => a.roleDefinitionId === ROLES.securityReader));
  });

  it("lists the signed-in user's eligibility schedules and instances", async () => {
    const schedules = await requester.listMyEligibilitySchedules();
    assert.ok(schedules.some((s) => s.roleDefinitionId === ROLES.globalAdmin));
    assert.ok(schedules.every((s) => s.principalId === h.userId('mbowen')));
    const instances = await requester.listMyEligibilityInstances();
    assert.ok(instances.some((s) => s.roleDefinitionId === ROLES.globalAdmin));
    const appView = await h.gateway.listEligibilitySchedules({ principalId: h.userId('mbowen') });
    assert.equal(appView.length, schedules.length);
  });
});
