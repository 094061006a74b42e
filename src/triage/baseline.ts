/**
 * Learns what normal looks like from request history: per role (durations, departments, approval
 * rate) and per user (roles used, local hours and weekdays, durations, denials). Pure; the result
 * is plain JSON so it can be stored between runs. Each user's and each role's stats depend only on
 * that user's or role's own requests, so a store can recompute just the ones new requests touch.
 */
import { localTime } from './time.js';
import type { ActivationRecord, Baseline, RoleStats, UserRoleStats, UserStats } from './types.js';

export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Start (inclusive) and end (exclusive) of the learning window, in epoch milliseconds. */
export function learningWindow(now: Date | string, windowDays = DEFAULT_WINDOW_DAYS): { fromMs: number; toMs: number } {
  const toMs = new Date(now).getTime();
  return { fromMs: toMs - windowDays * DAY_MS, toMs };
}

/** A decided request made inside the window: the only kind a baseline learns from. */
export function countsTowardsBaseline(r: ActivationRecord, window: { fromMs: number; toMs: number }): boolean {
  if (r.status !== 'approved' && r.status !== 'denied') return false;
  const t = new Date(r.createdDateTime).getTime();
  return t < window.toMs && t >= window.fromMs;
}

const byTime = (a: ActivationRecord, b: ActivationRecord): number => a.createdDateTime.localeCompare(b.createdDateTime) || a.requestId.localeCompare(b.requestId);

/** One user's stats from their decided, in-window requests. */
export function userStatsOf(records: readonly ActivationRecord[]): UserStats {
  const user: UserStats = { requests: 0, activations: 0, denials: 0, roles: {}, hours: Array(24).fill(0), weekdays: Array(7).fill(0) };
  const durations = new Map<string, number[]>();
  const tickets = new Map<string, number>();
  for (const r of [...records].sort(byTime)) {
    if (r.department) user.department = r.department;
    user.requests += 1;
    const local = localTime(r.createdDateTime, r.timeZone);
    user.hours[local.hour] = (user.hours[local.hour] ?? 0) + 1;
    user.weekdays[local.weekday] = (user.weekdays[local.weekday] ?? 0) + 1;
    const ur: UserRoleStats = (user.roles[r.roleDefinitionId] ??= { activations: 0, denials: 0, firstAt: r.createdDateTime, lastAt: r.createdDateTime, ticketShare: 0 });
    ur.lastAt = r.createdDateTime;
    tickets.set(r.roleDefinitionId, (tickets.get(r.roleDefinitionId) ?? 0) + (r.ticketNumber ? 1 : 0));
    if (r.status !== 'approved') {
      user.denials += 1;
      ur.denials += 1;
      continue;
    }
    user.activations += 1;
    ur.activations += 1;
    if (r.durationMinutes !== undefined) push(durations, r.roleDefinitionId, r.durationMinutes);
  }
  for (const [roleId, ur] of Object.entries(user.roles)) {
    const own = durations.get(roleId) ?? [];
    ur.medianDurationMinutes = median(own);
    ur.maxDurationMinutes = own.length ? Math.max(...own) : undefined;
    ur.ticketShare = (tickets.get(roleId) ?? 0) / (ur.activations + ur.denials);
  }
  return user;
}

/** One role's stats from its decided, in-window requests by everyone. */
export function roleStatsOf(records: readonly ActivationRecord[]): RoleStats {
  const role: RoleStats = { requests: 0, activations: 0, denials: 0, users: 0, departments: {} };
  const durations: number[] = [];
  const users = new Set<string>();
  const deptUsers = new Map<string, Set<string>>();
  for (const r of records) {
    role.requests += 1;
    if (r.status !== 'approved') {
      role.denials += 1;
      continue;
    }
    role.activations += 1;
    if (r.durationMinutes !== undefined) durations.push(r.durationMinutes);
    users.add(r.principalId);
    if (r.department) {
      if (!deptUsers.has(r.department)) deptUsers.set(r.department, new Set());
      deptUsers.get(r.department)?.add(r.principalId);
      const dept = (role.departments[r.department] ??= { users: 0, activations: 0 });
      dept.activations += 1;
    }
  }
  role.users = users.size;
  role.medianDurationMinutes = median(durations);
  for (const [dept, members] of deptUsers) {
    const entry = role.departments[dept];
    if (entry) entry.users = members.size;
  }
  return role;
}

/** How many people of each department made any request, from the users' stats. */
export function departmentsOf(users: Readonly<Record<string, UserStats>>): Baseline['departments'] {
  const out: Baseline['departments'] = {};
  for (const u of Object.values(users)) if (u.department) (out[u.department] ??= { users: 0 }).users += 1;
  return out;
}

/** Assembles a baseline from per-user and per-role stats (learned here, or loaded from a store). */
export function assembleBaseline(users: Record<string, UserStats>, roles: Record<string, RoleStats>, now: Date | string, windowDays: number): Baseline {
  return { version: 1, learnedAt: new Date(now).toISOString(), windowDays, roles, users, departments: departmentsOf(users) };
}

/**
 * Baseline from the decided requests made in the `windowDays` before `now`; requests after `now`
 * or still pending are ignored, so a request never counts towards its own normal.
 */
export function learnBaseline(history: readonly ActivationRecord[], now: Date | string, windowDays = DEFAULT_WINDOW_DAYS): Baseline {
  const window = learningWindow(now, windowDays);
  const byUser = new Map<string, ActivationRecord[]>();
  const byRole = new Map<string, ActivationRecord[]>();
  for (const r of history) {
    if (!countsTowardsBaseline(r, window)) continue;
    push(byUser, r.principalId, r);
    push(byRole, r.roleDefinitionId, r);
  }
  const users: Record<string, UserStats> = {};
  for (const [id, records] of byUser) users[id] = userStatsOf(records);
  const roles: Record<string, RoleStats> = {};
  for (const [id, records] of byRole) roles[id] = roleStatsOf(records);
  return assembleBaseline(users, roles, new Date(window.toMs), windowDays);
}
