/**
 * Access-review packs: for every PIM eligibility, how it was used in the last 90 days and what a
 * reviewer should do with it — keep, remove (unused), or reduce (a narrower role would have done,
 * or activations are far shorter than the policy allows). Pure: input and clock in, items out.
 */
import { roleInfo } from '../roles/index.js';
import { span, utc } from './alert.js';
import { durationMs } from './windows.js';
import { narrowerRoleFor, workIsAudited } from './narrower-role.js';
import {
  DAY_MS,
  durationWords,
  assignmentKey,
  eligibleSince,
  isoMinutes,
  logCoverageDays,
  MIN_EVIDENCE_DAYS,
  percentile,
  rolePolicies,
  roundUpDuration,
  usageOf,
  usedMs,
  type GovernanceInput,
  type WindowUse,
} from './usage.js';

export type ReviewRecommendation = 'keep' | 'remove' | 'reduce';

export interface ReviewItem {
  principalId: string;
  principalName: string;
  roleDefinitionId: string;
  roleName: string;
  activations90d: number;
  /** Start of the most recent activation ever seen, or null. */
  lastActivation: string | null;
  /** What was done while active in the last 90 days, most frequent first. */
  activities: Array<{ activity: string; count: number }>;
  recommendation: ReviewRecommendation;
  /** With `reduce`: the narrower role that covers what was done. */
  suggestedRoleId?: string;
  suggestedRoleName?: string;
  /** With `reduce`: an activation length that covers nine in ten real activations. */
  suggestedMaxDuration?: string;
  narrative: string;
}

export interface ReviewPackOptions {
  now: string | Date;
  /** Look-back for "used"; 90 days unless told. */
  days?: number;
}

/** Too few activations to say how long the work takes. */
const MIN_DURATION_SAMPLES = 3;

function counts(uses: readonly WindowUse[]): Array<{ activity: string; count: number }> {
  const m = new Map<string, number>();
  for (const u of uses) for (const a of u.actions) m.set(a.activity, (m.get(a.activity) ?? 0) + 1);
  return [...m].map(([activity, count]) => ({ activity, count })).sort((a, b) => b.count - a.count || a.activity.localeCompare(b.activity));
}

function didText(activities: ReviewItem['activities']): string {
  if (activities.length === 0) return 'no directory changes recorded while active';
  const shown = activities.slice(0, 4).map((a) => (a.count > 1 ? `${a.activity} ×${a.count}` : a.activity));
  return `did ${shown.join(', ')}${activities.length > 4 ? ` and ${activities.length - 4} other kinds of change` : ''}`;
}

