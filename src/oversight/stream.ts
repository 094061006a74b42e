/**
 * The oversight scan as a stream: log records and PIM requests go in oldest first, alerts come out
 * as each activation window, off-window episode, burst and break-glass session ends. Only what is
 * still open is held (windows, their actions, the last span of destructive actions per user, the
 * baseline's aggregates), so memory follows the tenant's size and activity, not the log's length.
 *
 * Records are judged a few minutes (the clock skew) after they arrive, so a window whose opening
 * record is logged just after the first action taken under it still claims that action.
 */
import { SEVERITY_RANK } from './alert.js';
import { isDestructive, isSensitive } from './activities.js';
import { BaselineLearner, chooseWindow, isAdminAction, isOwnRequest, type SessionBaseline } from './baseline.js';
import type { Episode, ScanContext, Session } from './context.js';
import { judgeBreakGlassSession } from './detectors/break-glass.js';
import { BurstTracker } from './detectors/destructive-burst.js';
import { detectJustificationMismatch } from './detectors/justification-mismatch.js';
import { detectOffHours } from './detectors/off-hours.js';
import { detectOutsideActivation } from './detectors/outside-activation.js';
import { detectUnusualActivity } from './detectors/unusual-activity.js';
import type { LogEvent, TimelineItem } from './events.js';
import type { People } from './people.js';
import type { ActivationWindow, Alert, AlertEvent, AlertKind, OversightResult, OversightTuning } from './types.js';
import { WindowTracker } from './window-tracker.js';

export interface ScannerSetup {
  /** Epoch ms: events after it are scored, those before are history. */
  since: number;
  /** Epoch ms: records after it are ignored; defaults to the newest record. */
  now?: number;
  tuning: OversightTuning;
  people: People;
  roleNames: ReadonlyMap<string, string>;
  /** Names and UPNs met in the logs; the scanner adds to it (People reads it). */
  seen: Map<string, { upn?: string; name?: string }>;
  /** A baseline learned earlier; learned from the history otherwise. */
  baseline?: SessionBaseline;
  alertOnBreakGlassSignIn: boolean;
}

/** What a scanner holds at a moment: each count bounded by what is open, not by what was read. */
export interface ScannerState {
  windows: number;
  requests: number;
  sessions: number;
  episodes: number;
  burstUsers: number;
  breakGlassSessions: number;
  queued: number;
}

/** Alerts of equal severity and time keep this order. */
const KIND_ORDER: AlertKind[] = ['break-glass', 'destructive-burst', 'justification-mismatch', 'unusual-activity', 'outside-activation', 'off-hours'];
/** Ended windows and episodes are looked for at most this often (log time). */
const SWEEP_MS = 60_000;

/**
 * Work only a directory role allows: granting access, changing policy, or removing and resetting
 * other people's accounts. Anyone doing it without a PIM role is outside an activation, whether or
 * not PIM knows them; lesser changes (a group owner's edits) count only for PIM users.
 */
function needsAdminRole(e: LogEvent): boolean {
  return isSensitive(e.activity) || (isDestructive(e.activity) && e.targets.some((t) => t.id && t.id !== e.actorId && t.type?.toLowerCase() !== 'role'));
}

export class OversightScanner {
  private readonly tracker: WindowTracker;
  private readonly learner?: BaselineLearner;
  private baseline?: SessionBaseline;
  private readonly folded = new WeakSet<ActivationWindow>();
  private readonly sessions = new Map<ActivationWindow, Session>();
  private readonly episodes = new Map<string, Episode>();
  private readonly breakGlass = new Map<string, LogEvent[]>();
  private readonly bursts: BurstTracker;
  /** Each user's latest window that is over, for "their last activation ended …". */
  private readonly lastOver = new Map<string, ActivationWindow>();
  private readonly alerts: Alert[] = [];
  private readonly signInsOnly: AlertEvent[] = [];
  /** Arrived, not yet judged (the skew's worth of records). */
  private queue: LogEvent[] = [];
  private head = 0;
  private arrived = -Infinity;
  /** Time of the latest judged record. */
  private clock = -Infinity;
  private nextSweep = -Infinity;
  private windowsCounted = 0;
  private eventsScanned = 0;
  private finished = false;

