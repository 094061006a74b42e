import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Sandbox } from '../../src/sandbox/index.js';
import { activation, appToken, call, contoso, contosoSandbox, REQUESTS, ROLE, userId, userToken } from './helpers.js';

const APPROVALS = '/beta/roleManagement/directory/roleAssignmentApprovals';
const HOUR = 3600_000;

describe('sandbox PIM behaviour', () => {
  let sb: Sandbox;
  afterEach(() => sb?.close());

  async function pendingExchangeActivation() {
    sb = await contosoSandbox();
    const snap = await contoso();
    const requester = await userToken(sb, 'nwilke@contoso.example');
    const r = await call(sb, 'POST', REQUESTS, requester, activation(userId(snap, 'nwilke@contoso.example'), ROLE.exchangeAdmin));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { snap, requester, request: r.body };
  }

  it('names every failed policy rule', async () => {
    sb = await contosoSandbox();
    const snap = await contoso();
    const id = userId(snap, 'nwilke@contoso.example');
    const token = await userToken(sb, 'nwilke@contoso.example');
    const noTicket = await call(sb, 'POST', REQUESTS, token, activation(id, ROLE.exchangeAdmin, { ticket: false }));
    assert.equal(noTicket.status, 400);
    assert.equal(noTicket.body.error.code, 'RoleAssignmentRequestPolicyValidationFailed');
    assert.equal(noTicket.body.error.message, 'The following policy rules failed: ["TicketingRule"]');
    const tooLong = await call(sb, 'POST', REQUESTS, token, activation(id, ROLE.exchangeAdmin, { duration: 'PT12H' }));
    assert.equal(tooLong.body.error.message, 'The following policy rules failed: ["ExpirationRule"]');
    const noMfa = await userToken(sb, 'nwilke@contoso.example', { sandbox_amr: 'pwd' });
    const several = await call(sb, 'POST', REQUESTS, noMfa, activation(id, ROLE.exchangeAdmin, { ticket: false, justification: null }));
    assert.equal(several.body.error.message, 'The following policy rules failed: ["MfaRule","JustificationRule","TicketingRule"]');
    const validation = await call(sb, 'POST', REQUESTS, token, { ...activation(id, ROLE.exchangeAdmin), isValidationOnly: true });
    assert.equal(validation.status, 201);
    assert.equal((await call(sb, 'GET', `${REQUESTS}/${validation.body.id}`, token)).status, 404, 'validation only creates nothing');
  });

  it('refuses activations without an eligibility, and self actions for someone else', async () => {
    sb = await contosoSandbox();
    const snap = await contoso();
    const token = await userToken(sb, 'nwilke@contoso.example');
    const r = await call(sb, 'POST', REQUESTS, token, activation(userId(snap, 'nwilke@contoso.example'), ROLE.globalAdmin));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'RoleAssignmentDoesNotExist');
    const other = await call(sb, 'POST', REQUESTS, token, activation(userId(snap, 'mgraham@contoso.example'), ROLE.exchangeAdmin));
    assert.equal(other.status, 403);
  });

  it('puts approval-required activations in PendingApproval with a beta approval', async () => {
    const { request, requester } = await pendingExchangeActivation();
    assert.equal(request.status, 'PendingApproval');
    assert.equal(request.approvalId, request.id);
    assert.equal(request.targetScheduleId, request.id);
    assert.equal(request.scheduleInfo.expiration.type, 'afterDuration');
    const approver = await userToken(sb, 'mgraham@contoso.example');
    const v1 = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignmentApprovals/${request.id}`, approver);
    assert.equal(v1.status, 400);
    assert.equal(v1.body.error.message, "Resource not found for the segment 'roleAssignmentApprovals'.");
    const approval = await call(sb, 'GET', `${APPROVALS}/${request.id}?$expand=steps`, approver);
    assert.equal(approval.status, 200);
    assert.equal(approval.body.steps.length, 1);
    assert.equal(approval.body.steps[0].id, request.id);
    assert.equal(approval.body.steps[0].status, 'InProgress');
    assert.equal(approval.body.steps[0].assignedToMe, true);
    const own = await call(sb, 'GET', `${APPROVALS}/${request.id}/steps`, requester);
    assert.equal(own.body.value[0].assignedToMe, false);
    const pending = await call(sb, 'GET', `${REQUESTS}/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'`, approver);
    assert.deepEqual(pending.body.value.map((r: { id: string }) => r.id), [request.id]);
    // A filter on an index narrower than the caller's own requests must not widen the answer.
    const mineOnly = await call(sb, 'GET', `${REQUESTS}/filterByCurrentUser(on='principal')?$filter=status eq 'PendingApproval'`, requester);
    assert.ok(mineOnly.body.value.length >= 1);
    assert.ok(mineOnly.body.value.every((r: { principalId: string }) => r.principalId === request.principalId));
    const theirs = await call(sb, 'GET', `${REQUESTS}/filterByCurrentUser(on='principal')?$filter=status eq 'PendingApproval'`, approver);
    assert.ok(theirs.body.value.every((r: { id: string }) => r.id !== request.id), "another principal's request is never listed as mine");
  });

  it('lets only an approver decide: not the requester, not an app; a second decision is a conflict', async () => {
    const { request, requester } = await pendingExchangeActivation();
    const step = `${APPROVALS}/${request.id}/steps/${request.id}`;
    const self = await call(sb, 'PATCH', step, requester, { reviewResult: 'Approve', justification: 'self' });
    assert.equal(self.status, 403);
    const app = await call(sb, 'PATCH', step, await appToken(sb), { reviewResult: 'Approve', justification: 'app' });
    assert.equal(app.status, 403);
    const outsider = await call(sb, 'PATCH', step, await userToken(sb, 'pnair@contoso.example'), { reviewResult: 'Approve', justification: 'x' });
    assert.equal(outsider.status, 403);
    const ok = await call(sb, 'PATCH', step, await userToken(sb, 'mgraham@contoso.example'), { reviewResult: 'Approve', justification: 'Looks routine' });
    assert.equal(ok.status, 204);
    const late = await call(sb, 'PATCH', step, await userToken(sb, 'jlorenz@contoso.example'), { reviewResult: 'Deny', justification: 'late' });
    assert.equal(late.status, 409);
  });

  it('provisions an approved activation: instance, role assignment and audit trail', async () => {
    const { request, snap } = await pendingExchangeActivation();
    const approver = await userToken(sb, 'mgraham@contoso.example');
    await call(sb, 'PATCH', `${APPROVALS}/${request.id}/steps/${request.id}`, approver, { reviewResult: 'Approve', justification: 'Looks routine' });
    const app = await appToken(sb);
    const after = await call(sb, 'GET', `${REQUESTS}/${request.id}`, app);
    assert.equal(after.body.status, 'Provisioned');
    const principalId = userId(snap, 'nwilke@contoso.example');
    const instances = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${principalId}'`, app);
    const instance = instances.body.value.find((i: { roleDefinitionId: string }) => i.roleDefinitionId === ROLE.exchangeAdmin);
    assert.equal(instance.assignmentType, 'Activated');
    assert.equal(instance.roleAssignmentScheduleId, request.id);
    assert.ok(instance.id.endsWith('-1'));
    const assignments = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${principalId}'`, app);
    assert.ok(assignments.body.value.some((a: { id: string }) => a.id === instance.roleAssignmentOriginId));
    const step = await call(sb, 'GET', `${APPROVALS}/${request.id}/steps/${request.id}`, approver);
    assert.equal(step.body.status, 'Completed');
    assert.equal(step.body.reviewResult, 'Approve');
    assert.equal(step.body.reviewedBy.userPrincipalName, 'mgraham@contoso.example');
    const audits = await call(sb, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge ${request.createdDateTime} and loggedByService eq 'PIM'`, app);
    const names = audits.body.value.map((a: { activityDisplayName: string }) => a.activityDisplayName);
    for (const name of [
      'Add member to role requested (PIM activation)',
      'Add member to role approval requested (PIM activation)',
      'Add member to role request approved (PIM activation)',
      'Add member to role completed (PIM activation)',
    ]) {
      assert.ok(names.includes(name), name);
    }
    const approved = audits.body.value.find((a: { activityDisplayName: string }) => a.activityDisplayName.includes('approved'));
    assert.equal(approved.category, 'RoleManagement');
    assert.equal(approved.initiatedBy.user.userPrincipalName, 'mgraham@contoso.example');
    assert.ok(approved.additionalDetails.some((d: { key: string; value: string }) => d.key === 'RoleAssignmentRequestId' && d.value === request.id));
    const again = await call(sb, 'POST', REQUESTS, await userToken(sb, 'nwilke@contoso.example'), activation(principalId, ROLE.exchangeAdmin));
    assert.equal(again.body.error.code, 'RoleAssignmentExists');
  });

  it('denies', async () => {
    const { request } = await pendingExchangeActivation();
    const r = await call(sb, 'PATCH', `${APPROVALS}/${request.id}/steps/${request.id}`, await userToken(sb, 'jlorenz@contoso.example'), { reviewResult: 'Deny', justification: 'No CAB approval' });
    assert.equal(r.status, 204);
    const after = await call(sb, 'GET', `${REQUESTS}/${request.id}`, await appToken(sb));
    assert.equal(after.body.status, 'Denied');
  });

  it('cancels a pending request, and refuses to cancel twice', async () => {
    const { request, requester } = await pendingExchangeActivation();
    const r = await call(sb, 'POST', `${REQUESTS}/${request.id}/cancel`, requester);
    assert.equal(r.status, 204);
    assert.equal(r.body, undefined);
    const after = await call(sb, 'GET', `${REQUESTS}/${request.id}`, requester);
    assert.equal(after.body.status, 'Canceled');
    assert.equal((await call(sb, 'POST', `${REQUESTS}/${request.id}/cancel`, requester)).status, 400);
    const approve = await call(sb, 'PATCH', `${APPROVALS}/${request.id}/steps/${request.id}`, await userToken(sb, 'mgraham@contoso.example'), { reviewResult: 'Approve', justification: 'x' });
    assert.equal(approve.status, 409);
  });

  it('activates without approval, deactivates, and lists it for the principal', async () => {
    sb = await contosoSandbox();
    const snap = await contoso();
    const id = userId(snap, 'garchie@contoso.example');
    const token = await userToken(sb, 'garchie@contoso.example');
    const r = await call(sb, 'POST', REQUESTS, token, activation(id, ROLE.securityReader, { ticket: false, justification: 'Check sign-in reports' }));
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'Provisioned');
    assert.equal(r.body.approvalId, null);
    const mine = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`, token);
    assert.ok(mine.body.value.some((i: { roleDefinitionId: string }) => i.roleDefinitionId === ROLE.securityReader));
    const off = await call(sb, 'POST', REQUESTS, token, { action: 'selfDeactivate', principalId: id, roleDefinitionId: ROLE.securityReader, directoryScopeId: '/' });
    assert.equal(off.status, 201);
    assert.equal(off.body.status, 'Revoked');
    const after = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`, token);
    assert.ok(!after.body.value.some((i: { roleDefinitionId: string }) => i.roleDefinitionId === ROLE.securityReader));
    const again = await call(sb, 'POST', REQUESTS, token, { action: 'selfDeactivate', principalId: id, roleDefinitionId: ROLE.securityReader, directoryScopeId: '/' });
    assert.equal(again.body.error.code, 'RoleAssignmentDoesNotExist');
    const audits = await call(sb, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=initiatedBy/user/id eq '${id}' and activityDateTime ge ${r.body.createdDateTime}`, token);
    const names = audits.body.value.map((a: { activityDisplayName: string }) => a.activityDisplayName);
    assert.ok(names.includes('Remove member from role completed (PIM deactivate)'));
  });

  it('expires activations when the clock passes their end, writing the expiry records', async () => {
    sb = await contosoSandbox({ now: new Date('2026-11-20T09:00:00Z') });
    const snap = await contoso();
    const id = userId(snap, 'garchie@contoso.example');
    const token = await userToken(sb, 'garchie@contoso.example');
    const r = await call(sb, 'POST', REQUESTS, token, activation(id, ROLE.securityReader, { ticket: false, duration: 'PT1H', justification: 'Review' }));
    assert.equal(r.body.status, 'Provisioned');
    const app = await appToken(sb);
    const instances = () => call(sb, 'GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${id}'`, app);
    assert.equal((await instances()).body.value.length, 1);
    sb.clock.advance(HOUR - 60_000);
    assert.equal((await instances()).body.value.length, 1);
    sb.clock.advance(2 * 60_000);
    assert.equal((await instances()).body.value.length, 0);
    const expired = await call(sb, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-20T09:59:00Z and targetResources/any(t: t/id eq '${id}')`, app);
    const names = expired.body.value.map((a: { activityDisplayName: string; loggedByService: string }) => `${a.loggedByService}: ${a.activityDisplayName}`);
    assert.deepEqual(names.sort(), ['Core Directory: Remove member from role', 'PIM: Remove member from role (PIM activation expired)']);
  });

  it('times out approvals after 24 hours (also when the clock moves over HTTP)', async () => {
    sb = await contosoSandbox({ now: new Date('2026-11-20T09:00:00Z') });
    const snap = await contoso();
    const requester = await userToken(sb, 'nwilke@contoso.example');
    const r = await call(sb, 'POST', REQUESTS, requester, activation(userId(snap, 'nwilke@contoso.example'), ROLE.exchangeAdmin));
    assert.equal(r.body.status, 'PendingApproval');
    const moved = await call(sb, 'POST', '/_sandbox/clock', undefined, { advanceMs: 24 * HOUR + 1000 });
    assert.equal(moved.status, 200);
    assert.ok(moved.body.now.startsWith('2026-11-21T09:00'));
    const after = await call(sb, 'GET', `${REQUESTS}/${r.body.id}`, requester);
    assert.equal(after.body.status, 'TimedOut');
    const approver = await userToken(sb, 'mgraham@contoso.example');
    const step = await call(sb, 'GET', `${APPROVALS}/${r.body.id}/steps/${r.body.id}`, approver);
    assert.equal(step.body.status, 'Expired');
    const decide = await call(sb, 'PATCH', `${APPROVALS}/${r.body.id}/steps/${r.body.id}`, approver, { reviewResult: 'Approve', justification: 'late' });
    assert.equal(decide.status, 409);
    const audits = await call(sb, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'PIM activation request expired'`, await appToken(sb));
    assert.equal(audits.body.value.length, 1);
  });
});
