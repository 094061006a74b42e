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

interface UserBursts {
  /** Destructive actions within one span of the newest. */
  recent: LogEvent[];
  /** The burst being built: marked actions, no gap wider than a span between them. */
  burst: LogEvent[];
  marked: WeakSet<LogEvent>;
  /** Busiest span before, of this user or any role they acted under in the scan. */
  peak: number;
  threshold: number;
}

/**
 * Bursts found as destructive actions stream by (oldest first), with the same marking as findBursts:
 * each user holds only the last span of actions and the burst in progress. A burst is told once no
 * later action could join it (two spans after its last action) or at `flush`.
 */
export class BurstTracker {
  private readonly users = new Map<string, UserBursts>();
  private readonly windowOf = new WeakMap<LogEvent, ActivationWindow>();

  constructor(
    private readonly spanMs: number,
    /** Called only once something is added: the baseline is final by then. */
    private readonly ctx: () => ScanContext,
    private readonly emit: (alert: Alert) => void,
  ) {}

  /** Users with actions or a burst held. */
  get size(): number {
    return this.users.size;
  }

  /** An admin action after the watermark, and the window it ran under (none: outside any). */
  add(e: LogEvent, window: ActivationWindow | undefined): void {
    if (!isDestructive(e.activity) || !e.actorId) return;
    const { baseline, tuning } = this.ctx();
    const { spanMs } = this;
    let u = this.users.get(e.actorId);
    if (!u) {
      const peak = baseline.users.get(e.actorId)?.destructivePeak ?? 0;
      u = { recent: [], burst: [], marked: new WeakSet(), peak, threshold: 0 };
      this.users.set(e.actorId, u);
    }
    if (window) {
      this.windowOf.set(e, window);
      // The bar depends on the role held: a role whose sessions clean up in bulk raises it.
      u.peak = Math.max(u.peak, baseline.roles.get(window.roleId)?.destructivePeak ?? 0);
    }
    u.threshold = Math.max(tuning.burstMinimum, Math.ceil(tuning.burstBaselineFactor * u.peak));
    u.recent.push(e);
    while (e.at - (u.recent[0] as LogEvent).at > spanMs) u.recent.shift();
    if (u.recent.length < u.threshold) return;
    for (const x of u.recent) {
      if (u.marked.has(x)) continue;
      u.marked.add(x);
      const last = u.burst[u.burst.length - 1];
      if (last && x.at - last.at > spanMs) this.tell(e.actorId, u);
      u.burst.push(x);
    }
  }

  /** Tells bursts nothing can join any more and forgets actions too old to be marked. */
  sweep(now: number): void {
    const { spanMs } = this;
    for (const [userId, u] of this.users) {
      const last = u.burst[u.burst.length - 1];
      if (last && now - last.at > 2 * spanMs) this.tell(userId, u);
      while (u.recent.length > 0 && now - (u.recent[0] as LogEvent).at > spanMs) u.recent.shift();
      if (u.recent.length === 0 && u.burst.length === 0) this.users.delete(userId);
    }
  }

  flush(): void {
    for (const [userId, u] of this.users) if (u.burst.length > 0) this.tell(userId, u);
    this.users.clear();
  }

  private tell(userId: string, u: UserBursts): void {
    const burst = u.burst;
    u.burst = [];
    if (burst.length === 0) return;
    this.emit(burstAlert(this.ctx(), userId, burst, u.threshold, u.peak, this.windowOf.get(burst[0] as LogEvent)));
  }
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
