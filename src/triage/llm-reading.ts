/**
 * Folds a language model's reading of the justification into an analysis. The model may add
 * concerns and so raise the score; it can never lower it, clear a flag, or unlock auto-approval.
 * When the reading fails, the analysis says so and stands on the rules alone.
 */
import { autoApproveBlockers, recommendAction } from './guardrails.js';
import { bandOf } from './score.js';
import { SETTINGS } from './settings.js';
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
const MAX_DETAIL = 240;

/** The same floors the rules hold a flag to, when it is the model that raises it. */
const FLOORS: Partial<Record<FlagId, number>> = { 'prompt-injection': SETTINGS.floors.injection };

function clean(detail: string): string {
  const one = String(detail ?? '').replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

export function withLlmReading(analysis: Analysis, reading: LlmReading): Analysis {
  const added = reading.concerns
    .map((c) => ({ id: 'llm-reading', points: Math.max(0, Math.min(MAX_POINTS_PER_CONCERN, Math.round(Number(c.points) || 0))), detail: clean(c.detail) }))
    .filter((f) => f.detail.length > 0)
    .map((f) => ({ ...f, detail: `${reading.model}: ${f.detail}` }));
  const raise = added.reduce((a, f) => a + f.points, 0);
  const newFlags = reading.concerns.flatMap((c) => (c.flag ? [c.flag] : []));
  const floor = Math.max(0, ...newFlags.map((f) => FLOORS[f] ?? 0));
  const score = Math.max(analysis.riskScore, Math.min(10, Math.max(analysis.riskScore + raise, floor)));
  const flags = [...new Set([...analysis.flags, ...newFlags])];
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

/** The analysis unchanged but for a factor saying the model's reading was not used, and why. */
export function withLlmFallback(analysis: Analysis, model: string, reason: string): Analysis {
  return {
    ...analysis,
    factors: [...analysis.factors, { id: 'llm-reading', points: 0, detail: `${model}: no reading used (${clean(reason)}); the score rests on the rules alone.` }],
  };
}
