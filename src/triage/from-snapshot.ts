/**
 * Builds triage's inputs from a tenant snapshot (Graph shapes, shared/eval/README.md): the history
 * of activation requests with their approvals, and the context of one pending request. No I/O:
 * loading the snapshot is the caller's business.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { TenantSnapshot } from '../tenant/snapshot.js';
import { roleInfo } from '../roles/index.js';
import { durationMinutes, isoDuration } from './time.js';
import type { ActivationRecord, ApproverCandidate, Eligibility, RolePolicy, TriageContext } from './types.js';

type Approval = TenantSnapshot['roleManagement/directory/roleAssignmentApprovals'][number];
type Rule = Graph.UnifiedRoleManagementPolicyRule & Record<string, unknown>;
type Subject = { '@odata.type'?: string; userId?: string; groupId?: string; description?: string };

const ACTIVATIONS = new Set(['selfactivate', 'selfextend', 'selfrenew']);
const GRANTED = new Set(['provisioned', 'granted', 'schedulecreated', 'pendingprovisioning', 'revoked']);
const BREAK_GLASS = /break[\s-]?glass|emergency[\s-]?(access|admin|account)|\bbg[-_ ]?admin\b/i;

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

function decidedStep(approval: Approval | undefined): Record<string, unknown> | undefined {
  return approval?.steps?.find((s) => s.reviewResult && lower(String(s.reviewResult)) !== 'notreviewed');
}

function requestDuration(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
  const exp = r.scheduleInfo?.expiration;
  const fromIso = durationMinutes(exp?.duration ?? undefined);
  if (fromIso !== undefined) return fromIso;
  if (exp?.endDateTime && r.scheduleInfo?.startDateTime) return (new Date(exp.endDateTime).getTime() - new Date(r.scheduleInfo.startDateTime).getTime()) / 60_000;
  return undefined;
}

function minutesToIso(minutes: number | undefined): string | undefined {
  return minutes !== undefined && minutes > 0 ? isoDuration(minutes) : undefined;
}

/** Every self-activation in the snapshot as an ActivationRecord, with the reviewer's decision. */
export function historyFromSnapshot(snap: TenantSnapshot): ActivationRecord[] {
  const users = new Map(snap.users.map((u) => [u.id, u]));
  const approvals = new Map(snap['roleManagement/directory/roleAssignmentApprovals'].map((a) => [a.id, a]));
  const out: ActivationRecord[] = [];
  for (const r of snap['roleManagement/directory/roleAssignmentScheduleRequests']) {
    if (!r.id || !r.principalId || !r.roleDefinitionId || !r.createdDateTime || !ACTIVATIONS.has(lower(r.action))) continue;
    const step = decidedStep(approvals.get(r.approvalId ?? r.id));
    const result = lower(String(step?.reviewResult ?? ''));
    const status = lower(r.status);
    const outcome: ActivationRecord['status'] =
      status === 'denied' || result.startsWith('den') ? 'denied' : GRANTED.has(status) ? 'approved' : status.startsWith('pending') ? 'pending' : 'other';
    const user = users.get(r.principalId);
    const reviewer = step?.reviewedBy as { id?: string; displayName?: string; userPrincipalName?: string } | undefined;
    out.push({
      requestId: r.id,
      principalId: r.principalId,
      roleDefinitionId: r.roleDefinitionId,
      createdDateTime: r.createdDateTime,
      durationMinutes: requestDuration(r),
      status: outcome,
      justification: r.justification ?? undefined,
      ticketNumber: r.ticketInfo?.ticketNumber ?? undefined,
      department: user?.department ?? undefined,
      timeZone: user?.mailboxSettings?.timeZone ?? undefined,
      reviewerId: reviewer?.id,
      reviewerName: reviewer?.displayName,
      reviewerUpn: reviewer?.userPrincipalName,
      reviewNote: typeof step?.justification === 'string' ? step.justification : undefined,
      reviewedDateTime: typeof step?.reviewedDateTime === 'string' ? step.reviewedDateTime : undefined,
    });
  }
  return out;
}

function findRule(rules: Rule[], idName: string, type: string): Rule | undefined {
  return (
    rules.find((r) => r.id === idName) ??
    rules.find((r) => lower(r['@odata.type'] as string).endsWith(type) && lower(r.target?.caller) === 'enduser' && lower(r.target?.level) === 'assignment')
  );
}

function policyRules(snap: TenantSnapshot, roleId: string): Rule[] {
  const assignments = snap['policies/roleManagementPolicyAssignments'].filter((a) => a.roleDefinitionId === roleId && (a.scopeId ?? '/') === '/');
  for (const a of assignments) {
    const expanded = (a as { policy?: { rules?: Rule[] } }).policy?.rules;
    if (expanded?.length) return expanded;
    const policy = snap['policies/roleManagementPolicies'].find((p) => p.id === a.policyId);
    if (policy?.rules?.length) return policy.rules as Rule[];
  }
  return [];
}

