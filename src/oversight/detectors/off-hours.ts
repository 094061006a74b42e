/**
 * Admin work at an hour the person does not work, read on their own clock (mailbox time zone).
 * "Unusual" is learned: outside the working day and at an hour their history never shows, or on
 * a weekend when they have never worked one. A night-shift admin's 3 a.m. stays quiet.
 */
import { isDestructive, isSensitive } from '../activities.js';
import { activityCounts, makeAlert, underActivation } from '../alert.js';
import type { SessionBaseline } from '../baseline.js';
import type { ScanContext } from '../context.js';
import type { LogEvent } from '../events.js';
import { localClock, WEEKDAY_NAMES, type LocalClock } from '../local-time.js';
import type { ActivationWindow, Alert, OversightTuning, Severity } from '../types.js';

/** Share of the tenant's work below which an hour counts as one nobody works. */
const RARE_SHARE = 0.01;

function around(hours: readonly number[], h: number): number {
  return (hours[(h + 23) % 24] ?? 0) + (hours[h] ?? 0) + (hours[(h + 1) % 24] ?? 0);
}

/**
 * Whether this local hour is one the user works: inside the working day, or at an hour their own
 * history shows (lacking enough history, an hour at which the tenant's people often work).
 */
export function isUsualHour(baseline: SessionBaseline, tuning: OversightTuning, userId: string, hour: number): boolean {
  const [from, to] = tuning.workingHours;
  if (hour >= from && hour < to) return true;
  const user = baseline.users.get(userId);
  if (user && user.events >= tuning.minBaselineEvents) return around(user.hours, hour) > 0;
  const tenant = baseline.tenant;
  return tenant.events >= tuning.minBaselineEvents && around(tenant.hours, hour) / tenant.events >= RARE_SHARE;
}

/** A weekend, for someone with plenty of history and none of it on a weekend. */
export function isUnusualWeekend(baseline: SessionBaseline, tuning: OversightTuning, userId: string, clock: LocalClock): boolean {
  if (clock.weekday !== 0 && clock.weekday !== 6) return false;
  const user = baseline.users.get(userId);
  return Boolean(user && user.events >= tuning.minBaselineEvents && user.weekendEvents === 0);
}

function check(ctx: ScanContext, userId: string, actions: readonly LogEvent[], window: ActivationWindow | undefined): Alert | undefined {
  const zone = ctx.people.zone(userId);
  const night: Array<[LogEvent, LocalClock]> = [];
  const weekend: Array<[LogEvent, LocalClock]> = [];
  for (const e of actions) {
    const clock = localClock(e.at, zone);
    if (!isUsualHour(ctx.baseline, ctx.tuning, userId, clock.hour)) night.push([e, clock]);
    else if (isUnusualWeekend(ctx.baseline, ctx.tuning, userId, clock)) weekend.push([e, clock]);
  }
  const flagged = [...night, ...weekend].sort((a, b) => a[0].at - b[0].at);
  if (flagged.length === 0) return undefined;

  const events = flagged.map(([e]) => e);
  const [firstEvent, firstClock] = flagged[0] as [LogEvent, LocalClock];
  const lastClock = (flagged[flagged.length - 1] as [LogEvent, LocalClock])[1];
  const day = WEEKDAY_NAMES[firstClock.weekday];
  const when = firstClock.time === lastClock.time ? `at ${firstClock.time}` : `from ${firstClock.time} to ${lastClock.time}`;
  const why = night.length > 0 ? 'an hour at which they have never worked' : 'a weekend, when they have never worked';
  const name = ctx.people.name(userId);
  const summary = `${name} worked ${when} on ${day} their time (${ctx.people.zoneLabel(userId)}), ${why}: ${activityCounts(events)}, ${underActivation(window)}.`;

  // The hour alone is medium; high when the night's work is heavy, or risky and never seen before
  // from this person or anyone holding the role (at any hour).
  const user = ctx.baseline.users.get(userId);
  const role = window ? ctx.baseline.roles.get(window.roleId) : undefined;
  const routine = (e: LogEvent) => (user?.activities.get(e.activity) ?? 0) > 0 || (role?.activities.get(e.activity) ?? 0) > 0;
  const risky = (e: LogEvent) => (isDestructive(e.activity) || isSensitive(e.activity)) && !routine(e);
  let severity: Severity = night.length > 0 ? 'medium' : 'low';
  if (night.length > 0 && (events.some(risky) || events.length >= 5)) severity = 'high';
  return makeAlert({ kind: 'off-hours', severity, userId, window, summary, events, narrative: `First action ${firstEvent.iso} (UTC).` }, ctx.people);
}

export function detectOffHours(ctx: ScanContext): Alert[] {
  const alerts: Alert[] = [];
  for (const s of ctx.sessions) {
    const a = check(ctx, s.window.userId, s.actions, s.window);
    if (a) alerts.push(a);
  }
  for (const ep of ctx.outside) {
    const a = check(ctx, ep.userId, ep.actions, undefined);
    if (a) alerts.push(a);
  }
  return alerts;
}
