/**
 * A tenant snapshot: each key a Graph path relative to the service root, each value the objects
 * Graph returns at that path (format of shared/eval/README.md). Loaded by the sandbox, the triage
 * and oversight command lines and the benchmarks.
 */
import { readFile } from 'node:fs/promises';
import type * as Graph from '@microsoft/microsoft-graph-types';

export interface TenantSnapshot {
  organization: Graph.Organization[];
  users: Graph.User[];
  groups: Graph.Group[];
  'roleManagement/directory/roleDefinitions': Graph.UnifiedRoleDefinition[];
  'roleManagement/directory/roleEligibilitySchedules': Graph.UnifiedRoleEligibilitySchedule[];
  'roleManagement/directory/roleAssignmentSchedules': Graph.UnifiedRoleAssignmentSchedule[];
  'policies/roleManagementPolicies': Graph.UnifiedRoleManagementPolicy[];
  'policies/roleManagementPolicyAssignments': Graph.UnifiedRoleManagementPolicyAssignment[];
  'roleManagement/directory/roleAssignmentScheduleRequests': Graph.UnifiedRoleAssignmentScheduleRequest[];
  /** Beta `approval` objects with their `steps`. */
  'roleManagement/directory/roleAssignmentApprovals': Array<Record<string, unknown> & { id: string; steps?: Array<Record<string, unknown>> }>;
  'auditLogs/directoryAudits': Graph.DirectoryAudit[];
  'auditLogs/signIns': Graph.SignIn[];
  'identityProtection/riskyUsers': Graph.RiskyUser[];
  'communications/presences': Graph.Presence[];
  [path: string]: unknown[];
}

const REQUIRED: Array<keyof TenantSnapshot> = [
  'organization',
  'users',
  'roleManagement/directory/roleDefinitions',
  'policies/roleManagementPolicies',
  'policies/roleManagementPolicyAssignments',
];

/** Parses and checks a snapshot; missing optional collections become empty arrays. */
export function parseSnapshot(json: string, source = 'snapshot'): TenantSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${source}: expected a JSON object keyed by Graph path`);
  }
  const snap = data as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (!Array.isArray(snap[key])) throw new Error(`${source}: missing the '${String(key)}' collection`);
  }
  const defaults: Array<keyof TenantSnapshot> = [
    'groups',
    'roleManagement/directory/roleEligibilitySchedules',
    'roleManagement/directory/roleAssignmentSchedules',
    'roleManagement/directory/roleAssignmentScheduleRequests',
    'roleManagement/directory/roleAssignmentApprovals',
    'auditLogs/directoryAudits',
    'auditLogs/signIns',
    'identityProtection/riskyUsers',
    'communications/presences',
  ];
  for (const key of defaults) if (!Array.isArray(snap[key])) snap[key as string] = [];
  return snap as TenantSnapshot;
}

export async function loadSnapshot(path: string): Promise<TenantSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read tenant snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseSnapshot(text, path);
}

export function tenantIdOf(snapshot: TenantSnapshot): string {
  const id = snapshot.organization[0]?.id;
  if (!id) throw new Error('snapshot has no organization[0].id');
  return id;
}