function readPolicy(rules: Rule[]): { policy: RolePolicy; approvers: Array<{ subject: Subject; escalation: boolean }> } {
  const expiration = findRule(rules, 'Expiration_EndUser_Assignment', 'expirationrule');
  const enablement = findRule(rules, 'Enablement_EndUser_Assignment', 'enablementrule');
  const approval = findRule(rules, 'Approval_EndUser_Assignment', 'approvalrule');
  const enabled = ((enablement?.enabledRules as string[] | undefined) ?? []).map(lower);
  const setting = approval?.setting as { isApprovalRequired?: boolean; approvalStages?: Array<{ primaryApprovers?: Subject[]; escalationApprovers?: Subject[] }> } | undefined;
  const approvers = (setting?.approvalStages ?? []).flatMap((s) => [
    ...(s.primaryApprovers ?? []).map((subject) => ({ subject, escalation: false })),
    ...(s.escalationApprovers ?? []).map((subject) => ({ subject, escalation: true })),
  ]);
  return {
    policy: {
      maximumDuration: (expiration?.maximumDuration as string | undefined) ?? undefined,
      justificationRequired: enabled.includes('justification'),
      ticketRequired: enabled.includes('ticketing'),
      mfaRequired: enabled.includes('multifactorauthentication'),
      approvalRequired: setting?.isApprovalRequired ?? false,
    },
    approvers,
  };
}

function groupMemberIds(group: Graph.Group | undefined): string[] {
  return ((group as { members?: Array<{ id?: string; '@odata.type'?: string }> } | undefined)?.members ?? [])
    .filter((m) => m.id && (!m['@odata.type'] || lower(m['@odata.type']).endsWith('user')))
    .map((m) => m.id as string);
}

function isOutOfOffice(user: Graph.User | undefined, presence: Graph.Presence | undefined, now: Date): boolean {
  if ((presence as { outOfOfficeSettings?: { isOutOfOffice?: boolean } } | undefined)?.outOfOfficeSettings?.isOutOfOffice) return true;
  const auto = user?.mailboxSettings?.automaticRepliesSetting;
  const status = lower(auto?.status);
  if (status === 'alwaysenabled') return true;
  if (status !== 'scheduled') return false;
  const start = auto?.scheduledStartDateTime?.dateTime;
  const end = auto?.scheduledEndDateTime?.dateTime;
  return (!start || new Date(`${start.replace(/Z?$/, 'Z')}`) <= now) && (!end || new Date(`${end.replace(/Z?$/, 'Z')}`) >= now);
}

function breakGlassReason(snap: TenantSnapshot, user: Graph.User, groups: Graph.Group[]): string | undefined {
  const named = [user.displayName, user.userPrincipalName, user.jobTitle].find((s) => s && BREAK_GLASS.test(s));
  if (named) return `named "${named}"`;
  const group = groups.find((g) => BREAK_GLASS.test(`${g.displayName ?? ''} ${g.description ?? ''}`));
  if (group) return `member of ${group.displayName}`;
  const standing = snap['roleManagement/directory/roleAssignmentSchedules'].find(
    (a) => a.principalId === user.id && lower(a.scheduleInfo?.expiration?.type) === 'noexpiration' && roleInfo(a.roleDefinitionId)?.tier === 0,
  );
  return standing ? `holds a standing, never-expiring ${roleInfo(standing.roleDefinitionId)?.displayName} assignment` : undefined;
}

