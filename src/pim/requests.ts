/** Role activation requests (`roleAssignmentScheduleRequests`): list, read, create, cancel. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { call } from './call.js';
import { eqFilter, quote, seg } from './odata.js';
import { listAll } from './paging.js';
import { camelFirst, check, scheduleRequestSchema, type ScheduleRequest } from './shapes.js';

const REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';

function normalize(request: ScheduleRequest): ScheduleRequest {
  request.action = camelFirst(request.action);
  return request;
}

function one(body: unknown): ScheduleRequest {
  return normalize(check<ScheduleRequest>(scheduleRequestSchema, body, 'role assignment schedule request'));
}

const listOptions = (limit?: number) => ({ schema: scheduleRequestSchema, what: 'role assignment schedule request', map: normalize, limit });

/** Requests waiting for an approver, tenant-wide (app token; the intake poll). */
export function listPendingRequests(client: Client, options: { limit?: number } = {}): Promise<ScheduleRequest[]> {
  return listAll(client, client.api(REQUESTS).filter(`status eq ${quote('PendingApproval')}`), listOptions(options.limit));
}

export interface RequestQuery {
  principalId?: string;
  roleDefinitionId?: string;
  status?: string;
  limit?: number;
}

/** Requests matching every given field (Graph supports `eq` on these). */
export function listRequests(client: Client, query: RequestQuery = {}): Promise<ScheduleRequest[]> {
  const filter = eqFilter({ principalId: query.principalId, roleDefinitionId: query.roleDefinitionId, status: query.status });
  const request = client.api(REQUESTS);
  if (filter) request.filter(filter);
  return listAll(client, request, listOptions(query.limit));
}

export async function getRequest(client: Client, requestId: string): Promise<ScheduleRequest> {
  return one(await call(() => client.api(`${REQUESTS}/${seg(requestId)}`).get()));
}

/** Requests where the signed-in user is the principal, or is an approver (delegated token). */
export function listMyRequests(client: Client, on: 'principal' | 'approver', options: { status?: string; limit?: number } = {}): Promise<ScheduleRequest[]> {
  const request = client.api(`${REQUESTS}/filterByCurrentUser(on=${quote(on)})`);
  if (options.status) request.filter(`status eq ${quote(options.status)}`);
  return listAll(client, request, listOptions(options.limit));
}

export interface Ticket {
  number: string;
  system?: string;
}

export interface ActivationInput {
  principalId: string;
  roleDefinitionId: string;
  /** ISO 8601, e.g. `PT2H`; the policy's maximum applies. */
  duration: string;
  justification?: string;
  ticket?: Ticket;
  /** Omitted: Graph starts it now, by its own clock. */
  startDateTime?: string;
  directoryScopeId?: string;
  /** Check the request against the policy without submitting it. */
  validationOnly?: boolean;
}

export interface RoleTarget {
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string;
}

async function create(client: Client, body: Record<string, unknown>): Promise<ScheduleRequest> {
  return one(await call(() => client.api(REQUESTS).post(body)));
}

function timedBody(action: string, input: ActivationInput): Record<string, unknown> {
  return {
    action,
    principalId: input.principalId,
    roleDefinitionId: input.roleDefinitionId,
    directoryScopeId: input.directoryScopeId ?? '/',
    ...(input.justification !== undefined ? { justification: input.justification } : {}),
    ...(input.ticket ? { ticketInfo: { ticketNumber: input.ticket.number, ticketSystem: input.ticket.system ?? null } } : {}),
    ...(input.validationOnly ? { isValidationOnly: true } : {}),
    scheduleInfo: {
      ...(input.startDateTime ? { startDateTime: input.startDateTime } : {}),
      expiration: { type: 'afterDuration', duration: input.duration },
    },
  };
}

/** The principal activates its own eligible role (delegated token of that principal). */
export function selfActivate(client: Client, input: ActivationInput): Promise<ScheduleRequest> {
  return create(client, timedBody('selfActivate', input));
}

/** The principal asks to extend its active assignment. */
export function selfExtend(client: Client, input: ActivationInput): Promise<ScheduleRequest> {
  return create(client, timedBody('selfExtend', input));
}

/** The principal ends its own activation early. */
export function selfDeactivate(client: Client, target: RoleTarget): Promise<ScheduleRequest> {
  return create(client, {
    action: 'selfDeactivate',
    principalId: target.principalId,
    roleDefinitionId: target.roleDefinitionId,
    directoryScopeId: target.directoryScopeId ?? '/',
  });
}

/** An administrator (or the app) removes a principal's active assignment. */
export function adminRemove(client: Client, target: RoleTarget & { justification?: string }): Promise<ScheduleRequest> {
  return create(client, {
    action: 'adminRemove',
    principalId: target.principalId,
    roleDefinitionId: target.roleDefinitionId,
    directoryScopeId: target.directoryScopeId ?? '/',
    ...(target.justification !== undefined ? { justification: target.justification } : {}),
  });
}

/** Withdraws a request; Graph answers 204 and the request becomes `Canceled`. */
export async function cancelRequest(client: Client, requestId: string): Promise<void> {
  await call(() => client.api(`${REQUESTS}/${seg(requestId)}/cancel`).post(undefined));
}
