/**
 * What the trail records: the kinds of entry, who acted, and the output each kind carries.
 * Emitters get these types at compile time; readers (story, report) treat stored outputs as
 * untrusted JSON and read them field by field.
 */
import type { Analysis, RecommendedAction } from '../triage/index.js';

export const ENTRY_KINDS = [
  'pim.event',
  'triage.analysis',
  'recommendation',
  'card.sent',
  'card.action',
  'decision.human',
  'decision.auto',
  'refusal',
  'alert',
  'session.activity',
  'action.failed',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * Who acted. `user`: a person, by Entra object id (verified, never from card data). `service`:
 * PIM Copilot itself (intake, triage, delivery). `automation`: the automation approver account.
 * `system`: Entra PIM or another Microsoft service (expiry, portal changes).
 */
export interface Actor {
  type: 'user' | 'service' | 'automation' | 'system';
  id: string;
  name?: string;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type PimEventName = 'requested' | 'approved' | 'denied' | 'canceled' | 'expired' | 'activated' | 'deactivated' | 'failed' | 'revoked';

export interface PimEventOutput {
  event: PimEventName;
  /** How the bot learned of it. */
  source: 'poll' | 'webhook' | 'bot' | 'status';
  principalId: string;
  principalName?: string;
  principalUpn?: string;
  roleDefinitionId: string;
  roleName?: string;
  justification?: string;
  ticketNumber?: string;
  ticketSystem?: string;
  /** Requested duration, ISO 8601. */
  duration?: string;
  createdDateTime?: string;
  startDateTime?: string;
  endDateTime?: string;
  status?: string;
}

export interface RecommendationOutput {
  /** `activation`: advice on a pending request (shown on a card); `role`: a role suggested for a task. */
  subject: 'activation' | 'role';
  action?: RecommendedAction;
  roles?: { id: string; displayName: string }[];
  rationale?: string;
}

export interface CardSentOutput {
  card: 'approval' | 'status' | 'escalation' | 'drift-report' | (string & {});
  recipientId: string;
  recipientName?: string;
  conversationId?: string;
  activityId?: string;
  riskScore?: number;
  recommendedAction?: RecommendedAction;
}

export interface CardActionOutput {
  /** `Action.Execute` verb, e.g. approve, deny, refresh. */
  verb: string;
  activityId?: string;
  /** Digest of the action's data, kept instead of the data itself. */
  dataDigest?: string;
}

export interface HumanDecisionOutput {
  decision: 'approve' | 'deny';
  note?: string;
  /** Where the person decided: on the card, or in the Entra portal (seen by the status job). */
  via: 'teams' | 'portal';
  approvalId?: string;
  stepId?: string;
  /** When PIM says it was decided, if it differs from the entry's own time (portal decisions). */
  decidedAt?: string;
}

export interface AutoDecisionOutput {
  decision: 'approve';
  riskScore: number;
  /** The guardrails checked, all passed. */
  guardrails: string[];
  approvalId?: string;
}

export interface RefusalOutput {
  reason: 'forged-action' | 'not-approver' | 'self-approval' | 'helpdesk-denied' | 'already-decided' | (string & {});
  detail: string;
  verb?: string;
}

export interface AlertOutput {
  detector: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  summary: string;
  alertId?: string;
  principalId?: string;
  roleDefinitionId?: string;
}

export interface SessionActivityOutput {
  /** Entra audit activity, e.g. "Reset user password". */
  activity: string;
  activityDateTime: string;
  principalId?: string;
  category?: string;
  target?: string;
  result?: string;
}

/** Written by the trail itself when the action an entry announced threw. */
export interface ActionFailedOutput {
  failedSeq: number;
  failedKind: EntryKind;
  error: string;
}

interface Common {
  /** One id per request's path through the bot (or per turn), shared by every entry it causes. */
  traceId: string;
  /** The PIM request id (roleAssignmentScheduleRequest), when the entry concerns one. */
  requestId?: string | null;
  actor: Actor;
  /** Set on entries that an AI or rules model produced. */
  modelVersion?: string | null;
  /** What the model saw: stored by digest in audit_inputs; `inputDigest` is computed from it. */
  inputs?: unknown;
  /** Digest of inputs kept elsewhere, when `inputs` is not given. */
  inputDigest?: string | null;
}

type Of<K extends EntryKind, O> = Common & { kind: K; output: O };

/** What an emitter hands to the trail. */
export type EntryInput =
  | Of<'pim.event', PimEventOutput>
  | (Of<'triage.analysis', Analysis> & { modelVersion: string })
  | Of<'recommendation', RecommendationOutput>
  | Of<'card.sent', CardSentOutput>
  | Of<'card.action', CardActionOutput>
  | Of<'decision.human', HumanDecisionOutput>
  | Of<'decision.auto', AutoDecisionOutput>
  | Of<'refusal', RefusalOutput>
  | Of<'alert', AlertOutput>
  | Of<'session.activity', SessionActivityOutput>
  | Of<'action.failed', ActionFailedOutput>;

/** One entry as stored, exported and hashed. */
export interface TrailEntry {
  seq: number;
  /** ISO 8601, UTC, milliseconds. */
  at: string;
  kind: EntryKind;
  traceId: string;
  requestId: string | null;
  actor: Actor;
  modelVersion: string | null;
  inputDigest: string | null;
  output: JsonObject;
  prevHash: string;
  hash: string;
}
