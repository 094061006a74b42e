/**
 * Many deletions, removals or password resets in minutes. The bar is relative: several times the
 * most this user, or anyone in this role, has done in the same span before, and never below a
 * floor, so a justified clean-up at a working pace stays quiet.
 */
import { describeActivity, isDestructive } from '../activities.js';
import { makeAlert, maxSeverity, span, underActivation, utc } from '../alert.js';
import type { ScanContext } from '../context.js';
import type { LogEvent } from '../events.js';
import type { ActivationWindow, Alert, Severity } from '../types.js';

/** Splits sorted times into runs where some stretch of `spanMs` holds at least `threshold` events. */
export function findBursts(events: readonly LogEvent[], spanMs: number, threshold: number): LogEvent[][] {
  const marked = new Array<boolean>(events.length).fill(false);
  let first = 0;
  for (let i = 0; i < events.length; i++) {
    while ((events[i] as LogEvent).at - (events[first] as LogEvent).at > spanMs) first++;
    if (i - first + 1 >= threshold) for (let k = first; k <= i; k++) marked[k] = true;
  }
  const bursts: LogEvent[][] = [];
  let current: LogEvent[] = [];
  events.forEach((e, i) => {
    if (!marked[i]) return;
    const last = current[current.length - 1];
    if (last && e.at - last.at > spanMs) {
      bursts.push(current);
      current = [];
    }
    current.push(e);
  });
  if (current.length > 0) bursts.push(current);
  return bursts;
}

export function detectDestructiveBursts(ctx: ScanContext): Alert[] {
  const spanMs = ctx.tuning.burstWindowMinutes * 60_000;
  const windowOf = new Map<string, ActivationWindow>();
  const byUser = new Map<string, LogEvent[]>();
  const add = (e: LogEvent) => {
    if (!isDestructive(e.activity) || !e.actorId) return;
    const list = byUser.get(e.actorId) ?? [];
    list.push(e);
    byUser.set(e.actorId, list);
  };
  for (const s of ctx.sessions) for (const e of s.actions) {
    windowOf.set(e.id, s.window);
    add(e);
  }
  for (const ep of ctx.outside) for (const e of ep.actions) add(e);

  const alerts: Alert[] = [];
  for (const [userId, events] of byUser) {
    events.sort((a, b) => a.at - b.at);
    const userPeak = ctx.baseline.users.get(userId)?.destructivePeak ?? 0;
    // The threshold depends on the role held, so judge each role's share separately.
    const rolePeakOf = (e: LogEvent) => ctx.baseline.roles.get(windowOf.get(e.id)?.roleId ?? '')?.destructivePeak ?? 0;
    const peak = Math.max(userPeak, ...events.map(rolePeakOf));
    const threshold = Math.max(ctx.tuning.burstMinimum, Math.ceil(ctx.tuning.burstBaselineFactor * peak));
    for (const burst of findBursts(events, spanMs, threshold)) {
      alerts.push(burstAlert(ctx, userId, burst, threshold, peak, windowOf.get((burst[0] as LogEvent).id)));
    }
  }
  return alerts;
}

function burstAlert(ctx: ScanContext, userId: string, burst: LogEvent[], threshold: number, peak: number, window: ActivationWindow | undefined): Alert {
  const first = burst[0] as LogEvent;
  const last = burst[burst.length - 1] as LogEvent;
  const counts = new Map<string, number>();
  for (const e of burst) counts.set(e.activity, (counts.get(e.activity) ?? 0) + 1);
  const what = [...counts].sort((a, b) => b[1] - a[1]).map(([a, n]) => describeActivity(a, n)).join(', ');

  const targets = new Map<string, string>();
  for (const e of burst) for (const t of e.targets) if (t.id && t.type?.toLowerCase() !== 'role') targets.set(t.id, t.name ?? t.upn ?? t.id);
  const privileged = [...targets.keys()].filter((id) => id !== userId && (ctx.people.isPrivileged(id) || ctx.people.isBreakGlass(id)));
  const self = targets.has(userId);

  const notes: string[] = [];
  if (targets.size > 0 && targets.size < burst.length) notes.push(`${targets.size} distinct accounts or objects, some hit more than once`);
  if (privileged.length > 0) notes.push(`${privileged.length} of them privileged (${privileged.slice(0, 3).map((id) => targets.get(id)).join(', ')}${privileged.length > 3 ? ', …' : ''})`);
  if (self) notes.push('including their own account');

  let severity: Severity = 'high';
  if (burst.length >= 3 * threshold || privileged.length > 0 || self) severity = maxSeverity(severity, 'critical');

  const name = ctx.people.name(userId);
  const before = peak === 0 ? 'nothing like it in their history or their role\'s' : `at most ${peak} in ${ctx.tuning.burstWindowMinutes} minutes before`;
  const summary = `${name} ${what} in ${span(last.at - first.at)} (${utc(first.at)} to ${last.iso.slice(11, 16)}) ${underActivation(window)}; ${before}.`;
  const narrative = [
    `${burst.length} destructive actions from ${utc(first.at)} to ${utc(last.at)}, against a bar of ${threshold} in ${ctx.tuning.burstWindowMinutes} minutes.`,
    notes.length > 0 ? `Targets: ${notes.join('; ')}.` : '',
  ].filter(Boolean).join(' ');
  return makeAlert({ kind: 'destructive-burst', severity, userId, window, summary, narrative, events: burst }, ctx.people);
}
