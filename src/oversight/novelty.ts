/**
 * Is this activity new for this session? Judged against a settled history only: a role seen a
 * handful of times, or a tenant still turning up new activities, cannot call anything new on
 * its own, and then the role's remit and the stated justification decide.
 */
import { coversAllDomains, roleInfo } from '../roles/index.js';
import { activityDomains, justificationDomains, withRelated } from './activities.js';
import { targetTypes, type SessionBaseline } from './baseline.js';
import type { LogEvent } from './events.js';
import type { ActivationWindow, OversightTuning } from './types.js';

/** Largest estimated chance of a new activity at which a history still counts as settled. */
const SETTLED_NEW_SHARE = 0.1;

/**
 * Whether a history has stopped turning up new activities: enough observations and few seen only
 * once (Good–Turing: the share of singletons estimates the chance that the next one is new).
 */
export function isSettled(activities: ReadonlyMap<string, number>, minObservations: number): boolean {
  let observations = 0;
  let singletons = 0;
  for (const n of activities.values()) {
    observations += n;
    if (n === 1) singletons++;
  }
  return observations >= minObservations && singletons / observations <= SETTLED_NEW_SHARE;
}

/** Whether the role's remit (for a role scoped to some services) or the justification covers the activity. */
function isCovered(session: Pick<ActivationWindow, 'roleId' | 'roleName' | 'justification'>, activity: string): boolean {
  const touched = activityDomains(activity);
  if (touched.length === 0) return false;
  const role = roleInfo(session.roleId) ?? roleInfo(session.roleName);
  if (role && !coversAllDomains(role) && touched.some((d) => role.domains.includes(d))) return true;
  const stated = withRelated(justificationDomains(session.justification));
  return touched.some((d) => stated.has(d));
}

/** Whether an activity is part of normal work for this user in this session's role. */
export function isRoutine(
  baseline: SessionBaseline,
  tuning: OversightTuning,
  session: Pick<ActivationWindow, 'userId' | 'roleId' | 'roleName' | 'justification'>,
  activity: string,
): boolean {
  if ((baseline.users.get(session.userId)?.activities.get(activity) ?? 0) > 0) return true;
  const role = baseline.roles.get(session.roleId);
  if ((role?.activities.get(activity) ?? 0) > 0) return true;
  if (role && role.windows >= tuning.minRoleWindows && isSettled(role.activities, tuning.minSettledObservations)) return false;
  // Little history for the role: only a first-ever activity in a settled tenant, that neither the
  // role's remit nor the stated reason accounts for, stands out.
  const tenant = baseline.tenant.activities;
  if ((tenant.get(activity) ?? 0) > 0 || !isSettled(tenant, tuning.minSettledObservations)) return true;
  return isCovered(session, activity);
}

/**
 * Kinds of object this action touched that the role, in a settled history, never touches and the
 * user never has: a helpdesk session acting on a service principal.
 */
export function newTargetTypes(
  baseline: SessionBaseline,
  tuning: OversightTuning,
  session: Pick<ActivationWindow, 'userId' | 'roleId'>,
  e: LogEvent,
): string[] {
  const role = baseline.roles.get(session.roleId);
  if (!role || role.windows < tuning.minRoleWindows || !isSettled(role.targetTypes, tuning.minSettledObservations)) return [];
  const user = baseline.users.get(session.userId);
  return targetTypes(e).filter((type) => !role.targetTypes.has(type) && !user?.targetTypes.has(type));
}
