/**
 * A session that does what neither this user nor anyone holding this role has done before, or
 * does far more than the role's sessions normally do. New is judged against the baseline only,
 * so a rare but established task stays quiet.
 */
import { roleInfo } from '../../roles/index.js';
import { isSensitive } from '../activities.js';
import { activityCounts, makeAlert, underActivation } from '../alert.js';
import { isRoutine, newTargetTypes } from '../novelty.js';
import type { ScanContext } from '../context.js';
import type { Alert, Severity } from '../types.js';

/** Volume far above the role's usual sessions: this many times its 95th percentile, and at least the floor. */
const VOLUME_FACTOR = 4;
const VOLUME_FLOOR = 15;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

export function detectUnusualActivity(ctx: ScanContext): Alert[] {
  const alerts: Alert[] = [];
  for (const { window: w, actions } of ctx.sessions) {
    const fresh = actions.filter((e) => !isRoutine(ctx.baseline, ctx.tuning, w, e.activity));
    const strangeTargets = actions.filter((e) => !fresh.includes(e) && newTargetTypes(ctx.baseline, ctx.tuning, w, e).length > 0);
    const role = ctx.baseline.roles.get(w.roleId);
    const usual = role && role.windows >= ctx.tuning.minRoleWindows ? percentile(role.actionsPerWindow, 0.95) : 0;
    const flood = role !== undefined && actions.length >= Math.max(VOLUME_FLOOR, VOLUME_FACTOR * usual);
    if (fresh.length === 0 && strangeTargets.length === 0 && !flood) continue;

    const name = ctx.people.name(w.userId);
    const parts: string[] = [];
    if (fresh.length > 0) {
      const kinds = new Set(fresh.map((e) => e.activity)).size;
      parts.push(`${name} did ${kinds === 1 ? 'something' : `${kinds} things`} never seen before from them or from anyone holding ${w.roleName}: ${activityCounts(fresh)}`);
    }
    if (strangeTargets.length > 0) {
      const types = [...new Set(strangeTargets.flatMap((e) => newTargetTypes(ctx.baseline, ctx.tuning, w, e)))];
      parts.push(`${parts.length > 0 ? 'and acted' : `${name} acted`} on ${types.join(', ')} objects, which ${w.roleName} sessions never touch: ${activityCounts(strangeTargets)}`);
    }
    if (flood) parts.push(`${parts.length > 0 ? 'and took' : `${name} took`} ${actions.length} actions in one session, where ${w.roleName} sessions usually take at most ${usual}`);

    const tier0 = roleInfo(w.roleId)?.tier === 0 || roleInfo(w.roleName)?.tier === 0;
    let severity: Severity = 'medium';
    const unusual = [...fresh, ...strangeTargets].sort((a, b) => a.at - b.at);
    if (unusual.some((e) => isSensitive(e.activity)) || (tier0 && unusual.length > 0)) severity = 'high';
    const summary = `${parts.join(', ')}, ${underActivation(w)}.`;
    alerts.push(makeAlert({ kind: 'unusual-activity', severity, userId: w.userId, window: w, summary, events: unusual.length > 0 ? unusual : actions }, ctx.people));
  }
  return alerts;
}
