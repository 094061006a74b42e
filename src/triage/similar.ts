/**
 * Finds the earlier decisions most like this request (same role, same person, similar words), so
 * an approver sees how such requests went and what reviewers said.
 */
import type { ActivationRecord, SimilarDecision, TriageContext } from './types.js';

function terms(text: string | undefined): Set<string> {
  return new Set((text ?? '').toLowerCase().replace(/\b[a-z]{2,6}\d{4,}\b/g, ' ').match(/[\p{L}]{3,}/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export function similarDecisions(ctx: TriageContext, limit = 3): SimilarDecision[] {
  const mine = terms(ctx.request.justification);
  const dept = ctx.requester.department?.toLowerCase();
  const scored = ctx.history
    .filter((r): r is ActivationRecord & { status: 'approved' | 'denied' } => (r.status === 'approved' || r.status === 'denied') && r.requestId !== ctx.request.id && r.createdDateTime < ctx.request.createdDateTime)
    .filter((r) => r.roleDefinitionId === ctx.request.roleDefinitionId || r.principalId === ctx.requester.id)
    .map((r) => {
      const similarity =
        (r.roleDefinitionId === ctx.request.roleDefinitionId ? 0.4 : 0) +
        (r.principalId === ctx.requester.id ? 0.25 : 0) +
        0.25 * jaccard(mine, terms(r.justification)) +
        (dept && r.department?.toLowerCase() === dept ? 0.1 : 0);
      return { r, similarity };
    })
    .sort((a, b) => b.similarity - a.similarity || b.r.createdDateTime.localeCompare(a.r.createdDateTime));
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
    reviewer: r.reviewerUpn ?? r.reviewerName,
    reviewerNote: r.reviewNote,
    similarity: Math.round(similarity * 100) / 100,
  }));
}
