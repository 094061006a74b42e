/**
 * The shapes triage works on: what is known about one pending activation (TriageContext), the
 * learned baseline, and the analysis it returns (the output contract of shared/eval/README.md).
 * Plain data, independent of Graph's shapes, so the engine can be fed from a snapshot, a live
 * tenant or a test.
 */
import type { TicketFacts } from '../tickets/facts.js';

export type FlagId =
  | 'tier0-role'
  | 'first-activation'
  | 'atypical-for-department'
  | 'vague-justification'
  | 'missing-ticket'
  | 'prompt-injection'
  | 'justification-role-mismatch'
  | 'unusual-duration'
  | 'off-hours'
  | 'recent-denials'
  | 'new-account'
  | 'risky-user'
  | 'break-glass-account';

export type RiskBand = 'low' | 'medium' | 'high';
export type RecommendedAction = 'approve' | 'review' | 'deny';

/** One earlier activation request, as history remembers it. */
export interface ActivationRecord {
  requestId: string;
  principalId: string;
  roleDefinitionId: string;
  createdDateTime: string;
  /** Requested duration in minutes, when it had one. */
  durationMinutes?: number;
  status: 'approved' | 'denied' | 'pending' | 'other';
  justification?: string;
  ticketNumber?: string;
  /** The requester's department and IANA or Windows time zone when the request was made. */
  department?: string;
  timeZone?: string;
  reviewerId?: string;
  reviewerName?: string;
  reviewerUpn?: string;
  reviewNote?: string;
  reviewedDateTime?: string;
}

export interface TriageRequest {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  justification: string;
  ticketNumber?: string;
  ticketSystem?: string;
  createdDateTime: string;
  /** Requested duration (ISO 8601), when the request has one. */
  duration?: string;
  directoryScopeId?: string;
}

export interface Requester {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  department?: string;
  jobTitle?: string;
  createdDateTime?: string;
  /** mailboxSettings.timeZone: a Windows zone name, or IANA. */
  timeZone?: string;
  managerId?: string;
  accountEnabled?: boolean;
}

export interface RoleContext {
  id: string;
  displayName: string;
  templateId?: string;
  /** The definition's isPrivileged (beta), used only for roles the catalog does not know. */
  isPrivileged?: boolean;
}

/** Someone who may use the role (eligible for it or holding it). */
export interface RoleHolder {
  principalId: string;
  department?: string;
}

/** Who besides the requester may use the role, counted per department, for judging how typical it is there. */
export interface RoleHolders {
  others: number;
  /** Per department as the directory spells it; people without one count only in `others`. */
  byDepartment: Record<string, number>;
}

export interface RolePolicy {
  /** Expiration_EndUser_Assignment.maximumDuration. */
  maximumDuration?: string;
  justificationRequired: boolean;
  ticketRequired: boolean;
  mfaRequired: boolean;
  approvalRequired: boolean;
}

export interface ApproverCandidate {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
  /** Where the policy names them: a group's name, or "named approver". */
  via: string;
  /** Named among the stage's escalation approvers rather than its primary ones. */
  escalation?: boolean;
  /** Teams presence availability, when known. */
  availability?: string;
  outOfOffice?: boolean;
}

export interface SignInRecord {
  createdDateTime: string;
  ipAddress?: string;
  city?: string;
  countryOrRegion?: string;
  /** riskLevelDuringSignIn (none, low, medium, high). */
  riskLevel?: string;
  succeeded?: boolean;
}

export interface RiskyUserState {
  riskLevel?: string;
  riskState?: string;
  riskDetail?: string;
  riskLastUpdatedDateTime?: string;
}

export interface Eligibility {
  createdDateTime?: string;
  startDateTime?: string;
  endDateTime?: string;
  memberType?: string;
}

export interface TriageContext {
  request: TriageRequest;
  requester: Requester;
  role: RoleContext;
  policy: RolePolicy;
  eligibility?: Eligibility;
  /**
   * The requester's own earlier requests and the role's most recent requests by others, with
   * outcomes. Signals read only the requester's own; the others feed similar decisions and the
   * approvers' experience, so a recent sample of them is enough.
   */
  history: ActivationRecord[];
  /** The requester's recent sign-ins, newest first or in any order. */
  signIns: SignInRecord[];
  riskyUser?: RiskyUserState;
  /** Why the account is a break-glass account, when it is one. */
  breakGlass?: string;
  approvers: ApproverCandidate[];
  /** Everyone else eligible for (or holding) the role, as counts. */
  roleHolders: RoleHolders;
  /** IP address the request came from (the "requested" audit event), when known. */
  requestedFromIp?: string;
  /** What the ticket system says about the cited ticket; absent when it was not checked. */
  ticketFacts?: TicketFacts;
  /**
   * Facts Microsoft Graph did not give (after its retries), in plain words ("the requester's recent
   * sign-ins"): the signals that read them saw nothing, which must not pass for nothing to see.
   */
  unchecked?: string[];
}

export interface Factor {
  id: string;
  points: number;
  detail: string;
}

export interface SuggestedApprover {
  id: string;
  userPrincipalName?: string;
  reason: string;
}

export interface SimilarDecision {
  requestId: string;
  principalId: string;
  roleDefinitionId: string;
  createdDateTime: string;
  outcome: 'approved' | 'denied';
  justification?: string;
  reviewerId?: string;
  reviewer?: string;
  reviewerNote?: string;
  similarity: number;
}

export interface Analysis {
  requestId: string;
  riskScore: number;
  riskBand: RiskBand;
  recommendedAction: RecommendedAction;
  autoApprovable: boolean;
  /** Why auto mode may not approve it; empty when it may. */
  autoApproveBlockers: string[];
  suggestedDuration: string;
  keyTerms: string[];
  flags: FlagId[];
  factors: Factor[];
  rationale: string;
  suggestedApprovers: SuggestedApprover[];
  similarDecisions: SimilarDecision[];
  role: { id: string; displayName: string; tier: 0 | 1 | 2 };
  modelVersion: string;
  /** The cited ticket as checked (short description, state, window, link), when it was. */
  ticketFacts?: TicketFacts;
  /** Facts Graph did not give; the analysis could not weigh them (see TriageContext.unchecked). */
  unchecked?: string[];
}

/** What one user has done with one role. */
export interface UserRoleStats {
  activations: number;
  denials: number;
  firstAt: string;
  lastAt: string;
  /** Median requested duration, minutes. */
  medianDurationMinutes?: number;
  maxDurationMinutes?: number;
  /** Requests that carried a ticket, as a share of all (0–1). */
  ticketShare: number;
}

export interface UserStats {
  department?: string;
  requests: number;
  activations: number;
  denials: number;
  roles: Record<string, UserRoleStats>;
  /** Requests per local hour (24 buckets) and per local weekday (7, Sunday first). */
  hours: number[];
  weekdays: number[];
}

export interface RoleStats {
  requests: number;
  activations: number;
  denials: number;
  users: number;
  medianDurationMinutes?: number;
  /** Per department: distinct users who activated the role, and their activations. */
  departments: Record<string, { users: number; activations: number }>;
}

/** Learned from history by learnBaseline; plain JSON so it can be stored and reloaded. */
export interface Baseline {
  version: 1;
  learnedAt: string;
  windowDays: number;
  roles: Record<string, RoleStats>;
  users: Record<string, UserStats>;
  /** Per department: how many distinct people made any request. */
  departments: Record<string, { users: number }>;
}
