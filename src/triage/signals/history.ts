/**
 * Signals from what has happened before: the requester's own use of the role, how common the role
 * is in their department, and requests of theirs that approvers recently turned down.
 */
import { SETTINGS } from '../settings.js';
import { factor, type Signal, type SignalInput } from '../signal.js';
import { daysBetween } from '../time.js';

const P = SETTINGS.points;

function ago(days: number): string {
  const d = Math.floor(days);
  if (d <= 0) return 'today';
  if (d === 1) return 'yesterday';
  return `${d} days ago`;
}

export function ownHistory(input: SignalInput): Signal {
  const { userRole, ownRoleHistory, role, baseline, ctx, now } = input;
  const approved = ownRoleHistory.filter((r) => r.status === 'approved');
  const windowCount = userRole?.activations ?? 0;
  if (approved.length === 0) {
    const eligibleDays = ctx.eligibility?.createdDateTime ? daysBetween(ctx.eligibility.createdDateTime, now) : undefined;
    const since =
      eligibleDays === undefined ? '' : eligibleDays < 14 ? `; the eligibility is new (${ago(eligibleDays)})` : `, although eligible for ${Math.floor(eligibleDays)} days`;
    return {
      factor: factor(
        'first-activation',
        role.tier === 0 ? P.firstActivationTier0 : P.firstActivation,
        `${input.firstName} has never activated ${role.displayName}${since}.`,
      ),
      flags: ['first-activation'],
      label: `first activation of ${role.displayName}`,
    };
  }
  const last = approved.map((r) => r.createdDateTime).sort().at(-1) ?? '';
  const sinceLast = daysBetween(last, now);
  if (windowCount >= SETTINGS.routine.minActivations && sinceLast <= SETTINGS.routine.maxDaysSinceLast) {
    return {
      label: `routine use (${windowCount} activations, latest ${ago(sinceLast)})`,
      factor: factor('own-history', P.routine, `Routine: ${windowCount} activations of ${role.displayName} in the last ${baseline.windowDays} days, the latest ${ago(sinceLast)}.`),
    };
  }
  if (sinceLast > SETTINGS.routine.maxDaysSinceLast) {
    return { label: `${role.displayName} rarely used`, factor: factor('own-history', P.rareUse, `Rarely used: ${approved.length} earlier activation(s) of ${role.displayName}, the latest ${ago(sinceLast)}.`) };
  }
  return { factor: factor('own-history', 0, `Some history: ${approved.length} earlier activation(s) of ${role.displayName}, the latest ${ago(sinceLast)}.`) };
}

export function departmentFit(input: SignalInput): Signal | null {
  const { ctx, roleStats, role, userRole } = input;
  const dept = ctx.requester.department?.trim();
  if (!dept) return { factor: factor('department', 0, 'The account has no department, so its peers cannot be compared.') };
  const routine = (userRole?.activations ?? 0) >= SETTINGS.routine.minActivations;
  const self = userRole && userRole.activations > 0 ? 1 : 0;
  const activeDepts = roleStats ? Object.entries(roleStats.departments) : [];
  const peersActive = Math.max(0, (roleStats?.departments[dept]?.users ?? 0) - self);
  if (peersActive > 0) {
    const acts = roleStats?.departments[dept]?.activations ?? 0;
    return { factor: factor('department', 0, `Typical for ${dept}: ${peersActive} colleague(s) there used ${role.displayName} (${acts} activations in the window).`) };
  }
  // With no activations to go by, who holds the role says what is normal.
  const holders = ctx.roleHolders;
  const peersHolding = Object.entries(holders.byDepartment).reduce((n, [d, count]) => n + (d.trim().toLowerCase() === dept.toLowerCase() ? count : 0), 0);
  if (activeDepts.length === 0 && peersHolding > 0) {
    return { factor: factor('department', 0, `${peersHolding} colleague(s) in ${dept} are also eligible for ${role.displayName}.`) };
  }
  if (activeDepts.length === 0 && holders.others === 0) return null;
  if (routine) {
    return { factor: factor('department', 0, `Nobody else in ${dept} uses ${role.displayName}, but ${input.firstName} uses it routinely.`) };
  }
  const usual = activeDepts.filter(([d]) => d !== dept).sort((a, b) => b[1].activations - a[1].activations).slice(0, 2).map(([d]) => d);
  const where = usual.length ? ` It is used by ${usual.join(' and ')}.` : '';
  const eligiblePeers = peersHolding > 0 ? ` ${peersHolding} colleague(s) there are eligible but have not used it either.` : '';
  return {
    factor: factor('department', peersHolding > 0 ? P.atypicalDepartment - 1 : P.atypicalDepartment, `Atypical for ${dept}: nobody else there uses ${role.displayName}.${where}${eligiblePeers}`),
    flags: ['atypical-for-department'],
    label: `atypical for ${dept}`,
  };
}

/** Approver notes that do not judge the request itself (a duplicate, an expiry). */
const BENIGN_NOTE = /\b(duplicate|already\s+(active|approved|granted)|active\s+request|expired|withdrawn|cancel(l)?ed|superseded)\b/i;

export function recentDenials(input: SignalInput): Signal | null {
  const { ctx, now, reading } = input;
  const since = now.getTime() - SETTINGS.recentDenialDays * 86_400_000;
  const denied = ctx.history.filter(
    (r) => r.principalId === ctx.requester.id && r.status === 'denied' && r.requestId !== ctx.request.id && new Date(r.createdDateTime).getTime() >= since && new Date(r.createdDateTime) <= now,
  );
  const counted = denied.filter((r) => !BENIGN_NOTE.test(r.reviewNote ?? ''));
  if (counted.length === 0) return null;
  const sameRole = counted.filter((r) => r.roleDefinitionId === ctx.request.roleDefinitionId);
  const norm = (s?: string): string => (s ?? '').toLowerCase().replace(/\b[a-z]+\d{4,}\b|[^a-z ]/g, '').replace(/\s+/g, ' ').trim();
  const sameText = reading.text.length > 0 && counted.some((r) => norm(r.justification) === norm(reading.text));
  const notes = [...new Set(counted.map((r) => `"${r.reviewNote ?? 'no note'}"${r.reviewerName ? ` (${r.reviewerName})` : ''}`))].slice(0, 3);
  const points = (counted.length >= 2 ? SETTINGS.points.denialsRepeated : SETTINGS.points.denialRecent) + (sameText ? SETTINGS.points.denialSameText : 0);
  const detail =
    `${counted.length} request(s) by ${input.firstName} denied in the last ${SETTINGS.recentDenialDays} days` +
    (sameRole.length ? `, ${sameRole.length} for this role` : '') +
    `; reviewer notes: ${notes.join('; ')}.` +
    (sameText ? ' The justification repeats a denied one word for word.' : '');
  return {
    factor: factor('recent-denials', points, detail),
    flags: ['recent-denials'],
    label: `${counted.length} denial(s) in ${SETTINGS.recentDenialDays} days${sameText ? ', same text again' : ''}`,
    floor: sameRole.length >= 2 ? { score: SETTINGS.floors.repeatedDenials, reason: 'asked again after repeated denials for the same role' } : undefined,
  };
}