export function buildReviewPack(input: GovernanceInput, options: ReviewPackOptions): ReviewItem[] {
  const now = options.now instanceof Date ? options.now.getTime() : Date.parse(options.now);
  if (!Number.isFinite(now)) throw new Error(`now is not a date: ${String(options.now)}`);
  const days = options.days ?? 90;
  const from = now - days * DAY_MS;
  const usage = usageOf(input, now);
  // How far back the logs reach: an activation before that cannot be seen, so "unused" means less.
  const covered = logCoverageDays(input, now);
  const short = covered < days - 1;
  const policies = rolePolicies(input);
  const names = new Map<string, string>();
  for (const r of input.roleDefinitions ?? []) if (r.id && r.displayName) names.set(r.id, r.displayName);
  const people = new Map((input.users ?? []).filter((u) => u.id).map((u) => [u.id as string, u.displayName ?? u.userPrincipalName ?? (u.id as string)]));

  const items: ReviewItem[] = [];
  const seen = new Set<string>();
  for (const e of input.eligibilities ?? []) {
    if (!e.principalId || !e.roleDefinitionId) continue;
    const key = assignmentKey(e.principalId, e.roleDefinitionId);
    if (seen.has(key)) continue;
    seen.add(key);
    const roleId = e.roleDefinitionId;
    const roleName = names.get(roleId) ?? roleInfo(roleId)?.displayName ?? roleId;
    const all = (usage.byAssignment.get(key) ?? []).filter((u) => u.window.start <= now);
    const recent = all.filter((u) => u.window.start >= from);
    const last = all[all.length - 1];
    const activities = counts(recent);
    const base = {
      principalId: e.principalId,
      principalName: people.get(e.principalId) ?? e.principalId,
      roleDefinitionId: roleId,
      roleName,
      activations90d: recent.length,
      lastActivation: last ? new Date(last.window.start).toISOString() : null,
      activities,
    };
    const who = base.principalName;
    const lastText = last ? `last activated ${utc(last.window.start)}` : 'never activated in the logs we hold';

    if (recent.length === 0) {
      const since = eligibleSince(e);
      if (since !== undefined && since > from) {
        items.push({ ...base, recommendation: 'keep', narrative: `${who} became eligible for ${roleName} ${span(now - since)} ago and has not used it yet; too new to judge.` });
      } else if (covered < MIN_EVIDENCE_DAYS) {
        const reach = covered < 1 ? 'There is no audit log to judge from' : `The audit log reaches back only ${Math.floor(covered)} days${short ? ` of the ${days}` : ''}`;
        items.push({ ...base, recommendation: 'keep', narrative: `${reach}, too little to call ${who}'s ${roleName} eligibility unused; check PIM's activation history before removing it.` });
      } else {
        const period = short ? `the ${Math.floor(covered)} days the audit log covers (of the ${days} asked)` : `${days} days`;
        items.push({ ...base, recommendation: 'remove', narrative: `${who} has not activated ${roleName} in ${period} (${lastText}). Unused standing eligibility is attack surface; remove it and re-grant on request.` });
      }
      continue;
    }

    const did = didText(activities);
    const held = `${who} activated ${roleName} ${recent.length} time${recent.length === 1 ? '' : 's'} in ${days} days (${lastText}) and ${did}`;
    const narrower = activities.length > 0 ? narrowerRoleFor(roleId, activities.map((a) => a.activity)) : undefined;
    if (narrower) {
      items.push({
        ...base,
        recommendation: 'reduce',
        suggestedRoleId: narrower.templateId,
        suggestedRoleName: narrower.displayName,
        narrative: `${held}. All of it is within ${narrower.displayName}; make them eligible for that instead of ${roleName}.`,
      });
      continue;
    }
    const used = recent.map(usedMs).filter((ms): ms is number => ms !== undefined);
    const maximum = durationMs(policies.get(roleId)?.maximumDuration);
    const p90 = used.length >= MIN_DURATION_SAMPLES ? percentile(used, 0.9) : undefined;
    if (p90 !== undefined && maximum !== undefined && roundUpDuration(p90) * 2 <= maximum) {
      const suggested = roundUpDuration(p90);
      items.push({
        ...base,
        recommendation: 'reduce',
        suggestedMaxDuration: isoMinutes(suggested),
        narrative: `${held}. Nine in ten activations were done within ${span(p90)}, against a policy maximum of ${span(maximum)}; ask for activations of ${durationWords(suggested)}.`,
      });
      continue;
    }
    const info = roleInfo(roleId);
    const unseen = info?.readOnly ? ' A read-only role: reading leaves no trace in the directory audit.' : info && !workIsAudited(info) ? ` Much of ${roleName}'s work happens in its own admin centre, which the directory audit does not show; check there before narrowing it.` : '';
    items.push({ ...base, recommendation: 'keep', narrative: `${held}. Nothing narrower covers the work seen; keep it.${unseen}` });
  }
  return items.sort((a, b) => a.principalName.localeCompare(b.principalName) || a.roleName.localeCompare(b.roleName));
}

const CSV_COLUMNS = ['principalId', 'principalName', 'roleDefinitionId', 'roleName', 'activations90d', 'lastActivation', 'recommendation', 'suggestedRoleName', 'suggestedMaxDuration', 'activities', 'narrative'] as const;

function csvCell(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, one row per eligibility. */
export function reviewPackCsv(items: readonly ReviewItem[]): string {
  const rows = items.map((i) =>
    CSV_COLUMNS.map((c) => {
      if (c === 'activities') return csvCell(i.activities.map((a) => `${a.activity} x${a.count}`).join('; '));
      const v = i[c];
      return csvCell(v === undefined || v === null ? '' : String(v));
    }).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
