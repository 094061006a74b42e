/**
 * A role's PIM policy read into the plain facts the bot acts on. Only the activation rules count
 * here: those whose target is the end user at the assignment level (`*_EndUser_Assignment`).
 */
import type { PolicyAssignment, PolicyRule } from './shapes.js';

export type Approver =
  | { kind: 'singleUser'; userId: string; description: string | null }
  | { kind: 'groupMembers'; groupId: string; description: string | null };

export interface RolePolicy {
  policyId: string;
  roleDefinitionId: string;
  /** Longest activation allowed, ISO 8601 (`PT8H`); null when the policy sets none. */
  maxDuration: string | null;
  maxDurationMinutes: number | null;
  requiresJustification: boolean;
  requiresTicket: boolean;
  requiresMfa: boolean;
  /** Conditional Access authentication context required on activation, when enabled. */
  authenticationContext: string | null;
  approvalRequired: boolean;
  /** Primary approvers of every stage, in order, without duplicates. */
  approvers: Approver[];
  escalationApprovers: Approver[];
  approverJustificationRequired: boolean;
}

const TYPE = '#microsoft.graph.unifiedRoleManagementPolicy';

function activationRule(rules: PolicyRule[], kind: string): PolicyRule | undefined {
  const ofKind = rules.filter((r) => r['@odata.type'].toLowerCase() === `${TYPE}${kind}Rule`.toLowerCase());
  return (
    ofKind.find((r) => r.id === `${kind}_EndUser_Assignment`) ??
    ofKind.find((r) => r.target?.caller?.toLowerCase() === 'enduser' && r.target?.level?.toLowerCase() === 'assignment')
  );
}

interface SubjectSet {
  '@odata.type'?: string;
  userId?: string | null;
  groupId?: string | null;
  description?: string | null;
}

function readApprovers(sets: unknown, into: Approver[]): void {
  if (!Array.isArray(sets)) return;
  for (const set of sets as SubjectSet[]) {
    const type = (set['@odata.type'] ?? '').toLowerCase();
    const description = set.description ?? null;
    let approver: Approver | undefined;
    if (type.endsWith('singleuser') && set.userId) approver = { kind: 'singleUser', userId: set.userId, description };
    else if (type.endsWith('groupmembers') && set.groupId) approver = { kind: 'groupMembers', groupId: set.groupId, description };
    if (!approver) continue;
    const key = approver.kind === 'singleUser' ? approver.userId : approver.groupId;
    if (!into.some((a) => (a.kind === 'singleUser' ? a.userId : a.groupId) === key)) into.push(approver);
  }
}

export function summarizePolicy(assignment: PolicyAssignment): RolePolicy {
  const rules = assignment.policy.rules;
  const expiration = activationRule(rules, 'Expiration') as (PolicyRule & { maximumDuration?: string | null }) | undefined;
  const enablement = activationRule(rules, 'Enablement') as (PolicyRule & { enabledRules?: string[] | null }) | undefined;
  const authContext = activationRule(rules, 'AuthenticationContext') as (PolicyRule & { isEnabled?: boolean | null; claimValue?: string | null }) | undefined;
  const approval = activationRule(rules, 'Approval') as
    | (PolicyRule & {
        setting?: {
          isApprovalRequired?: boolean | null;
          approvalStages?: Array<{ isApproverJustificationRequired?: boolean | null; primaryApprovers?: unknown; escalationApprovers?: unknown }> | null;
        } | null;
      })
    | undefined;

  const enabled = new Set((enablement?.enabledRules ?? []).map((r) => r.toLowerCase()));
  const stages = approval?.setting?.approvalStages ?? [];
  const approvers: Approver[] = [];
  const escalationApprovers: Approver[] = [];
  for (const stage of stages) {
    readApprovers(stage.primaryApprovers, approvers);
    readApprovers(stage.escalationApprovers, escalationApprovers);
  }
  const maxDuration = expiration?.maximumDuration ?? null;
  return {
    policyId: assignment.policy.id,
    roleDefinitionId: assignment.roleDefinitionId,
    maxDuration,
    maxDurationMinutes: maxDuration ? isoDurationMinutes(maxDuration) : null,
    requiresJustification: enabled.has('justification'),
    requiresTicket: enabled.has('ticketing'),
    requiresMfa: enabled.has('multifactorauthentication'),
    authenticationContext: authContext?.isEnabled ? (authContext.claimValue ?? null) : null,
    approvalRequired: approval?.setting?.isApprovalRequired === true,
    approvers,
    escalationApprovers,
    approverJustificationRequired: stages.some((s) => s.isApproverJustificationRequired === true),
  };
}

/** `PT8H` → 480, `P1DT30M` → 1470; null when the text is not an ISO 8601 day/time duration. */
export function isoDurationMinutes(duration: string): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(duration.trim());
  if (!m || duration.trim().toUpperCase() === 'P' || /T$/i.test(duration.trim())) return null;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  return Number(w) * 7 * 1440 + Number(d) * 1440 + Number(h) * 60 + Number(min) + Number(s) / 60;
}
