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
  /** The zone people of unknown zone were read in, when it was judged from the logs (zone-guess.ts). */
  guessedZone?: string;
}

export interface BaselineOptions {
  until: number;
  /** userId → IANA zone; users without one are learned in UTC. */
  zoneOf?: (userId: string) => string | undefined;
  tuning?: Partial<OversightTuning>;
  /** Recorded with the baseline, so later scans read people of unknown zone on the same clock. */
  guessedZone?: string;
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
 * Of the windows covering an action, the one it ran under: the one whose role is known to do
 * this activity, else the most recently opened.
 */
export function chooseWindow(
  e: LogEvent,
  covering: readonly ActivationWindow[],
  roles?: ReadonlyMap<string, RoleProfile>,
): ActivationWindow | undefined {
  if (covering.length <= 1) return covering[0];
  const fits = covering.filter((w) => (roles?.get(w.roleId)?.activities.get(e.activity) ?? 0) > 0);
  const pool = fits.length > 0 ? fits : covering;
  return pool.reduce((a, b) => (b.start > a.start ? b : a));
}

/** The window an action ran under, from all of the user's windows (sorted by start). */
export function attribute(
  e: LogEvent,
  userWindows: readonly ActivationWindow[] | undefined,
  skewMs: number,
  roles?: ReadonlyMap<string, RoleProfile>,
): ActivationWindow | undefined {
  return chooseWindow(e, coveringWindows(userWindows, e.at, skewMs), roles);
}

/** The kinds of object an action touched, as Graph names them. */
export function targetTypes(e: LogEvent): string[] {
  return [...new Set(e.targets.map((t) => t.type).filter((t): t is string => Boolean(t)))];
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Most events in any stretch of a span, kept as events arrive (oldest first): only the span's tail is held. */
class SpanPeak {
  peak = 0;
  private readonly times: number[] = [];
  constructor(private readonly spanMs: number) {}
  add(at: number): void {
    this.times.push(at);
    while (at - (this.times[0] as number) > this.spanMs) this.times.shift();
    this.peak = Math.max(this.peak, this.times.length);
  }
}

/** What one window did during the history, until it is folded into its role's profile. */
interface WindowHistory {
  actions: number;
  activities: Set<string>;
  targetTypes: Set<string>;
  destructive: SpanPeak;
}

/**
 * Learns the baseline one event at a time (oldest first), holding only per-user and per-open-window
 * aggregates, so history of any length fits in the memory of the tenant's size. The caller says
 * which window each action ran under and when a window is over (`closeWindow`).
 */
export class BaselineLearner {
  readonly baseline: SessionBaseline;
  private readonly tuning: OversightTuning;
  private readonly zoneOf: (userId: string) => string | undefined;
  private readonly userDestructive = new Map<string, SpanPeak>();
  private readonly open = new Map<ActivationWindow, WindowHistory>();

  constructor(options: BaselineOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.zoneOf = options.zoneOf ?? (() => undefined);
    this.baseline = {
      until: options.until,
      roles: new Map(),
      users: new Map(),
      tenant: { windows: 0, activities: new Map(), hours: new Array<number>(24).fill(0), weekendEvents: 0, events: 0 },
      ...(options.guessedZone && { guessedZone: options.guessedZone }),
    };
  }

  private get spanMs(): number {
    return this.tuning.burstWindowMinutes * 60_000;
  }

  /** An event at or before `until`; `window` is the one an admin action ran under, if any. */
  add(e: LogEvent, window: ActivationWindow | undefined): void {
    const own = isOwnRequest(e);
    if (!own && !isAdminAction(e)) return;
    const { baseline } = this;
    const userId = e.actorId as string;
    let user = baseline.users.get(userId);
    if (!user) {
      user = { userId, events: 0, activities: new Map(), targetTypes: new Map(), hours: new Array<number>(24).fill(0), weekendEvents: 0, destructivePeak: 0 };
      baseline.users.set(userId, user);
    }
    const clock = localClock(e.at, this.zoneOf(userId) ?? 'UTC');
    user.events++;
    (user.hours[clock.hour] as number)++;
    const weekend = clock.weekday === 0 || clock.weekday === 6;
    if (weekend) user.weekendEvents++;
    baseline.tenant.events++;
    if (weekend) baseline.tenant.weekendEvents++;
    (baseline.tenant.hours[clock.hour] as number)++;
    if (own) return;
    bump(user.activities, e.activity);
    const types = targetTypes(e);
    for (const type of types) bump(user.targetTypes, type);
    const destructive = isDestructive(e.activity);
    if (destructive) {
      let peak = this.userDestructive.get(userId);
      if (!peak) this.userDestructive.set(userId, (peak = new SpanPeak(this.spanMs)));
      peak.add(e.at);
      user.destructivePeak = peak.peak;
    }
    if (!window) return;
    let h = this.open.get(window);
    if (!h) this.open.set(window, (h = { actions: 0, activities: new Set(), targetTypes: new Set(), destructive: new SpanPeak(this.spanMs) }));
    h.actions++;
    h.activities.add(e.activity);
    for (const type of types) h.targetTypes.add(type);
    if (destructive) h.destructive.add(e.at);
  }

  /** A window that started by `until` is over (or the history is): its actions join its role's profile. */
  closeWindow(w: ActivationWindow): void {
    if (w.start > this.baseline.until) return;
    const { baseline } = this;
    let role = baseline.roles.get(w.roleId);
    if (!role) {
      role = { roleId: w.roleId, roleName: w.roleName, windows: 0, activities: new Map(), destructivePeak: 0, actionsPerWindow: [], targetTypes: new Map() };
      baseline.roles.set(w.roleId, role);
    }
    role.windows++;
    baseline.tenant.windows++;
    const h = this.open.get(w);
    this.open.delete(w);
    role.actionsPerWindow.push(h?.actions ?? 0);
    for (const activity of h?.activities ?? []) {
      bump(role.activities, activity);
      bump(baseline.tenant.activities, activity);
    }
    for (const type of h?.targetTypes ?? []) bump(role.targetTypes, type);
    role.destructivePeak = Math.max(role.destructivePeak, h?.destructive.peak ?? 0);
  }

  /** The history is over: per-user span trackers are dropped and role sizes sorted. */
  finish(): SessionBaseline {
    this.userDestructive.clear();
    for (const role of this.baseline.roles.values()) role.actionsPerWindow.sort((a, b) => a - b);
    return this.baseline;
  }
}

/** Learns from parsed events (oldest first) and the windows they ran under; see learnSessionBaseline. */
export function learnFromEvents(windows: readonly ActivationWindow[], events: readonly LogEvent[], options: BaselineOptions): SessionBaseline {
  const learner = new BaselineLearner(options);
  const skewMs = { ...DEFAULT_TUNING, ...options.tuning }.skewMinutes * 60_000;
  const byUser = windowsByUser(windows);
  for (const e of events) {
    if (e.at > options.until) break;
    learner.add(e, isAdminAction(e) && !isOwnRequest(e) ? attribute(e, byUser.get(e.actorId as string), skewMs) : undefined);
  }
  for (const w of windows) learner.closeWindow(w);
  return learner.finish();
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
