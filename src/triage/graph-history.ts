/**
 * Activation records from Microsoft Graph's shapes: self-activation schedule requests, their
 * approvals (beta) and PIM's audit events. A snapshot and the live Graph gateway both hand these
 * over as Graph returns them, so history is read the same way from either.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { durationMinutes } from './time.js';
import type { ActivationRecord } from './types.js';

/** A beta `approval` object with its steps. */
export type GraphApproval = Record<string, unknown> & { id: string; steps?: Array<Record<string, unknown>> };

export interface GraphHistoryInput {
  requests: readonly Graph.UnifiedRoleAssignmentScheduleRequest[];
  approvals: readonly GraphApproval[];
  /** PIM's "request approved/denied" events stand in for approvals that are gone or were never read. */
  directoryAudits?: readonly Graph.DirectoryAudit[];
  /** The requesters, for their department and time zone. */
  users: ReadonlyMap<string, Graph.User> | readonly Graph.User[];
}

interface Decision {
  denied: boolean;
  reviewer?: { id?: string; displayName?: string; userPrincipalName?: string };
  note?: string;
  at?: string;
}

const ACTIVATIONS = new Set(['selfactivate', 'selfextend', 'selfrenew']);
const GRANTED = new Set(['provisioned', 'granted', 'schedulecreated', 'pendingprovisioning', 'revoked']);
const DECIDED_EVENT = /^add member to role request (approved|denied)/i;

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

export function requestDurationMinutes(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
  const exp = r.scheduleInfo?.expiration;
  const fromIso = durationMinutes(exp?.duration ?? undefined);
  if (fromIso !== undefined) return fromIso;
  if (exp?.endDateTime && r.scheduleInfo?.startDateTime) return (new Date(exp.endDateTime).getTime() - new Date(r.scheduleInfo.startDateTime).getTime()) / 60_000;
  return undefined;
}

function fromApproval(approval: GraphApproval | undefined): Decision | undefined {
  const step = approval?.steps?.find((s) => s.reviewResult && lower(String(s.reviewResult)) !== 'notreviewed');
  if (!step) return undefined;
  return {
    denied: lower(String(step.reviewResult)).startsWith('den'),
    reviewer: step.reviewedBy as Decision['reviewer'],
    note: typeof step.justification === 'string' ? step.justification : undefined,
    at: typeof step.reviewedDateTime === 'string' ? step.reviewedDateTime : undefined,
  };
}

function detail(a: Graph.DirectoryAudit, key: string): string | undefined {
  return a.additionalDetails?.find((d) => d.key === key)?.value ?? undefined;
}

function decisionsFromAudits(audits: readonly Graph.DirectoryAudit[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const a of audits) {
    const m = DECIDED_EVENT.exec(a.activityDisplayName ?? '');
    const requestId = m ? detail(a, 'RoleAssignmentRequestId') : undefined;
    if (!m || !requestId) continue;
    const by = a.initiatedBy?.user;
    out.set(requestId, {
      denied: lower(m[1]) === 'denied',
      reviewer: by ? { id: by.id ?? undefined, displayName: by.displayName ?? undefined, userPrincipalName: by.userPrincipalName ?? undefined } : undefined,
      note: detail(a, 'Justification'),
      at: a.activityDateTime ?? undefined,
    });
  }
  return out;
}

/** Every self-activation request as an ActivationRecord, with the reviewer's decision where there was one. */
export function activationRecords(input: GraphHistoryInput): ActivationRecord[] {
  const users = input.users instanceof Map ? input.users : new Map((input.users as readonly Graph.User[]).map((u) => [u.id, u]));
  const approvals = new Map(input.approvals.map((a) => [a.id, a]));
  const audited = decisionsFromAudits(input.directoryAudits ?? []);
  const out: ActivationRecord[] = [];
  for (const r of input.requests) {
    if (!r.id || !r.principalId || !r.roleDefinitionId || !r.createdDateTime || !ACTIVATIONS.has(lower(r.action))) continue;
    const decision = fromApproval(approvals.get(r.approvalId ?? r.id)) ?? audited.get(r.id);
    const status = lower(r.status);
    const outcome: ActivationRecord['status'] =
      status === 'denied' || decision?.denied ? 'denied' : GRANTED.has(status) ? 'approved' : status.startsWith('pending') ? 'pending' : 'other';
    const user = users.get(r.principalId);
    out.push({
      requestId: r.id,
      principalId: r.principalId,
      roleDefinitionId: r.roleDefinitionId,
      createdDateTime: r.createdDateTime,
      durationMinutes: requestDurationMinutes(r),
      status: outcome,
      justification: r.justification ?? undefined,
      ticketNumber: r.ticketInfo?.ticketNumber ?? undefined,
      department: user?.department ?? undefined,
      timeZone: user?.mailboxSettings?.timeZone ?? undefined,
      reviewerId: decision?.reviewer?.id,
      reviewerName: decision?.reviewer?.displayName,
      reviewerUpn: decision?.reviewer?.userPrincipalName,
      reviewNote: decision?.note,
      reviewedDateTime: decision?.at,
    });
  }
  return out;
}
