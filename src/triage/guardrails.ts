/**
 * The rules no score can talk its way past: what auto mode may approve, and which action may be
 * recommended for which band. The facts they rest on are read from the request itself as well as
 * from the signals' flags, so retuning a signal cannot quietly open a guardrail.
 */
import type { RoleTier } from '../roles/index.js';
import { detectInjection } from './injection.js';
import { SETTINGS } from './settings.js';
import type { SignalInput } from './signal.js';
import type { FlagId, RecommendedAction, RiskBand, TriageContext } from './types.js';

/** Flags that are a reason to deny outright rather than look closer. */
const DENY_FLAGS: readonly FlagId[] = ['prompt-injection', 'break-glass-account'];

export interface GuardrailInput {
  role: { tier: RoleTier };
  band: RiskBand;
  score: number;
  flags: readonly FlagId[];
  /** Identity Protection rates the account high risk or compromised. */
  highRiskUser: boolean;
  /** Facts read from the request directly; each also counts when its flag is raised. */
  firstActivation?: boolean;
  riskyUser?: boolean;
  injection?: boolean;
  breakGlass?: boolean;
  /** Facts Graph did not give: what is missing cannot be vouched for. */
  unchecked?: readonly string[];
}

/** Each of these alone keeps a request away from auto-approval, whatever the score. */
const NEVER_AUTO: ReadonlyArray<{ flag: FlagId; fact: keyof GuardrailInput; why: string }> = [
  { flag: 'first-activation', fact: 'firstActivation', why: 'a first activation of the role' },
  { flag: 'risky-user', fact: 'riskyUser', why: 'Identity Protection has the account or its sign-ins at risk' },
  { flag: 'prompt-injection', fact: 'injection', why: 'the justification tries to steer the reviewer' },
  { flag: 'break-glass-account', fact: 'breakGlass', why: 'a break-glass account' },
];

const AT_RISK = new Set(['atrisk', 'confirmedcompromised']);

/** The guardrail facts of a request, read from its context rather than from any signal. */
export function requestFacts(ctx: TriageContext, input: Pick<SignalInput, 'ownRoleHistory'>): Pick<GuardrailInput, 'firstActivation' | 'riskyUser' | 'injection' | 'breakGlass' | 'unchecked'> {
  return {
    firstActivation: !input.ownRoleHistory.some((r) => r.status === 'approved'),
    riskyUser: AT_RISK.has(ctx.riskyUser?.riskState?.toLowerCase() ?? ''),
    injection: detectInjection(ctx.request.justification).detected,
    breakGlass: Boolean(ctx.breakGlass),
    ...(ctx.unchecked?.length ? { unchecked: ctx.unchecked } : {}),
  };
}

/** Why auto mode may not approve this request without a person; empty when it may. */
export function autoApproveBlockers(input: GuardrailInput): string[] {
  const { role, band, flags } = input;
  const blockers: string[] = [];
  if (role.tier === 0) blockers.push('tier-0 roles always need a person');
  if (band !== 'low') blockers.push(`${band} risk`);
  for (const rule of NEVER_AUTO) if (flags.includes(rule.flag) || input[rule.fact] === true) blockers.push(`${rule.flag}: ${rule.why}`);
  if (input.highRiskUser && !blockers.some((b) => b.startsWith('risky-user'))) blockers.push('risky-user: Identity Protection rates the account high risk');
  if (input.unchecked?.length) blockers.push(`unchecked: Microsoft Graph did not give ${input.unchecked.join(', ')}`);
  // Anything else flagged is for a person to look at too.
  for (const f of flags) if (f !== 'tier0-role' && !NEVER_AUTO.some((r) => r.flag === f)) blockers.push(`flag: ${f}`);
  return blockers;
}

export function recommendAction(input: GuardrailInput): RecommendedAction {
  const { band, score, flags, highRiskUser } = input;
  if (flags.some((f) => DENY_FLAGS.includes(f)) || input.injection || input.breakGlass || highRiskUser) return 'deny';
  if (band === 'high') return score >= SETTINGS.denyAt ? 'deny' : 'review';
  if (band === 'medium') return 'review';
  // Low risk, but a person should still look at tier 0, anything flagged, or any guardrail fact.
  return input.role.tier !== 0 && flags.length === 0 && !input.firstActivation && !input.riskyUser && !input.unchecked?.length ? 'approve' : 'review';
}