  constructor(private readonly setup: ScannerSetup) {
    this.tracker = new WindowTracker(setup.roleNames, (w) => setup.people.noteWindow(w));
    if (setup.baseline) this.baseline = setup.baseline;
    else this.learner = new BaselineLearner({ until: setup.since, zoneOf: setup.people.zone, tuning: setup.tuning, guessedZone: setup.people.guessedZone });
    this.bursts = new BurstTracker(setup.tuning.burstWindowMinutes * 60_000, () => this.context([], []), (a) => this.alerts.push(a));
  }

  private get skewMs(): number {
    return this.setup.tuning.skewMinutes * 60_000;
  }

  private get gapMs(): number {
    return this.setup.tuning.episodeGapMinutes * 60_000;
  }

  state(): ScannerState {
    return {
      windows: this.tracker.size,
      requests: this.tracker.pending,
      sessions: this.sessions.size,
      episodes: this.episodes.size,
      burstUsers: this.bursts.size,
      breakGlassSessions: this.breakGlass.size,
      queued: this.queue.length - this.head,
    };
  }

  /** The next record or request; oldest first (small disorder within the skew is harmless). */
  push(item: TimelineItem): void {
    if (this.finished) throw new Error('scanner already finished');
    if (this.setup.now !== undefined && item.at > this.setup.now) return;
    this.arrived = Math.max(this.arrived, item.at);
    if (item.source === 'request') {
      this.tracker.addRequest(item);
      this.tracker.openDue(this.arrived);
      this.drain(this.arrived - this.skewMs);
      return;
    }
    this.tracker.lifecycle(item);
    this.tracker.openDue(this.arrived);
    this.queue.push(item);
    this.drain(this.arrived - this.skewMs);
  }

  /** The baseline this scan scored against: given, or learned from the history up to `since` (once finished). */
  learnedBaseline(): SessionBaseline | undefined {
    return this.baseline;
  }

