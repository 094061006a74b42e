/**
 * A role's management policy read as activation rules (maximum duration, MFA, justification,
 * ticket, approval and approvers), and the check PIM runs on a selfActivate request, which names
 * every rule that failed.
 */
import type { Rec } from '../store/collection.js';
import type { TenantState } from '../state.js';
import type { Directory } from './directory.js';
import { durationMs } from './ids.js';

export interface ActivationRules {
  policyId: string | null;
  maxDurationMs: number;
  expirationRequired: boolean;
  requireMfa: boolean;
  requireJustification: boolean;
  requireTicket: boolean;
  authContext: string | null;
  approvalRequired: boolean;
  approverJustificationRequired: boolean;
  approvalTimeoutMs: number;
  primaryApprovers: Rec[];
}

const DEFAULT_MAX_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

function ruleById(policy: Rec | undefined, id: string): Rec | undefined {
  const rules = policy?.rules;
  if (!Array.isArray(rules)) return undefined;
  return (rules as Rec[]).find((r) => String(r.id).toLowerCase() === id.toLowerCase());
}

export function policyForRole(state: TenantState, roleDefinitionId: string): Rec | undefined {
  const { policyAssignments, policies } = state.collections;
  for (const pos of policyAssignments.lookup('roleDefinitionId', roleDefinitionId) ?? []) {
    const a = policyAssignments.get(pos);
    if (a.scopeId !== undefined && a.scopeId !== '/') continue;
    const p = policies.find(String(a.policyId));
    if (p) return p;
  }
  return undefined;
}

export function activationRules(state: TenantState, roleDefinitionId: string): ActivationRules {
  const policy = policyForRole(state, roleDefinitionId);
  const expiration = ruleById(policy, 'Expiration_EndUser_Assignment');
  const enablement = ruleById(policy, 'Enablement_EndUser_Assignment');
  const approval = ruleById(policy, 'Approval_EndUser_Assignment');
  const authContext = ruleById(policy, 'AuthenticationContext_EndUser_Assignment');
  const enabled = new Set(((enablement?.enabledRules as string[] | undefined) ?? []).map((r) => r.toLowerCase()));
  const setting = (approval?.setting ?? {}) as Rec;
  const stage = ((setting.approvalStages as Rec[] | undefined) ?? [])[0] ?? {};
  const max = durationMs(expiration?.maximumDuration);
  const timeoutDays = Number(stage.approvalStageTimeOutInDays ?? 1);
  return {
    policyId: typeof policy?.id === 'string' ? policy.id : null,
    maxDurationMs: Number.isNaN(max) ? DEFAULT_MAX_MS : max,
    expirationRequired: expiration?.isExpirationRequired !== false,
    requireMfa: enabled.has('multifactorauthentication'),
    requireJustification: enabled.has('justification') || setting.isRequestorJustificationRequired === true,
    requireTicket: enabled.has('ticketing'),
    authContext: authContext?.isEnabled === true && typeof authContext.claimValue === 'string' ? authContext.claimValue : null,
    approvalRequired: setting.isApprovalRequired === true,
    approverJustificationRequired: stage.isApproverJustificationRequired === true,
    approvalTimeoutMs: (Number.isFinite(timeoutDays) && timeoutDays > 0 ? timeoutDays : 1) * DAY_MS,
    primaryApprovers: (stage.primaryApprovers as Rec[] | undefined) ?? [],
  };
}

/** User ids named by a stage's approvers: single users, and members of groups (nesting expanded). */
export function expandApprovers(directory: Directory, approvers: Rec[]): Set<string> {
  const out = new Set<string>();
  for (const a of approvers) {
    const type = String(a['@odata.type'] ?? '').toLowerCase();
    if (type.endsWith('singleuser') && typeof a.userId === 'string') out.add(a.userId.toLowerCase());
    else if (type.endsWith('groupmembers') && typeof a.groupId === 'string') {
      for (const id of directory.transitiveMembers(a.groupId)) if (directory.user(id)) out.add(id.toLowerCase());
    }
  }
  return out;
}

export interface ActivationAsk {
  justification: unknown;
  ticketNumber: unknown;
  expirationType: string;
  durationMs: number;
  amr: string[];
  acrs: string[];
}

/** Names of the policy rules the request breaks, in the order PIM reports them. */
export function failedRules(rules: ActivationRules, ask: ActivationAsk): string[] {
  const failed: string[] = [];
  const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
  if (rules.requireMfa && !ask.amr.includes('mfa')) failed.push('MfaRule');
  if (rules.requireJustification && blank(ask.justification)) failed.push('JustificationRule');
  if (rules.requireTicket && blank(ask.ticketNumber)) failed.push('TicketingRule');
  const tooLong = ask.durationMs > rules.maxDurationMs;
  const unbounded = ask.expirationType === 'noexpiration' && rules.expirationRequired;
  if (tooLong || unbounded || !(ask.durationMs > 0)) failed.push('ExpirationRule');
  return failed;
}
