/**
 * Reads what triage needs from a role's PIM policy rules (Graph shapes): the activation maximum,
 * what the requester must supply, and who approves (primary and escalation approvers).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { RolePolicy } from './types.js';

export type PolicyRule = Graph.UnifiedRoleManagementPolicyRule & Record<string, unknown>;

/** An approver as the approval rule names them: one user, a group's members, or the requester's manager. */
export interface ApproverSubject {
  '@odata.type'?: string;
  userId?: string;
  groupId?: string;
  description?: string;
}

export interface PolicyReading {
  policy: RolePolicy;
  approvers: Array<{ subject: ApproverSubject; escalation: boolean }>;
}

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

function findRule(rules: readonly PolicyRule[], idName: string, type: string): PolicyRule | undefined {
  return (
    rules.find((r) => r.id === idName) ??
    rules.find((r) => lower(r['@odata.type'] as string).endsWith(type) && lower(r.target?.caller) === 'enduser' && lower(r.target?.level) === 'assignment')
  );
}

export function readPolicy(rules: readonly PolicyRule[]): PolicyReading {
  const expiration = findRule(rules, 'Expiration_EndUser_Assignment', 'expirationrule');
  const enablement = findRule(rules, 'Enablement_EndUser_Assignment', 'enablementrule');
  const approval = findRule(rules, 'Approval_EndUser_Assignment', 'approvalrule');
  const enabled = ((enablement?.enabledRules as string[] | undefined) ?? []).map(lower);
  const setting = approval?.setting as
    | { isApprovalRequired?: boolean; approvalStages?: Array<{ primaryApprovers?: ApproverSubject[]; escalationApprovers?: ApproverSubject[] }> }
    | undefined;
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
