/**
 * A small tenant for the governance tests (review packs, policy advice): one broad role used for
 * narrow work, one fitting role with short sessions, one unused eligibility, one new one, and an
 * 8-hour policy with approval that never denies.
 */
import type { GovernanceInput } from '../../../src/oversight/usage.js';
import { ROLES, TenantBuilder } from './tenant-builder.js';

export const GOV_NOW = '2026-06-01T00:00:00Z';

export function governanceTenant(): { tenant: TenantBuilder; input: GovernanceInput } {
  const t = new TenantBuilder('tailspin.example', 'GMT Standard Time');
  t.user('ann', { name: 'Ann Lee', eligible: ['userAdmin', 'security'] });
  t.user('bob', { name: 'Bob Stone', eligible: ['globalAdmin'] });
  t.user('cat', { name: 'Cat Diaz', eligible: ['groups'] });
  t.user('dev', { name: 'Dev Rao', eligible: ['exchange'] });
  const until = GOV_NOW.slice(0, 10);
  // Ann holds User Administrator but only ever resets passwords.
  t.routine('ann', 'userAdmin', { until, days: 60, every: 3, activities: ['Reset password (by admin)'], justification: 'Password resets', seed: 11 });
  // Bob's Global Administrator sessions change tenant-wide settings, which nothing narrower does.
  t.routine('bob', 'globalAdmin', { until, days: 60, every: 4, activities: ['Update authorization policy', 'Update company settings'], justification: 'CAB change', seed: 12 });
  // Cat manages groups in short sessions she ends herself.
  for (let d = 80; d >= 2; d -= 4) {
    const day = new Date(Date.parse(GOV_NOW) - d * 86_400_000).toISOString().slice(0, 10);
    const a = t.activate('cat', 'groups', `${day}T10:00`, 'Group requests', { hours: 8, deactivateAfterMinutes: 40 });
    t.act('cat', a.start + 10 * 60_000, 'Add member to group', 'Sales', 'Group');
  }
  const input: GovernanceInput = { ...t.input() };
  // Dev's Exchange eligibility predates the look-back and is never used; Ann's Security one is new.
  for (const e of input.eligibilities ?? []) {
    e.createdDateTime = e.principalId === t.id('ann') && e.roleDefinitionId === ROLES.security[0] ? '2026-05-20T00:00:00Z' : '2025-01-01T00:00:00Z';
  }
  const policyId = 'policy-8h-approval';
  input.policies = [
    {
      id: policyId,
      rules: [
        { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_EndUser_Assignment', maximumDuration: 'PT8H' } as never,
        { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule', id: 'Approval_EndUser_Assignment', setting: { isApprovalRequired: true } } as never,
      ],
    },
  ];
  input.policyAssignments = Object.values(ROLES).map(([roleDefinitionId]) => ({ id: `${policyId}_${roleDefinitionId}`, policyId, scopeId: '/', roleDefinitionId }));
  // Every request approved 45 minutes after it was made.
  input.approvals = (input.requests ?? []).map((r) => {
    r.approvalId = r.id;
    return { id: r.id as string, steps: [{ reviewResult: 'Approve', status: 'Completed', reviewedDateTime: new Date(Date.parse(r.createdDateTime as string) + 45 * 60_000).toISOString() }] };
  });
  return { tenant: t, input };
}
