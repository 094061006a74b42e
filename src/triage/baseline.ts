/**
 * Learns what normal looks like from request history: per role (durations, departments, approval
 * rate) and per user (roles used, local hours and weekdays, durations, denials). Pure; the result
 * is plain JSON so it can be stored between runs.
 */
import { localTime } from './time.js';
import type { ActivationRecord, Baseline, RoleStats, UserRoleStats, UserStats } from './types.js';

export const DEFAULT_WINDOW_DAYS = 90;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function emptyUser(department?: string): UserStats {
  return { department, requests: 0, activations: 0, denials: 0, roles: {}, hours: Array(24).fill(0), weekdays: Array(7).fill(0) };
}

/**
 * Baseline from the decided requests made in the `windowDays` before `now`; requests after `now`
 * or still pending are ignored, so a request never counts towards its own normal.
 */
export function learnBaseline(history: readonly ActivationRecord[], now: Date | string, windowDays = DEFAULT_WINDOW_DAYS): Baseline {
  const nowMs = new Date(now).getTime();
  const fromMs = nowMs - windowDays * 86_400_000;
  const decided = history.filter((r) => {
    const t = new Date(r.createdDateTime).getTime();
    return t < nowMs && t >= fromMs && (r.status === 'approved' || r.status === 'denied');
  });

  const users: Record<string, UserStats> = {};
  const roleDurations = new Map<string, number[]>();
  const userRoleDurations = new Map<string, number[]>();
  const userRoleTickets = new Map<string, number>();
  const roleUsers = new Map<string, Set<string>>();
  const roleDeptUsers = new Map<string, Map<string, Set<string>>>();
  const deptUsers = new Map<string, Set<string>>();
  const roles: Record<string, RoleStats> = {};

  for (const r of decided) {
    const approved = r.status === 'approved';
    const user = (users[r.principalId] ??= emptyUser(r.department));
    if (r.department) user.department = r.department;
    user.requests += 1;
    const local = localTime(r.createdDateTime, r.timeZone);
    user.hours[local.hour] = (user.hours[local.hour] ?? 0) + 1;
    user.weekdays[local.weekday] = (user.weekdays[local.weekday] ?? 0) + 1;

    const key = `${r.principalId}|${r.roleDefinitionId}`;
    const ur: UserRoleStats = (user.roles[r.roleDefinitionId] ??= { activations: 0, denials: 0, firstAt: r.createdDateTime, lastAt: r.createdDateTime, ticketShare: 0 });
    if (r.createdDateTime < ur.firstAt) ur.firstAt = r.createdDateTime;
    if (r.createdDateTime > ur.lastAt) ur.lastAt = r.createdDateTime;
    userRoleTickets.set(key, (userRoleTickets.get(key) ?? 0) + (r.ticketNumber ? 1 : 0));

    const role = (roles[r.roleDefinitionId] ??= { requests: 0, activations: 0, denials: 0, users: 0, departments: {} });
    role.requests += 1;
    if (r.department) {
      if (!deptUsers.has(r.department)) deptUsers.set(r.department, new Set());
      deptUsers.get(r.department)?.add(r.principalId);
    }

    if (!approved) {
      user.denials += 1;
      ur.denials += 1;
      role.denials += 1;
      continue;
    }
    user.activations += 1;
    ur.activations += 1;
    role.activations += 1;
    if (r.durationMinutes !== undefined) {
      roleDurations.set(r.roleDefinitionId, [...(roleDurations.get(r.roleDefinitionId) ?? []), r.durationMinutes]);
      userRoleDurations.set(key, [...(userRoleDurations.get(key) ?? []), r.durationMinutes]);
    }
    if (!roleUsers.has(r.roleDefinitionId)) roleUsers.set(r.roleDefinitionId, new Set());
    roleUsers.get(r.roleDefinitionId)?.add(r.principalId);
    if (r.department) {
      const byDept = roleDeptUsers.get(r.roleDefinitionId) ?? new Map<string, Set<string>>();
      roleDeptUsers.set(r.roleDefinitionId, byDept);
      if (!byDept.has(r.department)) byDept.set(r.department, new Set());
      byDept.get(r.department)?.add(r.principalId);
      const dept = (role.departments[r.department] ??= { users: 0, activations: 0 });
      dept.activations += 1;
    }
  }

  for (const [roleId, role] of Object.entries(roles)) {
    role.users = roleUsers.get(roleId)?.size ?? 0;
    role.medianDurationMinutes = median(roleDurations.get(roleId) ?? []);
    for (const [dept, members] of roleDeptUsers.get(roleId) ?? []) {
      const entry = role.departments[dept];
      if (entry) entry.users = members.size;
    }
  }
  for (const [userId, user] of Object.entries(users)) {
    for (const [roleId, ur] of Object.entries(user.roles)) {
      const key = `${userId}|${roleId}`;
      const durations = userRoleDurations.get(key) ?? [];
      ur.medianDurationMinutes = median(durations);
      ur.maxDurationMinutes = durations.length ? Math.max(...durations) : undefined;
      const total = ur.activations + ur.denials;
      ur.ticketShare = total ? (userRoleTickets.get(key) ?? 0) / total : 0;
    }
  }
  const departments: Baseline['departments'] = {};
  for (const [dept, members] of deptUsers) departments[dept] = { users: members.size };

  return { version: 1, learnedAt: new Date(nowMs).toISOString(), windowDays, roles, users, departments };
}
