/** Eligibility and active-assignment schedules and instances: who may activate what, who holds what. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { eqFilter, quote } from './odata.js';
import { listAll } from './paging.js';
import {
  assignmentInstanceSchema,
  eligibilityInstanceSchema,
  eligibilityScheduleSchema,
  type AssignmentInstance,
  type EligibilityInstance,
  type EligibilitySchedule,
} from './shapes.js';

const ROOT = '/roleManagement/directory';
const MINE = `filterByCurrentUser(on=${quote('principal')})`;

/** The signed-in user's eligibility schedules (delegated). */
export function listMyEligibilitySchedules(client: Client): Promise<EligibilitySchedule[]> {
  return listAll(client, client.api(`${ROOT}/roleEligibilitySchedules/${MINE}`), { schema: eligibilityScheduleSchema, what: 'role eligibility schedule' });
}

/** The signed-in user's current eligibility instances (delegated). */
export function listMyEligibilityInstances(client: Client): Promise<EligibilityInstance[]> {
  return listAll(client, client.api(`${ROOT}/roleEligibilityScheduleInstances/${MINE}`), { schema: eligibilityInstanceSchema, what: 'role eligibility instance' });
}

/** The signed-in user's active assignments, activated or standing (delegated). */
export function listMyActiveAssignments(client: Client): Promise<AssignmentInstance[]> {
  return listAll(client, client.api(`${ROOT}/roleAssignmentScheduleInstances/${MINE}`), { schema: assignmentInstanceSchema, what: 'role assignment instance' });
}

/** Eligibility schedules matching the given fields, tenant-wide (app token). */
export function listEligibilitySchedules(client: Client, query: { principalId?: string; roleDefinitionId?: string } = {}): Promise<EligibilitySchedule[]> {
  const request = client.api(`${ROOT}/roleEligibilitySchedules`);
  const filter = eqFilter(query);
  if (filter) request.filter(filter);
  return listAll(client, request, { schema: eligibilityScheduleSchema, what: 'role eligibility schedule' });
}

/** Active assignment instances matching the given fields, tenant-wide (app token). */
export function listActiveAssignments(client: Client, query: { principalId?: string; roleDefinitionId?: string } = {}): Promise<AssignmentInstance[]> {
  const request = client.api(`${ROOT}/roleAssignmentScheduleInstances`);
  const filter = eqFilter(query);
  if (filter) request.filter(filter);
  return listAll(client, request, { schema: assignmentInstanceSchema, what: 'role assignment instance' });
}
