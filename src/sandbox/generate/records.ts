/**
 * Graph records of a planned activation: the schedule request, its beta approval, the audit
 * trail (the same records the sandbox writes live, plus what the person did while active) and
 * the sign-in before it.
 */
import { isoSeconds } from '../clock.js';
import { ACTIVITY, coreDirectoryRemoval, pimAudit, type Initiator } from '../pim/audit.js';
import type { Person as AuditPerson } from '../pim/directory.js';
import type { Activation } from './history.js';
import type { Org, Person } from './people.js';
import { Rng } from './prng.js';

type Rec = Record<string, unknown>;

const who = (p: Person): AuditPerson => ({ id: p.id, displayName: p.displayName, userPrincipalName: p.upn, mail: p.mail });
const ipOf = (rng: Rng, p: Person) => `${p.office.ipPrefix}.${rng.int(2, 254)}`;

export function requestRecord(a: Activation): Rec {
  const decided = a.approval?.decidedMs;
  const completed = a.startMs ?? decided ?? a.createdMs;
  return {
    id: a.requestId,
    status: a.startMs === null ? 'Denied' : 'Provisioned',
    createdDateTime: isoSeconds(a.createdMs),
    completedDateTime: isoSeconds(completed),
    approvalId: a.approval ? a.requestId : null,
    customData: null,
    action: 'selfActivate',
    principalId: a.person.id,
    roleDefinitionId: a.role.id,
    directoryScopeId: '/',
    appScopeId: null,
    isValidationOnly: false,
    targetScheduleId: a.requestId,
    justification: a.justification,
    createdBy: { application: null, device: null, user: { displayName: null, id: a.person.id } },
    scheduleInfo: { startDateTime: isoSeconds(a.createdMs), recurrence: null, expiration: { type: 'afterDuration', endDateTime: null, duration: `PT${a.hours}H` } },
    ticketInfo: { ticketNumber: a.ticket?.number ?? null, ticketSystem: a.ticket?.system ?? null },
  };
}

export function approvalRecord(a: Activation): Rec | null {
  if (!a.approval) return null;
  const { approver, decidedMs, approved, note } = a.approval;
  return {
    id: a.requestId,
    steps: [
      {
        id: a.requestId,
        displayName: null,
        reviewedDateTime: isoSeconds(decidedMs),
        reviewResult: approved ? 'Approve' : 'Deny',
        status: 'Completed',
        assignedToMe: false,
        justification: note,
        reviewedBy: { id: approver.id, displayName: approver.displayName, userPrincipalName: approver.upn, mail: approver.mail },
      },
    ],
  };
}

export function signInRecord(a: Activation, rng = new Rng(a.requestId, 'signin')): Rec {
  const p = a.person;
  return {
    id: rng.guid(),
    createdDateTime: isoSeconds(a.signInMs),
    userId: p.id,
    userPrincipalName: p.upn,
    userDisplayName: p.displayName,
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: rng.pick(['Azure Portal', 'Microsoft Entra admin center', 'Microsoft Teams']),
    ipAddress: ipOf(rng, p),
    clientAppUsed: 'Browser',
    correlationId: rng.guid(),
    conditionalAccessStatus: 'success',
    isInteractive: true,
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    status: { errorCode: 0, failureReason: 'Other.' },
    deviceDetail: { operatingSystem: rng.pick(['Windows 11', 'Windows 10', 'MacOs']), browser: rng.pick(['Edge 131.0.0', 'Chrome 131.0.0']) },
    location: { city: p.office.city, countryOrRegion: p.office.country },
  };
}

/** What someone with the role does while it is active, as Core Directory records. */
const WORK_ACTIVITY: Record<string, Array<[string, string, 'Add' | 'Update' | 'Delete', 'user' | 'group' | 'app' | 'policy' | 'device' | 'company']>> = {
  directory: [['Update user', 'UserManagement', 'Update', 'user'], ['Add member to group', 'GroupManagement', 'Add', 'group'], ['Reset password (by admin)', 'UserManagement', 'Update', 'user'], ['Add user', 'UserManagement', 'Add', 'user']],
  identity: [['Update service principal', 'ApplicationManagement', 'Update', 'app'], ['Update company settings', 'DirectoryManagement', 'Update', 'company'], ['Update user', 'UserManagement', 'Update', 'user']],
  security: [['Update conditional access policy', 'Policy', 'Update', 'policy'], ['Dismiss user risk', 'UserManagement', 'Update', 'user'], ['Update named location', 'Policy', 'Update', 'policy']],
  apps: [['Update application', 'ApplicationManagement', 'Update', 'app'], ['Update application – Certificates and secrets management ', 'ApplicationManagement', 'Update', 'app'], ['Add service principal', 'ApplicationManagement', 'Add', 'app']],
  messaging: [['Update group', 'GroupManagement', 'Update', 'group'], ['Add member to group', 'GroupManagement', 'Add', 'group']],
  collaboration: [['Update group', 'GroupManagement', 'Update', 'group'], ['Add group', 'GroupManagement', 'Add', 'group']],
  devices: [['Update device', 'Device', 'Update', 'device'], ['Delete device', 'Device', 'Delete', 'device']],
  helpdesk: [['Reset password (by admin)', 'UserManagement', 'Update', 'user'], ['Invalidate all refresh tokens for user', 'UserManagement', 'Update', 'user'], ['Admin deleted security info', 'UserManagement', 'Update', 'user']],
  groups: [['Update group', 'GroupManagement', 'Update', 'group'], ['Add group', 'GroupManagement', 'Add', 'group'], ['Add member to group', 'GroupManagement', 'Add', 'group']],
  compliance: [['Update company', 'DirectoryManagement', 'Update', 'company']],
  billing: [['Update company', 'DirectoryManagement', 'Update', 'company']],
  read: [],
};
const APPS = ['Payroll Connector', 'CRM Integration', 'Expenses', 'HR Portal', 'Build Pipeline', 'Data Warehouse Loader'];
const POLICIES = ['Require MFA for admins', 'Block legacy authentication', 'Contractors - compliant device', 'Trusted locations'];

