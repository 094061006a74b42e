/**
 * The rules no score can talk its way past: what auto mode may approve, and which action may be
 * recommended for which band.
 */
import type { RoleTier } from '../roles/index.js';
import { SETTINGS } from './settings.js';
import type { FlagId, RecommendedAction, RiskBand } from './types.js';

/** Flags that are a reason to deny outright rather than look closer. */
const DENY_FLAGS: readonly FlagId[] = ['prompt-injection', 'break-glass-account'];

export interface GuardrailInput {
  role: { tier: RoleTier };
  band: RiskBand;
  score: number;
  flags: readonly FlagId[];
  /** Identity Protection rates the account high risk or compromised. */
  highRiskUser: boolean;
}

/** Why auto mode may not approve this request without a person; empty when it may. */
export function autoApproveBlockers({ role, band, flags }: GuardrailInput): string[] {
  const blockers: string[] = [];
  if (role.tier === 0) blockers.push('tier-0 roles always need a person');
  if (band !== 'low') blockers.push(`${band} risk`);
  for (const f of flags) if (f !== 'tier0-role') blockers.push(`flag: ${f}`);
  return blockers;
}

export function recommendAction(input: GuardrailInput): RecommendedAction {
  const { band, score, flags, highRiskUser } = input;
  if (flags.some((f) => DENY_FLAGS.includes(f)) || highRiskUser) return 'deny';
  if (band === 'high') return score >= SETTINGS.denyAt ? 'deny' : 'review';
  if (band === 'medium') return 'review';
  // Low risk, but a person should still look at anything flagged.
  return flags.length === 0 ? 'approve' : 'review';
}
