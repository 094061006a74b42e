/**
 * How each eligibility was used: its activation windows and the admin actions taken inside them.
 * Shared ground for access-review packs and policy advice.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { readPolicy, type PolicyRule } from '../triage/policy-rules.js';
import type { RolePolicy } from '../triage/types.js';
import { isAdminAction } from './baseline.js';
import { normaliseLogs, parseTime, type LogEvent } from './events.js';
import { rolesThatCan } from './narrower-role.js';
import type { ActivationWindow, OversightInput } from './types.js';
import { coveringWindows, windowsByUser, windowsFromEvents } from './windows.js';

/** The scanner's input plus the policies and approvals that governance advice reads. */
export interface GovernanceInput extends OversightInput {
  policies?: Graph.UnifiedRoleManagementPolicy[];
  policyAssignments?: Graph.UnifiedRoleManagementPolicyAssignment[];
  /** Beta approval objects, keyed like their request (`approvalId`). */
  approvals?: Array<{ id: string; steps?: Array<Record<string, unknown>> }>;
}

export interface WindowUse {
  window: ActivationWindow;
  actions: LogEvent[];
}

export interface Usage {
  events: LogEvent[];
  windows: ActivationWindow[];
  /** `${principalId}|${roleDefinitionId}` → windows (oldest first) with what was done in each. */
  byAssignment: Map<string, WindowUse[]>;
}

export const DAY_MS = 86_400_000;
const SKEW_MS = 5 * 60_000;

export function assignmentKey(principalId: string, roleDefinitionId: string): string {
  return `${principalId}|${roleDefinitionId}`;
}

/** Rebuilds windows and places every admin action in the window it ran under. */
/** Fewer days of log than this cannot show an eligibility as unused. */
export const MIN_EVIDENCE_DAYS = 30;

/** Days from the oldest audit record or request to `now`; 0 when there is neither. */
export function logCoverageDays(input: GovernanceInput, now: number): number {
  let oldest = Infinity;
  for (const a of input.directoryAudits) {
    const t = Date.parse(String(a.activityDateTime));
    if (t < oldest) oldest = t;
  }
  for (const r of input.requests ?? []) {
    const t = Date.parse(String(r.createdDateTime));
    if (t < oldest) oldest = t;
  }
  return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / DAY_MS) : 0;
}

export function usageOf(input: OversightInput, now: number): Usage {
  const events = normaliseLogs(input.directoryAudits, input.signIns ?? []);
  const windows = windowsFromEvents(events, input.requests ?? [], { now });
  const byUser = windowsByUser(windows);
  const uses = new Map<ActivationWindow, WindowUse>();
  const byAssignment = new Map<string, WindowUse[]>();
  for (const w of windows) {
    const use = { window: w, actions: [] };
    uses.set(w, use);
    const key = assignmentKey(w.userId, w.roleId);
    const list = byAssignment.get(key);
    if (list) list.push(use);
    else byAssignment.set(key, [use]);
  }
  for (const e of events) {
    if (e.at > now || !isAdminAction(e)) continue;
    const covering = coveringWindows(byUser.get(e.actorId as string), e.at, SKEW_MS);
    if (covering.length === 0) continue;
    // Two roles at once: the one that can do this activity, else the latest opened.
    const can = rolesThatCan(e.activity);
    const fits = covering.filter((w) => can?.has(w.roleId));
    const pool = fits.length > 0 ? fits : covering;
    const w = pool.reduce((a, b) => (b.start > a.start ? b : a));
    uses.get(w)?.actions.push(e);
  }
  return { events, windows, byAssignment };
}

/** How long a window was really needed: to its deactivation, else to its last action. */
export function usedMs(use: WindowUse): number | undefined {
  const { window: w, actions } = use;
  if (w.endedBy === 'deactivated') return w.end - w.start;
  const last = actions[actions.length - 1];
  return last ? Math.max(last.at - w.start, 60_000) : undefined;
}

/** The p-th percentile (0–1) of a list, nearest-rank. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Rounds a duration up to a step a policy would use: 30 minutes below 4 hours, whole hours above. */
export function roundUpDuration(ms: number): number {
  const step = ms <= 4 * 3600_000 ? 30 * 60_000 : 3600_000;
  return Math.max(step, Math.ceil(ms / step) * step);
}

/** ISO 8601 duration for whole minutes: PT1H30M. */
export function isoMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** A policy-sized duration in words: "90 minutes", "3 h 30 min", "4 hours". */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} hours`;
}

/** Each role's PIM activation policy, by role definition id. */
export function rolePolicies(input: GovernanceInput): Map<string, RolePolicy> {
  const byPolicy = new Map((input.policies ?? []).filter((p) => p.id).map((p) => [p.id as string, p]));
  const out = new Map<string, RolePolicy>();
  for (const a of input.policyAssignments ?? []) {
    const policy = a.policyId ? byPolicy.get(a.policyId) : undefined;
    if (!policy || !a.roleDefinitionId || (a.scopeId && a.scopeId !== '/')) continue;
    out.set(a.roleDefinitionId, readPolicy((policy.rules ?? []) as PolicyRule[]).policy);
  }
  return out;
}

export function eligibleSince(e: Graph.UnifiedRoleEligibilitySchedule): number | undefined {
  return parseTime(e.scheduleInfo?.startDateTime) ?? parseTime(e.createdDateTime);
}
