/**
 * One PIM policy per role with the 17 well-known rules (expiration, enablement, approval,
 * authentication context and nine notification rules), set from the role's tier, and the
 * assignment that ties it to the role at scope `/`.
 */
import type { GroupSpec } from './people.js';
import type { Rng } from './prng.js';
import type { ApproverGroup, RoleSpec } from './roles.js';

type Rec = Record<string, unknown>;

const target = (caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment') => ({
  caller,
  operations: ['All'],
  level,
  inheritableSettings: [],
  enforcedSettings: [],
});

const expiration = (id: string, caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment', required: boolean, max: string): Rec => ({
  '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
  id,
  isExpirationRequired: required,
  maximumDuration: max,
  target: target(caller, level),
});

const enablement = (id: string, caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment', rules: string[]): Rec => ({
  '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
  id,
  enabledRules: rules,
  target: target(caller, level),
});

function notifications(caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment'): Rec[] {
  const suffix = `${caller}_${level}`;
  return (['Admin', 'Requestor', 'Approver'] as const).map((recipient) => ({
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule',
    id: `Notification_${recipient}_${suffix}`,
    notificationType: 'Email',
    recipientType: recipient,
    notificationLevel: 'All',
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
    target: target(caller, level),
  }));
}

export function policyRules(role: RoleSpec, approvers: Record<Exclude<ApproverGroup, null>, GroupSpec>): Rec[] {
  const activation = [...(role.mfa ? ['MultiFactorAuthentication'] : []), 'Justification', ...(role.ticket ? ['Ticketing'] : [])];
  const group = role.approvers ? approvers[role.approvers] : null;
  return [
    expiration('Expiration_Admin_Eligibility', 'Admin', 'Eligibility', false, 'P365D'),
    enablement('Enablement_Admin_Eligibility', 'Admin', 'Eligibility', []),
    ...notifications('Admin', 'Eligibility'),
    expiration('Expiration_Admin_Assignment', 'Admin', 'Assignment', role.tier < 2, 'P180D'),
    enablement('Enablement_Admin_Assignment', 'Admin', 'Assignment', ['Justification', 'MultiFactorAuthentication']),
    ...notifications('Admin', 'Assignment'),
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
      id: 'Approval_EndUser_Assignment',
      target: target('EndUser', 'Assignment'),
      setting: {
        isApprovalRequired: group !== null,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: group ? 'SingleStage' : 'NoApproval',
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: group !== null,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: group ? [{ '@odata.type': '#microsoft.graph.groupMembers', groupId: group.id, description: group.displayName }] : [],
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
      id: 'AuthenticationContext_EndUser_Assignment',
      isEnabled: false,
      claimValue: '',
      target: target('EndUser', 'Assignment'),
    },
    enablement('Enablement_EndUser_Assignment', 'EndUser', 'Assignment', activation),
    expiration('Expiration_EndUser_Assignment', 'EndUser', 'Assignment', true, `PT${role.maxHours}H`),
    ...notifications('EndUser', 'Assignment'),
  ];
}

export function policyFor(rng: Rng, tenantId: string, role: RoleSpec, approvers: Record<Exclude<ApproverGroup, null>, GroupSpec>, modified: string) {
  const policyId = `DirectoryRole_${tenantId}_${rng.guid()}`;
  const policy = {
    id: policyId,
    displayName: 'DirectoryRole',
    description: 'DirectoryRole',
    isOrganizationDefault: false,
    scopeId: '/',
    scopeType: 'DirectoryRole',
    lastModifiedDateTime: modified,
    lastModifiedBy: { displayName: null, id: null },
    rules: policyRules(role, approvers),
  };
  const assignment = { id: `${policyId}_${role.id}`, policyId, scopeId: '/', scopeType: 'DirectoryRole', roleDefinitionId: role.id };
  return { policy, assignment };
}
