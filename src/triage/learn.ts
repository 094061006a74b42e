/**
 * Incremental learning of the stored baseline. Each run reads only the requests made since the
 * watermark of the last one, stores the decided ones it has not seen, and recomputes the stats of
 * just the users and roles whose window changed: those with new requests, and those whose requests
 * entered or left the window as `now` moved.
 */
import type { Database } from '../store/db.js';
import { countsTowardsBaseline, learningWindow, roleStatsOf, userStatsOf, DEFAULT_WINDOW_DAYS } from './baseline.js';
import { BaselineStore, type LearnState } from './baseline-store.js';
import type { ActivationRecord, RoleStats, UserStats } from './types.js';

/**
 * Where history comes from: a tenant snapshot today, the Graph gateway later. `since` is a
 * creation time; the source returns the requests made after it, decided or not.
 */
export interface HistorySource {
  tenantId: string;
  requestsSince(since: Date | undefined): Promise<ActivationRecord[]>;
}

/**
 * Requests are read again from this long before the watermark: one still pending at the last run
 * (PIM lets an approval wait a day before it expires) is learned once it has been decided.
 */
export const PENDING_GRACE_DAYS = 2;

export interface LearnOptions {
  now: Date;
  windowDays?: number;
}

export interface LearnReport {
  tenantId: string;
  learnedAt: string;
  windowDays: number;
  /** True when every stat was recomputed (first run, another window, or a clock moved back). */
  full: boolean;
  read: number;
  added: number;
  usersUpdated: number;
  rolesUpdated: number;
  usersRemoved: number;
  rolesRemoved: number;
  watermark?: string;
}

function group<K>(records: readonly ActivationRecord[], key: (r: ActivationRecord) => K): Map<K, ActivationRecord[]> {
  const out = new Map<K, ActivationRecord[]>();
  for (const r of records) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

function latest(a: string | undefined, records: readonly ActivationRecord[]): string | undefined {
  let best = a ? new Date(a).getTime() : -Infinity;
  for (const r of records) best = Math.max(best, new Date(r.createdDateTime).getTime());
  return Number.isFinite(best) ? new Date(best).toISOString() : undefined;
}

/** What must be recomputed, or undefined when everything must. */
async function affected(store: BaselineStore, prev: LearnState | undefined, added: readonly ActivationRecord[], now: Date, windowDays: number) {
  if (!prev || prev.windowDays !== windowDays || now.getTime() < new Date(prev.learnedAt).getTime()) return undefined;
  const before = learningWindow(prev.learnedAt, windowDays);
  const after = learningWindow(now, windowDays);
  const entered = await store.touchedBetween(new Date(before.toMs), new Date(after.toMs));
  const left = await store.touchedBetween(new Date(before.fromMs), new Date(Math.min(after.fromMs, before.toMs)));
  return {
    principals: new Set([...added.map((r) => r.principalId), ...entered.principals, ...left.principals]),
    roles: new Set([...added.map((r) => r.roleDefinitionId), ...entered.roles, ...left.roles]),
  };
}

/** Folds what is new in `source` into the stored baseline, in one transaction. */
export async function learn(db: Database, source: HistorySource, options: LearnOptions): Promise<LearnReport> {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const now = options.now;
  return BaselineStore.transaction(db, async (store) => {
    const prev = await store.state();
    if (prev && prev.tenantId !== source.tenantId) {
      throw new Error(`the stored baseline belongs to tenant ${prev.tenantId}, not ${source.tenantId}; use another database for another tenant`);
    }
    const since = prev?.watermark ? new Date(new Date(prev.watermark).getTime() - PENDING_GRACE_DAYS * 86_400_000) : undefined;
    const read = await source.requestsSince(since);
    const added = await store.addHistory(read.filter((r) => r.status === 'approved' || r.status === 'denied'));

    const window = learningWindow(now, windowDays);
    const from = new Date(window.fromMs);
    const scope = await affected(store, prev, added, now, windowDays);
    const records = (
      scope
        ? [
            ...(await store.recordsBetween(from, now, { principals: [...scope.principals] })),
            ...(await store.recordsBetween(from, now, { roles: [...scope.roles] })),
          ]
        : await store.recordsBetween(from, now)
    ).filter((r) => countsTowardsBaseline(r, window));

    const users: Record<string, UserStats> = {};
    const roles: Record<string, RoleStats> = {};
    const seen = new Set<string>();
    const unique = records.filter((r) => !seen.has(r.requestId) && seen.add(r.requestId));
    for (const [id, list] of group(unique, (r) => r.principalId)) if (!scope || scope.principals.has(id)) users[id] = userStatsOf(list);
    for (const [id, list] of group(unique, (r) => r.roleDefinitionId)) if (!scope || scope.roles.has(id)) roles[id] = roleStatsOf(list);
    const removed = {
      principals: scope ? [...scope.principals].filter((id) => !users[id]) : [],
      roles: scope ? [...scope.roles].filter((id) => !roles[id]) : [],
    };
    if (!scope) await store.clearStats();
    await store.saveStats(users, roles, removed);

    const watermark = latest(prev?.watermark, read);
    await store.saveState({ tenantId: source.tenantId, windowDays, learnedAt: now.toISOString(), watermark });
    return {
      tenantId: source.tenantId,
      learnedAt: now.toISOString(),
      windowDays,
      full: !scope,
      read: read.length,
      added: added.length,
      usersUpdated: Object.keys(users).length,
      rolesUpdated: Object.keys(roles).length,
      usersRemoved: removed.principals.length,
      rolesRemoved: removed.roles.length,
      watermark,
    };
  });
}
