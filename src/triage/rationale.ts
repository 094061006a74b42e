/** Writes the short paragraph an approver reads first: verdict, main concerns, what speaks for it. */
import type { RoleInfo } from '../roles/index.js';
import type { Scored } from './score.js';
import type { Signal } from './signal.js';
import type { RecommendedAction, TriageContext } from './types.js';

const ACTION_WORDS: Record<RecommendedAction, string> = { approve: 'Approve', review: 'Review before deciding', deny: 'Deny' };

function phrase(s: Signal): string {
  return (s.label ?? s.factor.detail).trim().replace(/\.$/, '');
}

export function writeRationale(ctx: TriageContext, role: RoleInfo, scored: Scored, signals: readonly Signal[], action: RecommendedAction, duration: string): string {
  const who = ctx.requester.displayName ?? ctx.requester.userPrincipalName ?? ctx.requester.id;
  const parts = [`${ACTION_WORDS[action]}: ${scored.band} risk (${scored.score}/10) for ${who} activating ${role.displayName}.`];
  const concerns = signals.filter((s) => s.factor.points > 0).sort((a, b) => b.factor.points - a.factor.points).slice(0, 4);
  const support = signals.filter((s) => s.factor.points < 0);
  parts.push(concerns.length ? `Concerns: ${concerns.map(phrase).join('; ')}.` : 'Nothing unusual stands out.');
  if (support.length) parts.push(`In its favour: ${support.map(phrase).join('; ')}.`);
  if (scored.floor) parts.push(`Held at ${scored.score} or above: ${scored.floor.reason}.`);
  if (action !== 'deny') parts.push(`If approved, ${duration} is enough.`);
  return parts.join(' ');
}
