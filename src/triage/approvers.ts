/**
 * Ranks the approvers the role's policy names, never the requester: people at work before people
 * out of office, primary approvers before escalation ones, then by Teams presence (Available,
 * Busy, Away, Offline…), then by how many requests like this one they have decided.
 */
import type { ApproverCandidate, SimilarDecision, SuggestedApprover, TriageContext } from './types.js';

/** Presence availability, best first; unknown values sit with Away. */
const AVAILABILITY_RANK: Record<string, number> = {
  available: 7,
  availableidle: 6,
  busy: 5,
  busyidle: 4,
  berightback: 3,
  away: 2,
  donotdisturb: 1,
  offline: 0,
};
const UNKNOWN_PRESENCE = 2;

interface Experience {
  /** Decisions on this role in the context's history. */
  role: number;
  /** Decisions among the requests most like this one. */
  similar: number;
}

function experience(ctx: TriageContext, similar: readonly SimilarDecision[]): Map<string, Experience> {
  const out = new Map<string, Experience>();
  const get = (id: string): Experience => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { role: 0, similar: 0 }));
    return e;
  };
  for (const r of ctx.history) {
    if (r.reviewerId && r.roleDefinitionId === ctx.request.roleDefinitionId && (r.status === 'approved' || r.status === 'denied')) get(r.reviewerId).role += 1;
  }
  for (const d of similar) if (d.reviewerId) get(d.reviewerId).similar += 1;
  return out;
}

function presenceRank(a: ApproverCandidate): number {
  return a.availability ? (AVAILABILITY_RANK[a.availability.toLowerCase()] ?? UNKNOWN_PRESENCE) : UNKNOWN_PRESENCE;
}

/** Lexicographic: each element outranks everything after it. */
function rankKey(a: ApproverCandidate, e: Experience): number[] {
  return [a.outOfOffice ? 0 : 1, a.escalation ? 0 : 1, presenceRank(a), e.similar, e.role];
}

function compareKeys(x: number[], y: number[]): number {
  for (let i = 0; i < x.length; i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

function reason(a: ApproverCandidate, e: Experience, roleName: string): string {
  const parts = [`approver via ${a.via}`];
  if (a.outOfOffice) parts.push('out of office');
  if (a.availability) parts.push(a.availability.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  else parts.push('presence unknown');
  if (e.role > 0) parts.push(`decided ${e.role} earlier ${roleName} request(s)${e.similar > 0 ? `, ${e.similar} of the most similar` : ''}`);
  else if (e.similar > 0) parts.push(`decided ${e.similar} of the most similar requests`);
  return parts.join('; ');
}

export function suggestApprovers(ctx: TriageContext, similar: readonly SimilarDecision[] = [], limit = 5): SuggestedApprover[] {
  const exp = experience(ctx, similar);
  const none: Experience = { role: 0, similar: 0 };
  const seen = new Set<string>();
  return ctx.approvers
    .filter((a) => a.id !== ctx.requester.id && !seen.has(a.id) && seen.add(a.id))
    .map((a) => ({ a, e: exp.get(a.id) ?? none }))
    .sort((x, y) => compareKeys(rankKey(x.a, x.e), rankKey(y.a, y.e)) || (x.a.displayName ?? x.a.id).localeCompare(y.a.displayName ?? y.a.id))
    .slice(0, limit)
    .map(({ a, e }) => ({ id: a.id, userPrincipalName: a.userPrincipalName, reason: reason(a, e, ctx.role.displayName) }));
}
