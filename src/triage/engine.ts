/**
 * The triage engine: one pending activation, its context and the learned baseline in, an
 * explainable analysis out. Pure and deterministic: no I/O, no clock but the `now` it is given.
 */
import { suggestApprovers } from './approvers.js';
import { autoApproveBlockers, recommendAction, requestFacts } from './guardrails.js';
import { writeRationale } from './rationale.js';
import { combine } from './score.js';
import { modelVersion, SETTINGS } from './settings.js';
import { buildSignalInput, type Signal, type SignalInput } from './signal.js';
import { SIGNALS } from './signals/index.js';
import { similarDecisions } from './similar.js';
import { isoDuration } from './time.js';
import type { Analysis, Baseline, TriageContext } from './types.js';

/** Shortest of: what was asked, what this person (or, failing that, anyone) usually takes, the policy maximum. */
export function suggestDuration(input: SignalInput): string {
  const { requestedMinutes: asked, maxMinutes: max, userRole, roleStats } = input;
  const usual = userRole?.medianDurationMinutes ?? roleStats?.medianDurationMinutes;
  const candidates = [asked, usual, max].filter((x): x is number => x !== undefined && x > 0);
  let minutes = candidates.length ? Math.min(...candidates) : 60;
  minutes = Math.max(minutes, Math.min(SETTINGS.minSuggestedMinutes, max ?? SETTINGS.minSuggestedMinutes));
  if (max !== undefined) minutes = Math.min(minutes, max);
  return isoDuration(minutes);
}

export function triage(ctx: TriageContext, baseline: Baseline, now: Date | string): Analysis {
  const at = new Date(now);
  const input = buildSignalInput(ctx, baseline, at);
  const signals = SIGNALS.map((s) => s(input)).filter((s): s is Signal => s !== null);
  const scored = combine(signals);
  const factors = signals.map((s) => s.factor);
  const guard = {
    role: input.role,
    band: scored.band,
    score: scored.score,
    flags: scored.flags,
    highRiskUser: signals.some((s) => s.factor.id === 'risky-user' && (s.floor?.score ?? 0) >= SETTINGS.floors.riskyHigh),
    ...requestFacts(ctx, input),
  };
  const blockers = autoApproveBlockers(guard);
  const action = recommendAction(guard);
  const suggestedDuration = suggestDuration(input);
  const similar = similarDecisions(ctx);
  return {
    requestId: ctx.request.id,
    riskScore: scored.score,
    riskBand: scored.band,
    recommendedAction: action,
    autoApprovable: blockers.length === 0,
    autoApproveBlockers: blockers,
    suggestedDuration,
    keyTerms: input.reading.keyTerms,
    flags: scored.flags,
    factors,
    rationale: writeRationale(ctx, input.role, scored, signals, action, suggestedDuration),
    suggestedApprovers: suggestApprovers(ctx, similar),
    similarDecisions: similar,
    role: { id: ctx.request.roleDefinitionId, displayName: input.role.displayName, tier: input.role.tier },
    ...(ctx.ticketFacts ? { ticketFacts: ctx.ticketFacts } : {}),
    ...(ctx.unchecked?.length ? { unchecked: [...ctx.unchecked] } : {}),
    modelVersion: modelVersion(),
  };
}
