/**
 * What is normal, learned from history before the watermark: per role, what people do while it
 * is active and how fast; per user, what they do and at which local hours. Detectors compare a
 * session with this, never with fixed lists of "bad" activities alone.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { isDestructive, isPimLifecycle, isSelfService } from './activities.js';
import { normaliseLogs, type LogEvent } from './events.js';
import { localClock } from './local-time.js';
import { DEFAULT_TUNING } from './tuning.js';
import type { ActivationWindow, OversightTuning } from './types.js';
import { coveringWindows, windowsByUser } from './windows.js';

export interface RoleProfile {
  roleId: string;
  roleName: string;
  /** Baseline windows of this role, and how many of them contain each activity. */
  windows: number;
  activities: Map<string, number>;
  /** Most destructive actions one person did in any burst-sized stretch under this role. */
  destructivePeak: number;
  /** Actions per window, sorted ascending. */
  actionsPerWindow: number[];
  /** Kinds of object acted on (User, Group, ServicePrincipal…), by how many windows touched them. */
  targetTypes: Map<string, number>;
}

export interface UserProfile {
  userId: string;
  /** Admin actions (and own PIM requests) seen. */
  events: number;
  activities: Map<string, number>;
  targetTypes: Map<string, number>;
  /** Events per local hour of day, 0–23. */
  hours: number[];
  weekendEvents: number;
  destructivePeak: number;
}

export interface SessionBaseline {
  /** History up to this instant (epoch ms) was learned. */
  until: number;
  roles: Map<string, RoleProfile>;
  users: Map<string, UserProfile>;
  /** Tenant-wide: how many windows contain each activity, and events per local hour. */
  tenant: { windows: number; activities: Map<string, number>; hours: number[]; weekendEvents: number; events: number };
}

export interface BaselineOptions {
  until: number;
  /** userId → IANA zone; users without one are learned in UTC. */
  zoneOf?: (userId: string) => string | undefined;
  tuning?: Partial<OversightTuning>;
}

/** An admin action a user took (not PIM bookkeeping, not a sign-in, not self-service). */
export function isAdminAction(e: LogEvent): boolean {
  return e.source === 'audit' && Boolean(e.actorId) && !isPimLifecycle(e.activity) && !isSelfService(e.activity);
}

/** The user's own activation request: tells when they work, like any action does. */
export function isOwnRequest(e: LogEvent): boolean {
  return e.source === 'audit' && /^Add member to role requested \(PIM activation\)/i.test(e.activity);
}

/**
 * The window an action ran under: of the user's windows covering it, the one whose role is
 * known to do this activity, else the most recently opened.
 */
export function attribute(
  e: LogEvent,
  userWindows: readonly ActivationWindow[] | undefined,
  skewMs: number,
  roles?: ReadonlyMap<string, RoleProfile>,
): ActivationWindow | undefined {
  const covering = coveringWindows(userWindows, e.at, skewMs);
  if (covering.length <= 1) return covering[0];
  const fits = covering.filter((w) => (roles?.get(w.roleId)?.activities.get(e.activity) ?? 0) > 0);
  const pool = fits.length > 0 ? fits : covering;
  return pool.reduce((a, b) => (b.start > a.start ? b : a));
}

/** The kinds of object an action touched, as Graph names them. */
export function targetTypes(e: LogEvent): string[] {
  return [...new Set(e.targets.map((t) => t.type).filter((t): t is string => Boolean(t)))];
}

/** Most events in any stretch of `spanMs` (times sorted ascending). */
export function peakInSpan(times: readonly number[], spanMs: number): number {
  let peak = 0;
  let first = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[first] as number) > spanMs) first++;
    peak = Math.max(peak, i - first + 1);
  }
  return peak;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Learns from parsed events (oldest first); see learnSessionBaseline. */
export function learnFromEvents(windows: readonly ActivationWindow[], events: readonly LogEvent[], options: BaselineOptions): SessionBaseline {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const skewMs = tuning.skewMinutes * 60_000;
  const spanMs = tuning.burstWindowMinutes * 60_000;
  const byUser = windowsByUser(windows);
  const baseline: SessionBaseline = {
    until: options.until,
    roles: new Map(),
    users: new Map(),
    tenant: { windows: 0, activities: new Map(), hours: new Array<number>(24).fill(0), weekendEvents: 0, events: 0 },
  };

  const inWindow = new Map<ActivationWindow, LogEvent[]>();
  const destructiveTimes = new Map<string, number[]>();
  for (const e of events) {
    if (e.at > options.until) break;
    const own = isOwnRequest(e);
    if (!own && !isAdminAction(e)) continue;
    const userId = e.actorId as string;
    let user = baseline.users.get(userId);
    if (!user) {
      user = { userId, events: 0, activities: new Map(), targetTypes: new Map(), hours: new Array<number>(24).fill(0), weekendEvents: 0, destructivePeak: 0 };
      baseline.users.set(userId, user);
    }
    const zone = options.zoneOf?.(userId) ?? 'UTC';
    const clock = localClock(e.at, zone);
    user.events++;
    (user.hours[clock.hour] as number)++;
    const weekend = clock.weekday === 0 || clock.weekday === 6;
    if (weekend) user.weekendEvents++;
    baseline.tenant.events++;
    if (weekend) baseline.tenant.weekendEvents++;
    (baseline.tenant.hours[clock.hour] as number)++;
    if (own) continue;
    bump(user.activities, e.activity);
    for (const type of targetTypes(e)) bump(user.targetTypes, type);
    if (isDestructive(e.activity)) {
      const list = destructiveTimes.get(userId) ?? [];
      list.push(e.at);
      destructiveTimes.set(userId, list);
    }
    const w = attribute(e, byUser.get(userId), skewMs);
    if (w) {
      const list = inWindow.get(w) ?? [];
      list.push(e);
      inWindow.set(w, list);
    }
  }
  for (const [userId, times] of destructiveTimes) {
    const user = baseline.users.get(userId);
    if (user) user.destructivePeak = peakInSpan(times, spanMs);
  }

  for (const w of windows) {
    if (w.start > options.until) continue;
    let role = baseline.roles.get(w.roleId);
    if (!role) {
      role = { roleId: w.roleId, roleName: w.roleName, windows: 0, activities: new Map(), destructivePeak: 0, actionsPerWindow: [], targetTypes: new Map() };
      baseline.roles.set(w.roleId, role);
    }
    role.windows++;
    baseline.tenant.windows++;
    const actions = inWindow.get(w) ?? [];
    role.actionsPerWindow.push(actions.length);
    for (const activity of new Set(actions.map((a) => a.activity))) {
      bump(role.activities, activity);
      bump(baseline.tenant.activities, activity);
    }
    for (const type of new Set(actions.flatMap(targetTypes))) bump(role.targetTypes, type);
    const destructive = actions.filter((a) => isDestructive(a.activity)).map((a) => a.at);
    role.destructivePeak = Math.max(role.destructivePeak, peakInSpan(destructive, spanMs));
  }
  for (const role of baseline.roles.values()) role.actionsPerWindow.sort((a, b) => a - b);
  return baseline;
}

/**
 * Learns per-role and per-user norms from windows and audit events up to `until`.
 * An incremental job learns once from stored history and passes the result to each scan.
 */
export function learnSessionBaseline(
  windows: readonly ActivationWindow[],
  audits: readonly Graph.DirectoryAudit[],
  options: BaselineOptions,
): SessionBaseline {
  return learnFromEvents(windows, normaliseLogs(audits), options);
}