  /** Judges what is still open as of `now` and returns everything found. */
  finish(): OversightResult {
    this.drain(Infinity);
    this.finished = true;
    const now = this.setup.now ?? (Number.isFinite(this.clock) ? this.clock : this.setup.since);
    this.tracker.openDue(now);
    if (!this.baseline) this.finalizeBaseline();
    for (const w of [...this.tracker.windows()]) {
      if (w.endedBy === 'planned' && w.end > now) w.endedBy = 'open';
      this.over(w, now);
    }
    for (const ep of this.episodes.values()) this.judgeEpisode(ep);
    this.episodes.clear();
    this.bursts.flush();
    for (const [userId, s] of this.breakGlass) this.judgeBreakGlass(userId, s);
    this.breakGlass.clear();

    const rank = (a: Alert) => KIND_ORDER.indexOf(a.kind);
    this.alerts.sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        (a.events[0]?.activityDateTime ?? '').localeCompare(b.events[0]?.activityDateTime ?? '') ||
        rank(a) - rank(b),
    );
    return {
      alerts: this.alerts,
      windows: this.windowsCounted,
      eventsScanned: this.eventsScanned,
      watermark: new Date(now).toISOString(),
      breakGlassSignIns: this.signInsOnly,
    };
  }

  private drain(upTo: number): void {
    const q = this.queue;
    while (this.head < q.length && (q[this.head] as LogEvent).at <= upTo) this.judge(q[this.head++] as LogEvent);
    if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    // Everything up to `upTo` is judged: what ended before it can go, even in a quiet spell.
    if (Number.isFinite(upTo)) this.advance(upTo);
  }

  private advance(t: number): void {
    this.clock = Math.max(this.clock, t);
    if (this.clock >= this.nextSweep) {
      this.sweep(this.clock);
      this.nextSweep = this.clock + SWEEP_MS;
    }
  }

  private judge(e: LogEvent): void {
    const { since, people, seen } = this.setup;
    this.advance(e.at);
    const userId = e.actorId;
    if (userId && !seen.has(userId)) seen.set(userId, { upn: e.actorUpn, name: e.actorName });
    if (e.at > since) this.eventsScanned++;
    if (userId && people.isBreakGlass(userId) && e.at > since - this.gapMs) this.breakGlassEvent(userId, e);

    if (e.at <= since) {
      if (this.learner && (isAdminAction(e) || isOwnRequest(e))) {
        const w = isAdminAction(e) ? chooseWindow(e, this.tracker.covering(userId as string, e.at, this.skewMs)) : undefined;
        this.learner.add(e, w);
      }
      return;
    }
    const baseline = this.baseline ?? this.finalizeBaseline();
    if (!isAdminAction(e) || people.isBreakGlass(userId as string)) return;
    const actor = userId as string;
    const w = chooseWindow(e, this.tracker.covering(actor, e.at, this.skewMs), baseline.roles);
    if (w) {
      let s = this.sessions.get(w);
      if (!s) this.sessions.set(w, (s = { window: w, actions: [] }));
      s.actions.push(e);
      this.bursts.add(e, w);
    } else if (!people.hasStandingAccess(actor) && (people.isPrivileged(actor) || needsAdminRole(e))) {
      let ep = this.episodes.get(actor);
      const last = ep?.actions[ep.actions.length - 1];
      if (ep && last && e.at - last.at > this.gapMs) {
        this.judgeEpisode(ep);
        ep = undefined;
      }
      if (!ep) this.episodes.set(actor, (ep = { userId: actor, actions: [] }));
      ep.actions.push(e);
      this.bursts.add(e, undefined);
    }
  }

  /** The history is over: windows that began in it join the baseline with what they did so far. */
  private finalizeBaseline(): SessionBaseline {
    if (this.baseline) return this.baseline;
    const learner = this.learner as BaselineLearner;
    for (const w of this.tracker.windows()) this.fold(w);
    this.baseline = learner.finish();
    return this.baseline;
  }

  private fold(w: ActivationWindow): void {
    if (!this.learner || this.baseline || this.folded.has(w) || w.start > this.setup.since) return;
    this.folded.add(w);
    this.learner.closeWindow(w);
  }

  private sweep(t: number): void {
    const skew = this.skewMs;
    for (const w of [...this.tracker.windows()]) if (t > w.end + skew) this.over(w, this.setup.now ?? Infinity);
    for (const [userId, ep] of this.episodes) {
      if (t - (ep.actions[ep.actions.length - 1] as LogEvent).at > this.gapMs) {
        this.episodes.delete(userId);
        this.judgeEpisode(ep);
      }
    }
    this.bursts.sweep(t);
    for (const [userId, s] of this.breakGlass) {
      if (t - (s[s.length - 1] as LogEvent).at > this.gapMs) {
        this.breakGlass.delete(userId);
        this.judgeBreakGlass(userId, s);
      }
    }
  }

  /** A window nothing more can be attributed to: fold, judge, count and forget it. */
  private over(w: ActivationWindow, now: number): void {
    this.fold(w);
    const s = this.sessions.get(w);
    if (s) {
      this.sessions.delete(w);
      const ctx = this.context([s], []);
      this.alerts.push(...detectJustificationMismatch(ctx), ...detectUnusualActivity(ctx), ...detectOffHours(ctx));
    }
    if (w.end > this.setup.since && w.start <= now) this.windowsCounted++;
    const last = this.lastOver.get(w.userId);
    if (!last || w.end >= last.end) this.lastOver.set(w.userId, w);
    this.tracker.remove(w);
  }

  private judgeEpisode(ep: Episode): void {
    const ctx = this.context([], [ep]);
    this.alerts.push(...detectOutsideActivation(ctx), ...detectOffHours(ctx));
  }

  private breakGlassEvent(userId: string, e: LogEvent): void {
    let s = this.breakGlass.get(userId);
    const last = s?.[s.length - 1];
    if (s && last && e.at - last.at > this.gapMs) {
      this.judgeBreakGlass(userId, s);
      s = undefined;
    }
    if (!s) this.breakGlass.set(userId, (s = []));
    s.push(e);
  }

  private judgeBreakGlass(userId: string, s: LogEvent[]): void {
    const verdict = judgeBreakGlassSession(this.setup.people, this.setup.since, this.setup.alertOnBreakGlassSignIn, userId, s);
    if (verdict.alert) this.alerts.push(verdict.alert);
    this.signInsOnly.push(...verdict.signInsOnly);
  }

  private context(sessions: Session[], outside: Episode[]): ScanContext {
    const windowsByUser = new Map<string, ActivationWindow[]>();
    for (const userId of new Set([...sessions.map((s) => s.window.userId), ...outside.map((o) => o.userId)])) {
      const last = this.lastOver.get(userId);
      const open = this.tracker.userWindows(userId);
      windowsByUser.set(userId, last && !open.includes(last) ? [last, ...open] : [...open]);
    }
    return {
      since: this.setup.since,
      now: this.setup.now ?? this.clock,
      tuning: this.setup.tuning,
      baseline: this.baseline ?? this.finalizeBaseline(),
      people: this.setup.people,
      windowsByUser,
      sessions,
      outside,
    };
  }
}