/** The context of one pending request; throws when the request, requester or role is missing. */
export function contextFromSnapshot(snap: TenantSnapshot, requestId: string, now: Date | string, history: ActivationRecord[] = historyFromSnapshot(snap)): TriageContext {
  const at = new Date(now);
  const req = snap['roleManagement/directory/roleAssignmentScheduleRequests'].find((r) => r.id === requestId);
  if (!req?.principalId || !req.roleDefinitionId) throw new Error(`request ${requestId} is not in the snapshot`);
  const user = snap.users.find((u) => u.id === req.principalId);
  if (!user?.id) throw new Error(`requester ${req.principalId} of request ${requestId} is not in the snapshot`);
  const definition = snap['roleManagement/directory/roleDefinitions'].find((d) => d.id === req.roleDefinitionId || d.templateId === req.roleDefinitionId);
  const roleName = definition?.displayName ?? roleInfo(req.roleDefinitionId)?.displayName;
  if (!roleName) throw new Error(`role ${req.roleDefinitionId} of request ${requestId} is not in the snapshot`);

  const users = new Map(snap.users.map((u) => [u.id, u]));
  const groups = new Map(snap.groups.map((g) => [g.id, g]));
  const myGroups = snap.groups.filter((g) => groupMemberIds(g).includes(user.id as string));
  const myPrincipals = new Set([user.id, ...myGroups.map((g) => g.id)]);
  const presences = new Map(snap['communications/presences'].map((p) => [p.id, p]));

  const { policy, approvers: subjects } = readPolicy(policyRules(snap, req.roleDefinitionId));
  const approvers: ApproverCandidate[] = [];
  const addApprover = (id: string | undefined | null, via: string): void => {
    const u = id ? users.get(id) : undefined;
    if (!u?.id) return;
    const p = presences.get(u.id);
    approvers.push({ id: u.id, userPrincipalName: u.userPrincipalName ?? undefined, displayName: u.displayName ?? undefined, via, availability: p?.availability ?? undefined, outOfOffice: isOutOfOffice(u, p, at) });
  };
  for (const { subject, escalation } of subjects) {
    const type = lower(subject['@odata.type']);
    const suffix = escalation ? ' (escalation)' : '';
    if (type.endsWith('singleuser')) addApprover(subject.userId, `named approver${suffix}`);
    else if (type.endsWith('groupmembers')) {
      const g = subject.groupId ? groups.get(subject.groupId) : undefined;
      for (const id of groupMemberIds(g)) addApprover(id, `${g?.displayName ?? subject.description ?? 'approver group'}${suffix}`);
    } else if (type.endsWith('requestormanager')) addApprover(user.manager?.id, `requester's manager${suffix}`);
  }

  const eligibilities = snap['roleManagement/directory/roleEligibilitySchedules'].filter((e) => e.roleDefinitionId === req.roleDefinitionId);
  const mine = eligibilities.find((e) => e.principalId && myPrincipals.has(e.principalId));
  const eligibility: Eligibility | undefined = mine
    ? { createdDateTime: mine.createdDateTime ?? undefined, startDateTime: mine.scheduleInfo?.startDateTime ?? undefined, endDateTime: mine.scheduleInfo?.expiration?.endDateTime ?? undefined, memberType: mine.memberType ?? undefined }
    : undefined;
  const holderIds = new Set<string>();
  for (const s of [...eligibilities, ...snap['roleManagement/directory/roleAssignmentSchedules'].filter((a) => a.roleDefinitionId === req.roleDefinitionId)]) {
    if (!s.principalId) continue;
    const g = groups.get(s.principalId);
    for (const id of g ? groupMemberIds(g) : [s.principalId]) holderIds.add(id);
  }

  const risky = snap['identityProtection/riskyUsers'].find((r) => r.id === user.id || (r.userPrincipalName && lower(r.userPrincipalName) === lower(user.userPrincipalName)));
  const requested = snap['auditLogs/directoryAudits'].find(
    (a) => lower(a.activityDisplayName).startsWith('add member to role requested') && a.additionalDetails?.some((d) => d.key === 'RoleAssignmentRequestId' && d.value === requestId),
  );

  return {
    request: {
      id: requestId,
      principalId: req.principalId,
      roleDefinitionId: req.roleDefinitionId,
      justification: req.justification ?? '',
      ticketNumber: req.ticketInfo?.ticketNumber ?? undefined,
      ticketSystem: req.ticketInfo?.ticketSystem ?? undefined,
      createdDateTime: req.createdDateTime ?? at.toISOString(),
      duration: req.scheduleInfo?.expiration?.duration ?? minutesToIso(requestDuration(req)),
      directoryScopeId: req.directoryScopeId ?? undefined,
    },
    requester: {
      id: user.id,
      displayName: user.displayName ?? undefined,
      userPrincipalName: user.userPrincipalName ?? undefined,
      department: user.department ?? undefined,
      jobTitle: user.jobTitle ?? undefined,
      createdDateTime: user.createdDateTime ?? undefined,
      timeZone: user.mailboxSettings?.timeZone ?? undefined,
      managerId: user.manager?.id ?? undefined,
      accountEnabled: user.accountEnabled ?? undefined,
    },
    role: { id: req.roleDefinitionId, displayName: roleName, templateId: definition?.templateId ?? undefined, isPrivileged: (definition as { isPrivileged?: boolean } | undefined)?.isPrivileged },
    policy,
    eligibility,
    history: history.filter((r) => (r.principalId === user.id || r.roleDefinitionId === req.roleDefinitionId) && new Date(r.createdDateTime) <= at),
    signIns: snap['auditLogs/signIns']
      .filter((s) => s.userId === user.id && s.createdDateTime && new Date(s.createdDateTime) <= at)
      .map((s) => ({
        createdDateTime: s.createdDateTime as string,
        ipAddress: s.ipAddress ?? undefined,
        city: s.location?.city ?? undefined,
        countryOrRegion: s.location?.countryOrRegion ?? undefined,
        riskLevel: s.riskLevelDuringSignIn ?? undefined,
        succeeded: s.status?.errorCode === 0,
      })),
    riskyUser: risky ? { riskLevel: risky.riskLevel ?? undefined, riskState: risky.riskState ?? undefined, riskDetail: risky.riskDetail ?? undefined, riskLastUpdatedDateTime: risky.riskLastUpdatedDateTime ?? undefined } : undefined,
    breakGlass: breakGlassReason(snap, user, myGroups),
    approvers,
    roleHolders: [...holderIds].map((id) => ({ principalId: id, department: users.get(id)?.department ?? undefined })),
    requestedFromIp: requested?.initiatedBy?.user?.ipAddress ?? undefined,
  };
}
