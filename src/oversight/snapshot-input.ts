/** Reads the scanner's input out of a tenant snapshot (the Graph collections, as exported). */
import type { TenantSnapshot } from '../tenant/snapshot.js';
import type { OversightInput } from './types.js';

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
