/**
 * Folds a language model's reading of the justification into an analysis. The model may add
 * concerns and so raise the score; it can never lower it, clear a flag, or unlock auto-approval.
 */
import { autoApproveBlockers, recommendAction } from './guardrails.js';
import { bandOf } from './score.js';
import type { Analysis, FlagId } from './types.js';

export interface LlmConcern {
  /** Plain words, shown to the approver as the factor's detail. */
  detail: string;
  /** 0–3; anything else is clamped. */
  points: number;
  flag?: FlagId;
}

export interface LlmReading {
  model: string;
  concerns: LlmConcern[];
}

const MAX_POINTS_PER_CONCERN = 3;

export function withLlmReading(analysis: Analysis, reading: LlmReading): Analysis {
  const added = reading.concerns
    .map((c) => ({ id: 'llm-reading', points: Math.max(0, Math.min(MAX_POINTS_PER_CONCERN, Math.round(Number(c.points) || 0))), detail: `${reading.model}: ${c.detail}` }))
    .filter((f) => f.detail.trim().length > 0);
  const raise = added.reduce((a, f) => a + f.points, 0);
  const score = Math.min(10, analysis.riskScore + raise);
  const flags = [...new Set([...analysis.flags, ...reading.concerns.flatMap((c) => (c.flag ? [c.flag] : []))])];
  const band = bandOf(score);
  const guard = { role: { tier: analysis.role.tier }, band, score, flags, highRiskUser: analysis.recommendedAction === 'deny' && flags.includes('risky-user') };
  const blockers = [...new Set([...analysis.autoApproveBlockers, ...autoApproveBlockers(guard)])];
  const action = recommendAction(guard);
  // The stricter of the two recommendations stands.
  const order = ['approve', 'review', 'deny'] as const;
  const recommendedAction = order[Math.max(order.indexOf(action), order.indexOf(analysis.recommendedAction))] ?? 'review';
  return {
    ...analysis,
    riskScore: score,
    riskBand: band,
    flags,
    factors: [...analysis.factors, ...added],
    autoApproveBlockers: blockers,
    autoApprovable: analysis.autoApprovable && blockers.length === 0,
    recommendedAction,
    modelVersion: `${analysis.modelVersion}; ${reading.model}`,
  };
}
