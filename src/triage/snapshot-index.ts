/**
 * A tenant snapshot with lookups built once: users, groups and memberships, role definitions,
 * policies, eligibilities, sign-ins, risk, presences, "requested" audit events and the request
 * history, each keyed the way a context asks for them. Building one request's context from it
 * costs lookups, not passes over the tenant.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { TenantSnapshot } from '../tenant/snapshot.js';
import { groupMemberIds, type DirectoryLookup } from './approver-candidates.js';
import { activationRecords } from './graph-history.js';
import { HistoryIndex } from './history-index.js';
import type { PolicyRule } from './policy-rules.js';
import { countRoleHolders } from './role-holders.js';
import type { ActivationRecord, RoleHolders } from './types.js';

type Request = Graph.UnifiedRoleAssignmentScheduleRequest;

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

function multi<T>(items: readonly T[], key: (x: T) => string | null | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    if (!k) continue;
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function single<T>(items: readonly T[], key: (x: T) => string | null | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of items) {
    const k = key(x);
    if (k && !out.has(k)) out.set(k, x);
  }
  return out;
}

export class SnapshotIndex implements DirectoryLookup {
  readonly history: HistoryIndex;
  private readonly users: Map<string, Graph.User>;
  private readonly groups: Map<string, Graph.Group>;
  private readonly memberOf = new Map<string, Graph.Group[]>();
  private readonly requests: Map<string, Request>;
  private readonly definitions = new Map<string, Graph.UnifiedRoleDefinition>();
  private readonly policyAssignments: Map<string, Graph.UnifiedRoleManagementPolicyAssignment[]>;
  private readonly policies: Map<string, Graph.UnifiedRoleManagementPolicy>;
  private readonly eligibilities: Map<string, Graph.UnifiedRoleEligibilitySchedule[]>;
  private readonly assignmentsByRole: Map<string, Graph.UnifiedRoleAssignmentSchedule[]>;
  private readonly assignmentsByPrincipal: Map<string, Graph.UnifiedRoleAssignmentSchedule[]>;
  private readonly signIns: Map<string, Graph.SignIn[]>;
  private readonly riskyById: Map<string, Graph.RiskyUser>;
  private readonly riskyByUpn: Map<string, Graph.RiskyUser>;
  private readonly presences: Map<string, Graph.Presence>;
  private readonly requestedFrom = new Map<string, string>();
  private readonly eligibilitiesByPrincipal: Map<string, Graph.UnifiedRoleEligibilitySchedule[]>;
  private readonly holderCache = new Map<string, { ids: ReadonlySet<string>; counts: RoleHolders }>();

  constructor(readonly snapshot: TenantSnapshot, history?: readonly ActivationRecord[]) {
    const snap = snapshot;
    this.users = single(snap.users, (u) => u.id);
    this.groups = single(snap.groups, (g) => g.id);
    for (const g of snap.groups) {
      for (const id of groupMemberIds(g)) {
        const list = this.memberOf.get(id);
        if (list) list.push(g);
        else this.memberOf.set(id, [g]);
      }
    }
    this.requests = single(snap['roleManagement/directory/roleAssignmentScheduleRequests'], (r) => r.id);
    for (const d of snap['roleManagement/directory/roleDefinitions']) {
      for (const k of [d.id, d.templateId]) if (k && !this.definitions.has(k)) this.definitions.set(k, d);
    }
    this.policyAssignments = multi(
      snap['policies/roleManagementPolicyAssignments'].filter((a) => (a.scopeId ?? '/') === '/'),
      (a) => a.roleDefinitionId,
    );
    this.policies = single(snap['policies/roleManagementPolicies'], (p) => p.id);
    this.eligibilities = multi(snap['roleManagement/directory/roleEligibilitySchedules'], (e) => e.roleDefinitionId);
    this.eligibilitiesByPrincipal = multi(snap['roleManagement/directory/roleEligibilitySchedules'], (e) => e.principalId);
    this.assignmentsByRole = multi(snap['roleManagement/directory/roleAssignmentSchedules'], (a) => a.roleDefinitionId);
    this.assignmentsByPrincipal = multi(snap['roleManagement/directory/roleAssignmentSchedules'], (a) => a.principalId);
    this.signIns = multi(snap['auditLogs/signIns'], (s) => s.userId);
    this.riskyById = single(snap['identityProtection/riskyUsers'], (r) => r.id);
    this.riskyByUpn = single(snap['identityProtection/riskyUsers'], (r) => lower(r.userPrincipalName) || undefined);
    this.presences = single(snap['communications/presences'], (p) => p.id);
    for (const a of snap['auditLogs/directoryAudits']) {
      if (!lower(a.activityDisplayName).startsWith('add member to role requested')) continue;
      const requestId = a.additionalDetails?.find((d) => d.key === 'RoleAssignmentRequestId')?.value;
      const ip = a.initiatedBy?.user?.ipAddress;
      if (requestId && ip && !this.requestedFrom.has(requestId)) this.requestedFrom.set(requestId, ip);
    }
    const records =
      history ??
      activationRecords({
        requests: snap['roleManagement/directory/roleAssignmentScheduleRequests'],
        approvals: snap['roleManagement/directory/roleAssignmentApprovals'],
        directoryAudits: snap['auditLogs/directoryAudits'],
        users: this.users,
      });
    this.history = new HistoryIndex(records);
  }

  /** Everyone eligible for or holding the role (group members counted one by one), for all requests alike. */
  holders(roleId: string): { ids: ReadonlySet<string>; counts: RoleHolders } {
    let h = this.holderCache.get(roleId);
    if (!h) {
      const ids = new Set<string>();
      for (const s of [...this.eligibilitiesFor(roleId), ...this.assignmentsFor(roleId)]) {
        if (!s.principalId) continue;
        const g = this.groups.get(s.principalId);
        for (const id of g ? groupMemberIds(g) : [s.principalId]) ids.add(id);
      }
      h = { ids, counts: countRoleHolders([...ids].map((id) => ({ principalId: id, department: this.users.get(id)?.department ?? undefined })), '') };
      this.holderCache.set(roleId, h);
    }
    return h;
  }
  /** The requester's eligibility for the role, directly or through a group. */
  eligibilityOf(userId: string, roleId: string): Graph.UnifiedRoleEligibilitySchedule | undefined {
    for (const p of [userId, ...this.groupsOf(userId).map((g) => g.id)]) {
      const found = (p ? this.eligibilitiesByPrincipal.get(p) : undefined)?.find((e) => e.roleDefinitionId === roleId);
      if (found) return found;
    }
    return undefined;
  }
  user(id: string): Graph.User | undefined {
    return this.users.get(id);
  }
  group(id: string): Graph.Group | undefined {
    return this.groups.get(id);
  }
  presence(userId: string): Graph.Presence | undefined {
    return this.presences.get(userId);
  }
  request(id: string): Request | undefined {
    return this.requests.get(id);
  }
  /** By definition id or template id. */
  roleDefinition(id: string): Graph.UnifiedRoleDefinition | undefined {
    return this.definitions.get(id);
  }
  groupsOf(userId: string): readonly Graph.Group[] {
    return this.memberOf.get(userId) ?? [];
  }
  /** The rules of the role's tenant-wide policy, expanded inline or looked up by policy id. */
  policyRules(roleId: string): PolicyRule[] {
    for (const a of this.policyAssignments.get(roleId) ?? []) {
      const expanded = (a as { policy?: { rules?: PolicyRule[] } }).policy?.rules;
      if (expanded?.length) return expanded;
      const policy = a.policyId ? this.policies.get(a.policyId) : undefined;
      if (policy?.rules?.length) return policy.rules as PolicyRule[];
    }
    return [];
  }
  eligibilitiesFor(roleId: string): readonly Graph.UnifiedRoleEligibilitySchedule[] {
    return this.eligibilities.get(roleId) ?? [];
  }
  assignmentsFor(roleId: string): readonly Graph.UnifiedRoleAssignmentSchedule[] {
    return this.assignmentsByRole.get(roleId) ?? [];
  }
  assignmentsOf(principalId: string): readonly Graph.UnifiedRoleAssignmentSchedule[] {
    return this.assignmentsByPrincipal.get(principalId) ?? [];
  }
  signInsOf(userId: string): readonly Graph.SignIn[] {
    return this.signIns.get(userId) ?? [];
  }
  riskyUser(user: Graph.User): Graph.RiskyUser | undefined {
    return (user.id ? this.riskyById.get(user.id) : undefined) ?? (user.userPrincipalName ? this.riskyByUpn.get(lower(user.userPrincipalName)) : undefined);
  }
  /** The address the request was made from, per its "requested" audit event. */
  requestedFromIp(requestId: string): string | undefined {
    return this.requestedFrom.get(requestId);
  }
}

export function indexSnapshot(snapshot: TenantSnapshot, history?: readonly ActivationRecord[]): SnapshotIndex {
  return new SnapshotIndex(snapshot, history);
}