function actionRecord(rng: Rng, org: Org, a: Activation, at: number, pick: number, ip: string, tenantId: string): Rec | null {
  const options = WORK_ACTIVITY[a.role.work] ?? [];
  if (options.length === 0) return null;
  const [activity, category, operationType, kind] = options[pick % options.length]!;
  const p = a.person;
  let target: Rec;
  if (kind === 'user') {
    const other = org.people[3 + (pick % Math.max(1, org.people.length - 3))]!;
    target = { id: other.id, displayName: other.displayName, type: 'User', userPrincipalName: other.upn };
  } else if (kind === 'group') {
    const g = org.groups[pick % org.groups.length]!;
    target = { id: g.id, displayName: g.displayName, type: 'Group' };
  } else if (kind === 'app') target = { id: rng.guid(), displayName: APPS[pick % APPS.length], type: 'Application' };
  else if (kind === 'policy') target = { id: rng.guid(), displayName: POLICIES[pick % POLICIES.length], type: 'Policy' };
  else if (kind === 'device') target = { id: rng.guid(), displayName: `LT-${10000 + (pick % 90000)}`, type: 'Device' };
  else target = { id: tenantId, displayName: null, type: 'Other' };
  return {
    id: `Directory_${rng.guid()}`,
    category,
    correlationId: rng.guid(),
    result: 'success',
    resultReason: '',
    activityDisplayName: activity,
    activityDateTime: isoSeconds(at),
    loggedByService: 'Core Directory',
    operationType,
    initiatedBy: { user: { id: p.id, displayName: p.displayName, userPrincipalName: p.upn, ipAddress: ip }, app: null },
    targetResources: [target],
    additionalDetails: [],
  };
}

/** Every audit record of one activation, in time order. */
export function auditRecords(a: Activation, org: Org, tenantId: string): Rec[] {
  const rng = new Rng(a.requestId, 'audit');
  const p = a.person;
  const ip = ipOf(rng, p);
  const role = { id: a.role.id, displayName: a.role.name };
  const principal = who(p);
  const user: Initiator = { kind: 'user', person: principal, ipAddress: ip };
  const correlationId = rng.guid();
  let n = 0;
  const id = () => `PIM_${rng.guid()}_${tenantId}_${++n}`;
  const base = { tenantId, role, principal, correlationId };
  const out: Rec[] = [
    pimAudit({
      ...base,
      id: id(),
      activity: ACTIVITY.requested,
      at: a.createdMs,
      initiator: user,
      operationType: 'Add',
      details: { Justification: a.justification, TicketNumber: a.ticket?.number, TicketSystem: a.ticket?.system, StartTime: isoSeconds(a.createdMs), RoleAssignmentRequestId: a.requestId },
    }),
  ];
  if (a.approval) {
    const approver: Initiator = { kind: 'user', person: who(a.approval.approver), ipAddress: ipOf(rng, a.approval.approver) };
    out.push(pimAudit({ ...base, id: id(), activity: ACTIVITY.approvalRequested, at: a.createdMs + 5000, initiator: user, operationType: 'Add', details: { RoleAssignmentRequestId: a.requestId } }));
    out.push(
      pimAudit({
        ...base,
        id: id(),
        activity: a.approval.approved ? ACTIVITY.approved : ACTIVITY.denied,
        at: a.approval.decidedMs,
        initiator: approver,
        operationType: 'Add',
        details: { Justification: a.approval.note, RoleAssignmentRequestId: a.requestId },
      }),
    );
  }
  if (a.startMs === null || a.endMs === null) return out;
  out.push(
    pimAudit({
      ...base,
      id: id(),
      activity: ACTIVITY.completed,
      at: a.startMs,
      initiator: { kind: 'user', person: principal, ipAddress: null },
      operationType: 'Add',
      details: { RoleAssignmentRequestId: a.requestId, StartTime: isoSeconds(a.startMs), ExpirationTime: isoSeconds(a.endMs) },
    }),
  );
  for (let i = 0; i < a.actions.length; i += 2) {
    const action = actionRecord(rng, org, a, a.actions[i]!, a.actions[i + 1]!, ip, tenantId);
    if (action) out.push(action);
  }
  out.push(
    pimAudit({
      ...base,
      id: id(),
      activity: ACTIVITY.expired,
      at: a.endMs,
      initiator: { kind: 'pim' },
      operationType: 'Delete',
      details: { RoleAssignmentRequestId: a.requestId, AuditType: 'RemoveActivatedRole' },
    }),
  );
  out.push(coreDirectoryRemoval({ tenantId, at: a.endMs, role, principal, correlationId, id: `Directory_${rng.guid()}_${++n}` }));
  return out;
}
