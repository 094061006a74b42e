/**
 * Builds triage's inputs from a tenant snapshot (Graph shapes, shared/eval/README.md): the history
 * of activation requests with their approvals, and the context of one pending request. No I/O:
 * loading the snapshot is the caller's business. Index a snapshot once (`indexSnapshot`) to build
 * many contexts from it.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { tenantIdOf, type TenantSnapshot } from '../tenant/snapshot.js';
import { roleInfo } from '../roles/index.js';
import { approverCandidates } from './approver-candidates.js';
import { activationRecords, requestDurationMinutes } from './graph-history.js';
import { readPolicy } from './policy-rules.js';
import { withoutRequester } from './role-holders.js';
import type { HistorySource } from './learn.js';
import { indexSnapshot, SnapshotIndex } from './snapshot-index.js';
import { isoDuration } from './time.js';
import type { ActivationRecord, Eligibility, TriageContext } from './types.js';

const BREAK_GLASS = /break[\s-]?glass|emergency[\s-]?(access|admin|account)|\bbg[-_ ]?admin\b/i;

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

/** Every self-activation in the snapshot as an ActivationRecord, with the reviewer's decision. */
export function historyFromSnapshot(snap: TenantSnapshot): ActivationRecord[] {
  return activationRecords({
    requests: snap['roleManagement/directory/roleAssignmentScheduleRequests'],
    approvals: snap['roleManagement/directory/roleAssignmentApprovals'],
    directoryAudits: snap['auditLogs/directoryAudits'],
    users: snap.users,
  });
}

/** The snapshot as a source for `learn`: its requests, read as Graph would give them since a time. */
export function historySourceFromSnapshot(snap: TenantSnapshot): HistorySource {
  return {
    tenantId: tenantIdOf(snap),
    async requestsSince(since) {
      const all = historyFromSnapshot(snap);
      return since ? all.filter((r) => new Date(r.createdDateTime) > since) : all;
    },
  };
}

function breakGlassReason(index: SnapshotIndex, user: Graph.User, groups: readonly Graph.Group[]): string | undefined {
  const named = [user.displayName, user.userPrincipalName, user.jobTitle].find((s) => s && BREAK_GLASS.test(s));
  if (named) return `named "${named}"`;
  const group = groups.find((g) => BREAK_GLASS.test(`${g.displayName ?? ''} ${g.description ?? ''}`));
  if (group) return `member of ${group.displayName}`;
  const standing = index.assignmentsOf(user.id ?? '').find((a) => lower(a.scheduleInfo?.expiration?.type) === 'noexpiration' && roleInfo(a.roleDefinitionId)?.tier === 0);
  return standing ? `holds a standing, never-expiring ${roleInfo(standing.roleDefinitionId)?.displayName} assignment` : undefined;
}

/** The context of one pending request; throws when the request, requester or role is missing. */
export function contextFromSnapshot(source: TenantSnapshot | SnapshotIndex, requestId: string, now: Date | string, history?: ActivationRecord[]): TriageContext {
  const index = source instanceof SnapshotIndex ? source : indexSnapshot(source, history);
  const at = new Date(now);
  const req = index.request(requestId);
  if (!req?.principalId || !req.roleDefinitionId) throw new Error(`request ${requestId} is not in the snapshot`);
  const user = index.user(req.principalId);
  if (!user?.id) throw new Error(`requester ${req.principalId} of request ${requestId} is not in the snapshot`);
  const definition = index.roleDefinition(req.roleDefinitionId);
  const roleName = definition?.displayName ?? roleInfo(req.roleDefinitionId)?.displayName;
  if (!roleName) throw new Error(`role ${req.roleDefinitionId} of request ${requestId} is not in the snapshot`);

  const myGroups = index.groupsOf(user.id);
  const { policy, approvers } = readPolicy(index.policyRules(req.roleDefinitionId));
  const mine = index.eligibilityOf(user.id, req.roleDefinitionId);
  const eligibility: Eligibility | undefined = mine
    ? { createdDateTime: mine.createdDateTime ?? undefined, startDateTime: mine.scheduleInfo?.startDateTime ?? undefined, endDateTime: mine.scheduleInfo?.expiration?.endDateTime ?? undefined, memberType: mine.memberType ?? undefined }
    : undefined;
  const holders = index.holders(req.roleDefinitionId);
  const roleHolders = withoutRequester(holders.counts, holders.ids.has(user.id) ? { principalId: user.id, department: user.department ?? undefined } : undefined);
  const risky = index.riskyUser(user);
  const minutes = requestDurationMinutes(req);

  return {
    request: {
      id: requestId,
      principalId: req.principalId,
      roleDefinitionId: req.roleDefinitionId,
      justification: req.justification ?? '',
      ticketNumber: req.ticketInfo?.ticketNumber ?? undefined,
      ticketSystem: req.ticketInfo?.ticketSystem ?? undefined,
      createdDateTime: req.createdDateTime ?? at.toISOString(),
      duration: req.scheduleInfo?.expiration?.duration ?? (minutes !== undefined && minutes > 0 ? isoDuration(minutes) : undefined),
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
    history: index.history.forRequest(user.id, req.roleDefinitionId, at),
    signIns: index
      .signInsOf(user.id)
      .filter((s) => s.createdDateTime && new Date(s.createdDateTime) <= at)
      .map((s) => ({
        createdDateTime: s.createdDateTime as string,
        ipAddress: s.ipAddress ?? undefined,
        city: s.location?.city ?? undefined,
        countryOrRegion: s.location?.countryOrRegion ?? undefined,
        riskLevel: s.riskLevelDuringSignIn ?? undefined,
        succeeded: s.status?.errorCode === 0,
      })),
    riskyUser: risky ? { riskLevel: risky.riskLevel ?? undefined, riskState: risky.riskState ?? undefined, riskDetail: risky.riskDetail ?? undefined, riskLastUpdatedDateTime: risky.riskLastUpdatedDateTime ?? undefined } : undefined,
    breakGlass: breakGlassReason(index, user, myGroups),
    approvers: approverCandidates(approvers, user, index, at),
    roleHolders,
    requestedFromIp: index.requestedFromIp(requestId),
  };
}
