/**
 * Finds the earlier decisions most like this request (same role, same person, similar words), so
 * an approver sees how such requests went and what reviewers said.
 */
import type { ActivationRecord, SimilarDecision, TriageContext } from './types.js';

function terms(text: string | undefined): Set<string> {
  return new Set((text ?? '').toLowerCase().replace(/\b[a-z]{2,6}\d{4,}\b/g, ' ').match(/[\p{L}]{3,}/gu) ?? []);
}

/** A record's terms, worked out once: the same history records come up for request after request. */
const termsOf = new WeakMap<ActivationRecord, Set<string>>();
function recordTerms(r: ActivationRecord): Set<string> {
  let t = termsOf.get(r);
  if (!t) termsOf.set(r, (t = terms(r.justification)));
  return t;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared);
}

type Decided = ActivationRecord & { status: 'approved' | 'denied' };
interface Scored {
  r: Decided;
  similarity: number;
}

/** Most similar first, then the most recent (ISO times compare as strings). */
function rank(a: Scored, b: Scored): number {
  return b.similarity - a.similarity || (a.r.createdDateTime < b.r.createdDateTime ? 1 : a.r.createdDateTime > b.r.createdDateTime ? -1 : 0);
}

/** The words' share of the similarity; the rest is role, person and department. */
const WORDS = 0.25;

export function similarDecisions(ctx: TriageContext, limit = 3): SimilarDecision[] {
  const mine = terms(ctx.request.justification);
  const dept = ctx.requester.department;
  const deptLower = dept?.toLowerCase();
  const sameDept = (d: string | undefined): boolean => d !== undefined && (d === dept || (d.length === dept?.length && d.toLowerCase() === deptLower));
  const { roleDefinitionId: roleId, createdDateTime: before, id: requestId } = ctx.request;
  const candidates: Scored[] = [];
  for (const r of ctx.history) {
    if ((r.status !== 'approved' && r.status !== 'denied') || r.requestId === requestId || !(r.createdDateTime < before)) continue;
    const sameRole = r.roleDefinitionId === roleId;
    const own = r.principalId === ctx.requester.id;
    if (!sameRole && !own) continue;
    candidates.push({ r: r as Decided, similarity: (sameRole ? 0.4 : 0) + (own ? 0.25 : 0) + (sameDept(r.department) ? 0.1 : 0) });
  }
  // Comparing words is the costly part: only candidates that could still reach the top get it,
  // and denials, since the closest one is shown whatever outranks it.
  candidates.sort(rank);
  const scored: Scored[] = [];
  const best: number[] = [];
  for (const c of candidates) {
    const floor = best.length >= limit ? (best[limit - 1] ?? -Infinity) : -Infinity;
    if (c.similarity + WORDS < floor && c.r.status !== 'denied') continue;
    const similarity = c.similarity + WORDS * jaccard(mine, recordTerms(c.r));
    scored.push({ r: c.r, similarity });
    best.push(similarity);
    best.sort((a, b) => b - a).length = Math.min(best.length, limit);
  }
  scored.sort(rank);
  const top = scored.slice(0, limit);
  // An approver learns most from a refusal: show the closest one even if approvals outrank it.
  const denial = scored.find((x) => x.r.status === 'denied' && x.similarity >= 0.4);
  if (denial && !top.includes(denial) && top.length === limit) top[limit - 1] = denial;
  return top.map(({ r, similarity }) => ({
    requestId: r.requestId,
    principalId: r.principalId,
    roleDefinitionId: r.roleDefinitionId,
    createdDateTime: r.createdDateTime,
    outcome: r.status,
    justification: r.justification,
    reviewerId: r.reviewerId,
    reviewer: r.reviewerUpn ?? r.reviewerName,
    reviewerNote: r.reviewNote,
    similarity: Math.round(similarity * 100) / 100,
  }));
}
