/**
 * Signals about the account behind the request: its age, Identity Protection's view of it,
 * where it signed in from, and whether it is a break-glass account.
 */
import { SETTINGS } from '../settings.js';
import { factor, type Signal, type SignalInput } from '../signal.js';
import { daysBetween } from '../time.js';

const P = SETTINGS.points;

export function accountAge({ ctx, now, role }: SignalInput): Signal | null {
  const created = ctx.requester.createdDateTime;
  if (!created) return null;
  const days = daysBetween(created, now);
  if (days >= SETTINGS.account.youngDays) return null;
  const d = Math.max(0, Math.floor(days));
  if (days < 7) {
    return {
      factor: factor('account-age', P.newAccountWeek, `The account was created ${d} day(s) ago; new accounts asking for admin roles are a common takeover pattern.`),
      flags: ['new-account'],
      label: `account created ${d} day(s) ago`,
      floor: role.tier <= 1 ? { score: SETTINGS.floors.newAccountWeek, reason: 'an account under a week old asking for an admin role' } : undefined,
    };
  }
  if (days < SETTINGS.account.newDays) {
    return { label: `account created ${d} days ago`, factor: factor('account-age', P.newAccountMonth, `The account was created ${d} days ago.`), flags: ['new-account'] };
  }
  return { factor: factor('account-age', P.youngAccount, `The account is fairly new (${d} days old).`) };
}

const AT_RISK = new Set(['atrisk', 'confirmedcompromised']);

function riskyState({ ctx }: SignalInput): Signal | null {
  const r = ctx.riskyUser;
  const state = r?.riskState?.toLowerCase() ?? '';
  const level = r?.riskLevel?.toLowerCase() ?? '';
  if (!r || !AT_RISK.has(state)) return null;
  const compromised = state === 'confirmedcompromised';
  const effective = compromised ? 'high' : level;
  const points = effective === 'high' ? P.riskyHigh : effective === 'medium' ? P.riskyMedium : P.riskyLow;
  const floor =
    effective === 'high'
      ? { score: SETTINGS.floors.riskyHigh, reason: 'Identity Protection rates the account high risk' }
      : effective === 'medium'
        ? { score: SETTINGS.floors.riskyMedium, reason: 'Identity Protection rates the account medium risk' }
        : undefined;
  const what = compromised ? 'confirmed compromised' : `at ${effective || 'unknown'} risk`;
  return { label: `account ${what}`, factor: factor('risky-user', points, `Identity Protection has the account ${what}${r.riskDetail && r.riskDetail !== 'none' ? ` (${r.riskDetail})` : ''}.`), flags: ['risky-user'], floor };
}

function riskySignIns({ ctx, now }: SignalInput): Signal | null {
  const weekAgo = now.getTime() - 7 * 86_400_000;
  const risky = ctx.signIns.filter((s) => ['medium', 'high'].includes(s.riskLevel?.toLowerCase() ?? '') && new Date(s.createdDateTime).getTime() >= weekAgo && new Date(s.createdDateTime) <= now);
  if (risky.length === 0) return null;
  const worst = risky.find((s) => s.riskLevel?.toLowerCase() === 'high') ?? risky[0];
  const high = worst?.riskLevel?.toLowerCase() === 'high';
  const where = worst?.city || worst?.countryOrRegion ? ` from ${[worst?.city, worst?.countryOrRegion].filter(Boolean).join(', ')}` : '';
  return {
    label: `${high ? 'high-risk' : 'risky'} sign-in this week`,
    factor: factor('risky-user', high ? P.riskyHigh : P.riskySignIn, `${risky.length} risky sign-in(s) in the last 7 days, the worst rated ${worst?.riskLevel}${where}.`),
    flags: ['risky-user'],
    floor: high ? { score: SETTINGS.floors.riskyHigh, reason: 'a high-risk sign-in this week' } : undefined,
  };
}

/** Identity Protection's view of the account and of its recent sign-ins: the graver of the two counts. */
export function riskyUser(input: SignalInput): Signal | null {
  const found = [riskyState(input), riskySignIns(input)].filter((s): s is Signal => s !== null);
  if (found.length > 0) return found.sort((a, b) => (b.floor?.score ?? 0) - (a.floor?.score ?? 0) || b.factor.points - a.factor.points)[0] ?? null;
  const r = input.ctx.riskyUser;
  const state = r?.riskState?.toLowerCase() ?? '';
  if (r && state) return { factor: factor('risky-user', 0, `Identity Protection risk was ${state} (level ${r.riskLevel?.toLowerCase() || 'none'}).`) };
  return null;
}

export function unfamiliarLocation({ ctx, now }: SignalInput): Signal | null {
  const recentFrom = now.getTime() - SETTINGS.unfamiliarLocationHours * 3_600_000;
  const past = ctx.signIns.filter((s) => new Date(s.createdDateTime).getTime() < recentFrom);
  const recent = ctx.signIns.filter((s) => {
    const t = new Date(s.createdDateTime).getTime();
    return t >= recentFrom && t <= now.getTime();
  });
  const known = new Set(past.map((s) => s.countryOrRegion?.toUpperCase()).filter(Boolean));
  if (past.length < 2 || known.size === 0) return null;
  const strange = recent.filter((s) => s.countryOrRegion && !known.has(s.countryOrRegion.toUpperCase()));
  if (strange.length === 0) return null;
  const s = strange[0];
  const place = [s?.city, s?.countryOrRegion].filter(Boolean).join(', ');
  const sameIp = ctx.requestedFromIp && strange.some((x) => x.ipAddress === ctx.requestedFromIp) ? ' The request came from that same address.' : '';
  return {
    label: `sign-in from ${place}`,
    factor: factor('unfamiliar-location', P.unfamiliarLocation, `Signed in from ${place} in the last ${SETTINGS.unfamiliarLocationHours} h; earlier sign-ins were from ${[...known].join(', ')}.${sameIp}`),
  };
}

export function breakGlass({ ctx }: SignalInput): Signal | null {
  if (!ctx.breakGlass) return null;
  return {
    factor: factor('break-glass', P.breakGlass, `This is a break-glass account (${ctx.breakGlass}); it is for emergencies when normal admin access fails, never for PIM activations.`),
    flags: ['break-glass-account'],
    label: 'break-glass account',
    floor: { score: SETTINGS.floors.breakGlass, reason: 'a break-glass account is being used' },
  };
}
