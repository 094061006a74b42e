/**
 * Ranks the approvers the role's policy names: never the requester, people who are around first,
 * then those who have decided requests for this role before.
 */
import type { ApproverCandidate, SuggestedApprover, TriageContext } from './types.js';

const AVAILABILITY_RANK: Record<string, number> = {
  available: 3,
  availableidle: 2.5,
  busy: 2,
  busyidle: 2,
  berightback: 1.5,
  away: 1,
  donotdisturb: 0.5,
  offline: 0,
};

export function suggestApprovers(ctx: TriageContext, limit = 5): SuggestedApprover[] {
  const decided = new Map<string, number>();
  for (const r of ctx.history) {
    if (r.reviewerId && r.roleDefinitionId === ctx.request.roleDefinitionId) decided.set(r.reviewerId, (decided.get(r.reviewerId) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const ranked = ctx.approvers
    .filter((a) => a.id !== ctx.requester.id && !seen.has(a.id) && seen.add(a.id))
    .map((a) => ({ a, rank: rank(a, decided.get(a.id) ?? 0) }))
    .sort((x, y) => y.rank - x.rank || (x.a.displayName ?? '').localeCompare(y.a.displayName ?? ''));
  return ranked.slice(0, limit).map(({ a }) => ({ id: a.id, userPrincipalName: a.userPrincipalName, reason: reason(a, decided.get(a.id) ?? 0) }));
}

function rank(a: ApproverCandidate, decisions: number): number {
  const presence = a.availability ? (AVAILABILITY_RANK[a.availability.toLowerCase()] ?? 1) : 1;
  return presence - (a.outOfOffice ? 4 : 0) + Math.min(decisions / 5, 2);
}

function reason(a: ApproverCandidate, decisions: number): string {
  const parts = [`approver via ${a.via}`];
  if (a.outOfOffice) parts.push('out of office');
  else if (a.availability) parts.push(a.availability.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  if (decisions > 0) parts.push(`decided ${decisions} earlier request(s) for this role`);
  return parts.join('; ');
}
