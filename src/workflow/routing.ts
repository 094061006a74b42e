/**
 * Route: who gets the card, in order. The engine's ranking comes first (presence, out of office,
 * experience with similar requests), then every other primary approver; never the requester.
 * Escalation approvers wait for the escalation job.
 */
import type { Analysis, ApproverCandidate } from '../triage/index.js';

export interface Route {
  /** Primary approvers, best first. */
  approvers: string[];
  escalationApprovers: string[];
  names: Map<string, string>;
}

export function routeOf(analysis: Analysis, candidates: readonly ApproverCandidate[], requesterId: string): Route {
  const requester = requesterId.toLowerCase();
  const names = new Map<string, string>();
  for (const c of candidates) names.set(c.id, c.displayName ?? c.userPrincipalName ?? c.id);
  const primary = new Set(candidates.filter((c) => !c.escalation).map((c) => c.id));
  const ranked = analysis.suggestedApprovers.map((s) => s.id).filter((id) => primary.has(id));
  const approvers = [...new Set([...ranked, ...primary])].filter((id) => id.toLowerCase() !== requester);
  const escalationApprovers = [...new Set(candidates.filter((c) => c.escalation).map((c) => c.id))].filter((id) => id.toLowerCase() !== requester && !approvers.includes(id));
  return { approvers, escalationApprovers, names };
}
