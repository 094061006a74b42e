/** Role definitions and the PIM policy assigned to each role. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { call } from './call.js';
import { NotFoundError } from './errors.js';
import { quote, seg } from './odata.js';
import { listAll, readPage } from './paging.js';
import { summarizePolicy, type RolePolicy } from './role-policy.js';
import { check, policyAssignmentSchema, roleDefinitionSchema, type PolicyAssignment, type RoleDefinition } from './shapes.js';

const DEFINITIONS = '/roleManagement/directory/roleDefinitions';
const POLICY_ASSIGNMENTS = '/policies/roleManagementPolicyAssignments';

export function listRoleDefinitions(client: Client): Promise<RoleDefinition[]> {
  return listAll(client, client.api(DEFINITIONS), { schema: roleDefinitionSchema, what: 'role definition' });
}

export async function getRoleDefinition(client: Client, roleDefinitionId: string): Promise<RoleDefinition> {
  const body = await call(() => client.api(`${DEFINITIONS}/${seg(roleDefinitionId)}`).get());
  return check<RoleDefinition>(roleDefinitionSchema, body, 'role definition');
}

/** The relative URL of a role's tenant-wide policy assignment with its rules (also used in `$batch`). */
export function policyAssignmentUrl(roleDefinitionId: string): string {
  const filter = `scopeId eq ${quote('/')} and scopeType eq ${quote('DirectoryRole')} and roleDefinitionId eq ${quote(roleDefinitionId)}`;
  return `${POLICY_ASSIGNMENTS}?$filter=${encodeURIComponent(filter)}&$expand=${encodeURIComponent('policy($expand=rules)')}`;
}

/** Reads the one policy assignment out of a `policyAssignmentUrl` answer. */
export function policyAssignmentFrom(body: unknown, roleDefinitionId: string): PolicyAssignment {
  const first = readPage(body, 'role management policy assignment').value[0];
  if (first === undefined) {
    throw new NotFoundError({ status: 404, graphMessage: `no PIM policy is assigned to role ${roleDefinitionId}` });
  }
  return check<PolicyAssignment>(policyAssignmentSchema, first, 'role management policy assignment');
}

export async function getPolicyAssignment(client: Client, roleDefinitionId: string): Promise<PolicyAssignment> {
  const body = await call(() => client.api(policyAssignmentUrl(roleDefinitionId)).get());
  return policyAssignmentFrom(body, roleDefinitionId);
}

/** The role's activation policy as plain facts (`RolePolicy`). */
export async function getRolePolicy(client: Client, roleDefinitionId: string): Promise<RolePolicy> {
  return summarizePolicy(await getPolicyAssignment(client, roleDefinitionId));
}
