/**
 * PIM policy advice from real use, per role: a shorter maximum activation when nine in ten
 * activations finish far sooner; approval that never says no (latency, not control) or is slow;
 * eligibilities nobody uses; and broad roles used only for work a narrower role does.
 * Pure: input and clock in, recommendations out.
 */
import { roleInfo } from '../roles/index.js';
import { span } from './alert.js';
import { parseTime } from './events.js';
import { narrowerRoleFor } from './narrower-role.js';
import {
  DAY_MS,
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
import { durationMs } from './windows.js';

function isTier0(roleId: string, roleName: string): boolean {
  return (roleInfo(roleId) ?? roleInfo(roleName))?.tier === 0;
}

export type PolicyAdviceKind = 'max-duration' | 'approval-never-denied' | 'approval-slow' | 'unused-eligibilities' | 'narrower-role';

export interface PolicyRecommendation {
  roleDefinitionId: string;
  roleName: string;
  kind: PolicyAdviceKind;
  current: string;
  suggested: string;
  evidence: string;
}

export interface PolicyAdviceOptions {
  now: string | Date;
  days?: number;
  /** Fewest activations before durations or approvals say anything. */
  minSamples?: number;
  /** An approval this much later than the request is late. */
  lateMinutes?: number;
}

interface RequestFacts {
  denied: boolean;
  waitMs?: number;
}

/** Outcome and approval wait of each activation request, by role. */
function requestFacts(input: GovernanceInput, from: number, now: number): Map<string, RequestFacts[]> {
  const approvals = new Map((input.approvals ?? []).map((a) => [a.id, a]));
  const out = new Map<string, RequestFacts[]>();
  for (const r of input.requests ?? []) {
    const created = parseTime(r.createdDateTime);
    if (!r.roleDefinitionId || created === undefined || created < from || created > now) continue;
    if (!/^self(Activate|Extend)$/i.test(r.action ?? '')) continue;
    const steps = (r.approvalId ? approvals.get(r.approvalId)?.steps : undefined) ?? [];
    const reviewed = steps.filter((s) => typeof s.reviewResult === 'string' && /^(approve|deny)$/i.test(s.reviewResult));
    if (reviewed.length === 0 && !/denied/i.test(r.status ?? '')) continue;
    const denied = /denied/i.test(r.status ?? '') || reviewed.some((s) => /^deny$/i.test(String(s.reviewResult)));
    const decidedAt = Math.max(...reviewed.map((s) => parseTime(s.reviewedDateTime as string | undefined) ?? -Infinity));
    const facts: RequestFacts = { denied, ...(Number.isFinite(decidedAt) && { waitMs: Math.max(0, decidedAt - created) }) };
    const list = out.get(r.roleDefinitionId);
    if (list) list.push(facts);
    else out.set(r.roleDefinitionId, [facts]);
  }
  return out;
}

export function recommendPolicies(input: GovernanceInput, options: PolicyAdviceOptions): PolicyRecommendation[] {
  const now = options.now instanceof Date ? options.now.getTime() : Date.parse(options.now);
  if (!Number.isFinite(now)) throw new Error(`now is not a date: ${String(options.now)}`);
  const days = options.days ?? 90;
  const minSamples = options.minSamples ?? 5;
  const lateMs = (options.lateMinutes ?? 30) * 60_000;
  const from = now - days * DAY_MS;
  const usage = usageOf(input, now);
  // Logs that do not reach back far enough cannot show an eligibility as unused.
  const covered = logCoverageDays(input, now);
  const period = covered < days - 1 ? `the ${Math.floor(covered)} days the audit log covers (of the ${days} asked)` : `${days} days`;
  const policies = rolePolicies(input);
  const requests = requestFacts(input, from, now);
  const names = new Map<string, string>();
  for (const r of input.roleDefinitions ?? []) if (r.id && r.displayName) names.set(r.id, r.displayName);
  const people = new Map((input.users ?? []).filter((u) => u.id).map((u) => [u.id as string, u.displayName ?? (u.id as string)]));

  const recentByRole = new Map<string, WindowUse[]>();
  for (const [key, uses] of usage.byAssignment) {
    const roleId = key.slice(key.indexOf('|') + 1);
    const recent = uses.filter((u) => u.window.start >= from && u.window.start <= now);
    if (recent.length > 0) recentByRole.set(roleId, [...(recentByRole.get(roleId) ?? []), ...recent]);
  }
  const roleIds = new Set<string>([...recentByRole.keys(), ...(input.eligibilities ?? []).map((e) => e.roleDefinitionId ?? '').filter(Boolean)]);

  const out: PolicyRecommendation[] = [];
  for (const roleId of roleIds) {
    const roleName = names.get(roleId) ?? roleInfo(roleId)?.displayName ?? roleId;
    const add = (kind: PolicyAdviceKind, current: string, suggested: string, evidence: string) => out.push({ roleDefinitionId: roleId, roleName, kind, current, suggested, evidence });
    const recent = recentByRole.get(roleId) ?? [];
    const policy = policies.get(roleId);
    const tier0 = isTier0(roleId, roleName);

    const maximum = durationMs(policy?.maximumDuration);
    const used = recent.map(usedMs).filter((ms): ms is number => ms !== undefined);
    const p90 = used.length >= minSamples ? percentile(used, 0.9) : undefined;
    if (maximum !== undefined && p90 !== undefined && roundUpDuration(p90) * 2 <= maximum) {
      add('max-duration', policy?.maximumDuration ?? isoMinutes(maximum), isoMinutes(roundUpDuration(p90)),
        `Nine in ten of ${used.length} activations in ${days} days were done within ${span(p90)} (median ${span(percentile(used, 0.5) ?? p90)}); the policy allows ${span(maximum)}.`);
    }

    const facts = requests.get(roleId) ?? [];
    const waits = facts.map((f) => f.waitMs).filter((ms): ms is number => ms !== undefined);
    if (policy?.approvalRequired && facts.length >= minSamples * 2 && facts.every((f) => !f.denied)) {
      const record = `${facts.length} requests in ${days} days, none denied${waits.length ? `; approval added a median ${span(percentile(waits, 0.5) ?? 0)} of waiting` : ''}.`;
      // A tier-0 role always needs a person: approval that never says no is a question about the approvers, not the step.
      if (tier0) {
        add('approval-never-denied', 'approval required', 'keep approval (a tier-0 role always needs a person); review a sample of past approvals and require a ticket',
          `${record} For a role this powerful, never denying can mean approvals are not read.`);
      } else {
        add('approval-never-denied', 'approval required', 'consider dropping approval for routine requests (keep justification, ticket and MFA) and alerting instead',
          `${record} Approval that never says no adds latency, not control.`);
      }
    }
    if (policy?.approvalRequired && waits.length >= minSamples) {
      const late = waits.filter((w) => w > lateMs).length;
      if (late / waits.length >= 0.75) {
        const remedy = tier0 ? 'add approvers or enable escalation (a tier-0 role always needs a person)' : 'add approvers, enable escalation, or route routine requests to automatic approval';
        add('approval-slow', `median approval wait ${span(percentile(waits, 0.5) ?? 0)}`, remedy,
          `${late} of ${waits.length} approvals in ${days} days came more than ${span(lateMs)} after the request.`);
      }
    }

    const eligible = (input.eligibilities ?? []).filter((e) => e.roleDefinitionId === roleId && e.principalId);
    const idle = eligible.filter((e) => {
      const since = eligibleSince(e);
      const uses = usage.byAssignment.get(assignmentKey(e.principalId as string, roleId)) ?? [];
      return (since === undefined || since <= from) && !uses.some((u) => u.window.start >= from && u.window.start <= now);
    });
    if (idle.length > 0 && covered >= MIN_EVIDENCE_DAYS) {
      const who = idle.map((e) => people.get(e.principalId as string) ?? (e.principalId as string));
      add('unused-eligibilities', `${eligible.length} eligible`, `remove ${idle.length} unused eligibilit${idle.length === 1 ? 'y' : 'ies'}`,
        `Not activated in ${period}: ${who.slice(0, 8).join(', ')}${who.length > 8 ? ` and ${who.length - 8} more` : ''}.`);
    }

    const activities = new Map<string, number>();
    for (const u of recent) for (const a of u.actions) activities.set(a.activity, (activities.get(a.activity) ?? 0) + 1);
    const narrower = activities.size > 0 ? narrowerRoleFor(roleId, activities.keys()) : undefined;
    if (narrower) {
      const top = [...activities].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([a, n]) => `${a} ×${n}`).join(', ');
      add('narrower-role', roleName, narrower.displayName,
        `${recent.length} activations in ${days} days did only ${top}${activities.size > 4 ? ' and similar' : ''}; all of it is within ${narrower.displayName}.`);
    }
  }
  const order: PolicyAdviceKind[] = ['narrower-role', 'unused-eligibilities', 'max-duration', 'approval-never-denied', 'approval-slow'];
  return out.sort((a, b) => a.roleName.localeCompare(b.roleName) || order.indexOf(a.kind) - order.indexOf(b.kind));
}
