/**
 * What an approval card shows, as plain data kept with the request (workflow_requests.view), so
 * every copy can be redrawn in any state without asking Graph or the engine again.
 */
import type { ScheduleRequest, User } from '../pim/index.js';
import { describeTicket } from '../tickets/describe.js';
import type { Analysis, RecommendedAction, RiskBand } from '../triage/index.js';

export interface ApprovalView {
  requestId: string;
  requester: { id: string; name: string; upn?: string; department?: string; jobTitle?: string };
  role: { id: string; name: string; tier: 0 | 1 | 2 };
  requestedDuration?: string;
  suggestedDuration: string;
  justification: string;
  ticket?: string;
  createdDateTime: string;
  risk: { score: number; band: RiskBand; recommendedAction: RecommendedAction; autoApprovable: boolean };
  factors: Array<{ id: string; points: number; detail: string }>;
  rationale: string;
  similar: Array<{ outcome: 'approved' | 'denied'; createdDateTime: string; reviewer?: string; note?: string; justification?: string }>;
  /** The role's policy wants a reason from the approver (Approve and Deny alike). */
  commentRequired: boolean;
  modelVersion: string;
  /** Facts Graph did not give at triage, for the approver to check themselves. */
  unchecked?: string[];
}

export interface ViewInput {
  request: ScheduleRequest;
  requester: User;
  analysis: Analysis;
  approverJustificationRequired: boolean;
}

const SIMILAR_SHOWN = 3;
const FACTORS_SHOWN = 8;

export function approvalView({ request, requester, analysis, approverJustificationRequired }: ViewInput): ApprovalView {
  const cited = request.ticketInfo?.ticketNumber ? `${request.ticketInfo.ticketNumber}${request.ticketInfo.ticketSystem ? ` (${request.ticketInfo.ticketSystem})` : ''}` : undefined;
  // When the ticket was looked up, the approver reads what it says: short description, state, window.
  const ticket = analysis.ticketFacts ? describeTicket(analysis.ticketFacts) : cited;
  return {
    requestId: request.id,
    requester: {
      id: requester.id,
      name: requester.displayName ?? requester.userPrincipalName ?? requester.id,
      upn: requester.userPrincipalName ?? undefined,
      department: requester.department ?? undefined,
      jobTitle: requester.jobTitle ?? undefined,
    },
    role: { id: analysis.role.id, name: analysis.role.displayName, tier: analysis.role.tier },
    requestedDuration: request.scheduleInfo?.expiration?.duration ?? undefined,
    suggestedDuration: analysis.suggestedDuration,
    justification: request.justification ?? '',
    ticket,
    createdDateTime: request.createdDateTime,
    risk: { score: analysis.riskScore, band: analysis.riskBand, recommendedAction: analysis.recommendedAction, autoApprovable: analysis.autoApprovable },
    factors: [...analysis.factors]
      .filter((f) => f.points !== 0)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
      .slice(0, FACTORS_SHOWN)
      .map((f) => ({ id: f.id, points: f.points, detail: f.detail })),
    rationale: analysis.rationale,
    similar: analysis.similarDecisions.slice(0, SIMILAR_SHOWN).map((d) => ({
      outcome: d.outcome,
      createdDateTime: d.createdDateTime,
      reviewer: d.reviewer ?? undefined,
      note: d.reviewerNote ?? undefined,
      justification: d.justification ?? undefined,
    })),
    commentRequired: approverJustificationRequired,
    modelVersion: analysis.modelVersion,
    ...(analysis.unchecked?.length ? { unchecked: [...analysis.unchecked] } : {}),
  };
}
