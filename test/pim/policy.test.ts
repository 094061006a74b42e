/** Reading a role's policy rules into a `RolePolicy`, on the evaluation tenant's real policies. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isoDurationMinutes, schemas, summarizePolicy, type PolicyAssignment } from '../../src/pim/index.js';
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';

const TENANT = '/work/shared/eval/triage/contoso.json';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

function assignmentFor(snap: TenantSnapshot, roleId: string): PolicyAssignment {
  const a = snap['policies/roleManagementPolicyAssignments'].find((x) => x.roleDefinitionId === roleId)!;
  const policy = snap['policies/roleManagementPolicies'].find((p) => p.id === a.policyId)!;
  const expanded = { ...a, policy };
  schemas.policyAssignmentSchema.parse(expanded);
  return expanded as unknown as PolicyAssignment;
}

describe('RolePolicy', () => {
  let snap: TenantSnapshot;
  before(async () => {
    snap = await loadSnapshot(TENANT);
  });

  it('reads a tier-0 role: ticket, MFA, justification, approval by a group', () => {
    const p = summarizePolicy(assignmentFor(snap, GLOBAL_ADMIN));
    assert.equal(p.roleDefinitionId, GLOBAL_ADMIN);
    assert.equal(p.maxDuration, 'PT2H');
    assert.equal(p.maxDurationMinutes, 120);
    assert.equal(p.requiresTicket, true);
    assert.equal(p.requiresMfa, true);
    assert.equal(p.requiresJustification, true);
    assert.equal(p.approvalRequired, true);
    assert.deepEqual(p.approvers, [{ kind: 'groupMembers', groupId: '2d1ef7bf-0bed-4b07-8f7a-04433fc2a908', description: 'PIM Approvers - Identity' }]);
    assert.equal(p.authenticationContext, null);
  });

  it('reads a role without approval or ticket', () => {
    const p = summarizePolicy(assignmentFor(snap, SECURITY_READER));
    assert.equal(p.approvalRequired, false);
    assert.equal(p.requiresTicket, false);
    assert.equal(p.requiresMfa, false);
    assert.equal(p.requiresJustification, true);
    assert.deepEqual(p.approvers, []);
  });

  it('reads single users, escalation approvers and approver justification; ignores admin rules', () => {
    const p = summarizePolicy({
      id: 'a',
      policyId: 'p',
      roleDefinitionId: 'r',
      scopeId: '/',
      scopeType: 'DirectoryRole',
      policy: {
        id: 'p',
        rules: [
          { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_Admin_Assignment', enabledRules: ['Ticketing'], target: { caller: 'Admin', level: 'Assignment' } },
          { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_EndUser_Assignment', enabledRules: [], target: { caller: 'EndUser', level: 'Assignment' } },
          { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_EndUser_Assignment', isExpirationRequired: true, maximumDuration: 'P1DT30M', target: { caller: 'EndUser', level: 'Assignment' } },
          { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule', id: 'AuthenticationContext_EndUser_Assignment', isEnabled: true, claimValue: 'c1' },
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
            id: 'Approval_EndUser_Assignment',
            setting: {
              isApprovalRequired: true,
              approvalStages: [
                {
                  isApproverJustificationRequired: true,
                  primaryApprovers: [
                    { '@odata.type': '#microsoft.graph.singleUser', userId: 'u1', description: 'Ann' },
                    { '@odata.type': '#microsoft.graph.groupMembers', groupId: 'g1' },
                    { '@odata.type': '#microsoft.graph.singleUser', userId: 'u1' },
                  ],
                  escalationApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: 'u9' }],
                },
              ],
            },
          },
        ],
      },
    });
    assert.equal(p.requiresTicket, false, 'the admin enablement rule does not govern activation');
    assert.equal(p.maxDurationMinutes, 1470);
    assert.equal(p.authenticationContext, 'c1');
    assert.deepEqual(p.approvers, [
      { kind: 'singleUser', userId: 'u1', description: 'Ann' },
      { kind: 'groupMembers', groupId: 'g1', description: null },
    ]);
    assert.deepEqual(p.escalationApprovers, [{ kind: 'singleUser', userId: 'u9', description: null }]);
    assert.equal(p.approverJustificationRequired, true);
  });

  it('converts ISO durations', () => {
    assert.equal(isoDurationMinutes('PT8H'), 480);
    assert.equal(isoDurationMinutes('PT90M'), 90);
    assert.equal(isoDurationMinutes('P1D'), 1440);
    assert.equal(isoDurationMinutes('P'), null);
    assert.equal(isoDurationMinutes('8 hours'), null);
  });
});
