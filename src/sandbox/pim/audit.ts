/**
 * The directoryAudit records PIM writes at each step of an activation, shaped as Graph returns
 * them (category RoleManagement, loggedByService PIM), plus the Core Directory record an expiry
 * leaves behind.
 */
import { randomUUID } from 'node:crypto';
import { isoSeconds } from '../clock.js';
import { stableGuid } from '../tokens.js';
import type { Person } from './directory.js';

export const ACTIVITY = {
  requested: 'Add member to role requested (PIM activation)',
  approvalRequested: 'Add member to role approval requested (PIM activation)',
  approved: 'Add member to role request approved (PIM activation)',
  denied: 'Add member to role request denied (PIM activation)',
  completed: 'Add member to role completed (PIM activation)',
  canceled: 'Add member to role canceled (PIM activation)',
  timedOut: 'PIM activation request expired',
  deactivateRequested: 'Remove member from role requested (PIM deactivate)',
  deactivateCompleted: 'Remove member from role completed (PIM deactivate)',
  expired: 'Remove member from role (PIM activation expired)',
  adminAddRequested: 'Add member to role in PIM requested (timebound)',
  adminAddCompleted: 'Add member to role in PIM completed (timebound)',
  adminAddPermanentRequested: 'Add member to role in PIM requested (permanent)',
  adminAddPermanentCompleted: 'Add member to role in PIM completed (permanent)',
  adminRemoveRequested: 'Remove member from role in PIM requested (timebound)',
  adminRemoveCompleted: 'Remove member from role in PIM completed (timebound)',
} as const;

/** Who did it: a signed-in user, an app, or PIM itself. */
export type Initiator =
  | { kind: 'user'; person: Person; ipAddress: string | null }
  | { kind: 'app'; appId: string; displayName: string; servicePrincipalId: string }
  | { kind: 'pim' }
  | { kind: 'ms-pim-app' };

export interface AuditInput {
  tenantId: string;
  activity: string;
  at: number;
  initiator: Initiator;
  role: { id: string; displayName: string };
  principal: Person;
  details: Record<string, string | null | undefined>;
  operationType: 'Add' | 'Update' | 'Delete' | 'Unassign' | 'Assign';
  correlationId?: string;
  result?: 'success' | 'failure' | 'timeout';
  /** Given by the generator, which must be deterministic; otherwise a fresh one. */
  id?: string;
}

/** The MS-PIM first-party application that makes the directory change. */
const MS_PIM_APP_ID = '01fc33a7-78ba-4d2f-a4b7-768e336e890e';
let sequence = 0;

function initiatedBy(i: Initiator) {
  switch (i.kind) {
    case 'user':
      return {
        user: { id: i.person.id, displayName: i.person.displayName, userPrincipalName: i.person.userPrincipalName, ipAddress: i.ipAddress },
        app: null,
      };
    case 'app':
      return { user: null, app: { appId: i.appId, displayName: i.displayName, servicePrincipalId: i.servicePrincipalId, servicePrincipalName: null } };
    case 'pim':
      return { user: { id: '00000000-0000-0000-0000-000000000000', displayName: 'Azure AD PIM', userPrincipalName: null, ipAddress: null }, app: null };
    case 'ms-pim-app':
      return { user: null, app: { appId: MS_PIM_APP_ID, displayName: 'MS-PIM', servicePrincipalId: null, servicePrincipalName: null } };
  }
}

export function pimAudit(input: AuditInput): Record<string, unknown> {
  const details = Object.entries(input.details)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([key, value]) => ({ key, value }));
  return {
    id: input.id ?? `PIM_${randomUUID()}_${input.tenantId}_${++sequence}`,
    category: 'RoleManagement',
    correlationId: input.correlationId ?? randomUUID(),
    result: input.result ?? 'success',
    resultReason: '',
    activityDisplayName: input.activity,
    activityDateTime: isoSeconds(input.at),
    loggedByService: 'PIM',
    operationType: input.operationType,
    initiatedBy: initiatedBy(input.initiator),
    targetResources: [
      { id: input.role.id, displayName: input.role.displayName, type: 'Role' },
      { id: input.principal.id, displayName: input.principal.displayName, type: 'User', userPrincipalName: input.principal.userPrincipalName },
    ],
    additionalDetails: details,
  };
}

/** The Core Directory record of the role membership being removed, made by the MS-PIM app. */
export function coreDirectoryRemoval(input: Omit<AuditInput, 'activity' | 'initiator' | 'operationType' | 'details'>): Record<string, unknown> {
  const quoted = (v: string | null) => (v === null ? null : JSON.stringify(v));
  return {
    id: input.id ?? `Directory_${randomUUID()}_${++sequence}`,
    category: 'RoleManagement',
    correlationId: input.correlationId ?? randomUUID(),
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Remove member from role',
    activityDateTime: isoSeconds(input.at),
    loggedByService: 'Core Directory',
    operationType: 'Unassign',
    initiatedBy: initiatedBy({ kind: 'ms-pim-app' }),
    targetResources: [
      {
        id: input.principal.id,
        displayName: input.principal.displayName,
        type: 'User',
        userPrincipalName: input.principal.userPrincipalName,
        modifiedProperties: [
          // The directoryRole object id differs from the template id; audit records carry both.
          { displayName: 'Role.ObjectID', oldValue: quoted(stableGuid(`${input.tenantId}/${input.role.id}`)), newValue: null },
          { displayName: 'Role.DisplayName', oldValue: quoted(input.role.displayName), newValue: null },
          { displayName: 'Role.TemplateId', oldValue: quoted(input.role.id), newValue: null },
        ],
      },
    ],
    additionalDetails: [],
  };
}
