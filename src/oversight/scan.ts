/**
 * One oversight pass: rebuild activation windows, learn (or take) the baseline from history up to
 * the watermark, place every admin action after it in a session or an off-window episode, and run
 * each detector. Pure: the caller brings the logs and keeps the returned watermark, so a job can
 * run it every few minutes over `directoryAudits` and `signIns` fetched since the last pass
 * (with a day of look-back, so windows opened earlier are still known).
 */
import { roleInfo } from '../roles/index.js';
import { SEVERITY_RANK } from './alert.js';
import { isDestructive, isSensitive } from './activities.js';
import { attribute, isAdminAction, learnFromEvents } from './baseline.js';
import type { Episode, ScanContext, Session } from './context.js';
import { detectBreakGlass } from './detectors/break-glass.js';
import { detectDestructiveBursts } from './detectors/destructive-burst.js';
import { detectJustificationMismatch } from './detectors/justification-mismatch.js';
import { detectOffHours } from './detectors/off-hours.js';
import { detectOutsideActivation } from './detectors/outside-activation.js';
import { detectUnusualActivity } from './detectors/unusual-activity.js';
import { normaliseLogs, parseTime, type LogEvent } from './events.js';
import { buildPeople } from './people.js';
import { DEFAULT_TUNING } from './tuning.js';
import type { ActivationWindow, Alert, OversightInput, OversightOptions, OversightResult } from './types.js';
import { windowsByUser, windowsFromEvents } from './windows.js';

function roleNames(input: OversightInput): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of input.roleDefinitions ?? []) {
    if (r.displayName) for (const id of [r.id, r.templateId]) if (id) names.set(id, r.displayName);
  }
  return names;
}

function seenAccounts(events: readonly LogEvent[]): Map<string, { upn?: string; name?: string }> {
  const seen = new Map<string, { upn?: string; name?: string }>();
  for (const e of events) if (e.actorId && !seen.has(e.actorId)) seen.set(e.actorId, { upn: e.actorUpn, name: e.actorName });
  return seen;
}

/**
 * Work only a directory role allows: granting access, changing policy, or removing and resetting
 * other people's accounts. Anyone doing it without a PIM role is outside an activation, whether or
 * not PIM knows them; lesser changes (a group owner's edits) count only for PIM users.
 */
function needsAdminRole(e: LogEvent): boolean {
  return isSensitive(e.activity) || (isDestructive(e.activity) && e.targets.some((t) => t.id && t.id !== e.actorId && t.type?.toLowerCase() !== 'role'));
}

/** Splits one user's off-window actions into episodes separated by quiet gaps. */
function episodes(byUser: Map<string, LogEvent[]>, gapMs: number): Episode[] {
  const out: Episode[] = [];
  for (const [userId, actions] of byUser) {
    let current: Episode | undefined;
    for (const e of actions) {
      const last = current?.actions[current.actions.length - 1];
      if (current && last && e.at - last.at <= gapMs) current.actions.push(e);
      else {
        current = { userId, actions: [e] };
        out.push(current);
      }
    }
  }
  return out;
}

export function scanOversight(input: OversightInput, options: OversightOptions): OversightResult {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const since = parseTime(options.since);
  if (since === undefined) throw new Error(`since is not a date: ${String(options.since)}`);
  const events = normaliseLogs(input.directoryAudits, input.signIns ?? []);
  const now = parseTime(options.now) ?? events[events.length - 1]?.at ?? since;
  const names = roleNames(input);
  for (const r of input.eligibilities ?? []) {
    if (r.roleDefinitionId && !names.has(r.roleDefinitionId)) {
      const known = roleInfo(r.roleDefinitionId);
      if (known) names.set(r.roleDefinitionId, known.displayName);
    }
  }
  const windows = windowsFromEvents(events, input.requests ?? [], { now, roleNames: names });
  const people = buildPeople(input, windows, {
    timeZones: options.timeZones,
    breakGlassUserIds: options.breakGlassUserIds,
    seen: seenAccounts(events),
  });
  const baseline = options.baseline ?? learnFromEvents(windows, events, { until: since, zoneOf: people.zone, tuning });
  const byUser = windowsByUser(windows);

  const scanned = events.filter((e) => e.at > since && e.at <= now);
  const skewMs = tuning.skewMinutes * 60_000;
  const sessions = new Map<ActivationWindow, Session>();
  const offWindow = new Map<string, LogEvent[]>();
  for (const e of scanned) {
    if (!isAdminAction(e)) continue;
    const userId = e.actorId as string;
    if (people.isBreakGlass(userId)) continue;
    const w = attribute(e, byUser.get(userId), skewMs, baseline.roles);
    if (w) {
      const s = sessions.get(w) ?? { window: w, actions: [] };
      s.actions.push(e);
      sessions.set(w, s);
    } else if (!people.hasStandingAccess(userId) && (people.isPrivileged(userId) || needsAdminRole(e))) {
      const list = offWindow.get(userId) ?? [];
      list.push(e);
      offWindow.set(userId, list);
    }
  }

  const ctx: ScanContext = {
    since,
    now,
    tuning,
    baseline,
    people,
    windowsByUser: byUser,
    sessions: [...sessions.values()],
    outside: episodes(offWindow, tuning.episodeGapMinutes * 60_000),
    scanned,
    events,
    alertOnBreakGlassSignIn: options.alertOnBreakGlassSignIn ?? false,
  };
  const breakGlass = detectBreakGlass(ctx);
  const alerts: Alert[] = [
    ...breakGlass.alerts,
    ...detectDestructiveBursts(ctx),
    ...detectJustificationMismatch(ctx),
    ...detectUnusualActivity(ctx),
    ...detectOutsideActivation(ctx),
    ...detectOffHours(ctx),
  ];
  alerts.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.events[0]?.activityDateTime ?? '').localeCompare(b.events[0]?.activityDateTime ?? ''),
  );

  return {
    alerts,
    windows: windows.filter((w) => w.end > since && w.start <= now).length,
    eventsScanned: scanned.length,
    watermark: new Date(now).toISOString(),
    breakGlassSignIns: breakGlass.signInsOnly,
  };
}
