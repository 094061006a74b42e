/** Reads the scanner's input out of a tenant snapshot (the Graph collections, as exported). */
import type { TenantSnapshot } from '../tenant/snapshot.js';
import type { OversightInput } from './types.js';
import type { GovernanceInput } from './usage.js';

export function oversightInputFromSnapshot(snapshot: TenantSnapshot): OversightInput {
  return {
    directoryAudits: snapshot['auditLogs/directoryAudits'],
    signIns: snapshot['auditLogs/signIns'],
    requests: snapshot['roleManagement/directory/roleAssignmentScheduleRequests'],
    users: snapshot.users,
    roleDefinitions: snapshot['roleManagement/directory/roleDefinitions'],
    eligibilities: snapshot['roleManagement/directory/roleEligibilitySchedules'],
    assignments: snapshot['roleManagement/directory/roleAssignmentSchedules'],
  };
}

/** The scanner's input plus the role policies and approvals that governance advice reads. */
export function governanceInputFromSnapshot(snapshot: TenantSnapshot): GovernanceInput {
  return {
    ...oversightInputFromSnapshot(snapshot),
    policies: snapshot['policies/roleManagementPolicies'],
    policyAssignments: snapshot['policies/roleManagementPolicyAssignments'],
    approvals: snapshot['roleManagement/directory/roleAssignmentApprovals'],
  };
}
