/**
 * What every signal sees (SignalInput, derived once per request) and what it returns: one factor
 * with its points and plain-words detail, the flags it raises, and an optional score floor.
 */
import { roleInfo, domainOfText, type RoleInfo, type RoleTier } from '../roles/index.js';
import { readJustification, type JustificationReading } from './justification.js';
import { checkTicket, type TicketCheck } from './tickets.js';
import { durationMinutes, localTime, type LocalTime } from './time.js';
import type { ActivationRecord, Baseline, Factor, FlagId, RoleStats, TriageContext, UserRoleStats, UserStats } from './types.js';

export interface Signal {
  factor: Factor;
  /** A few words for the rationale ("8× the usual duration"); the detail is used when absent. */
  label?: string;
  flags?: FlagId[];
  /** The score may not end below this, whatever else is true. */
  floor?: { score: number; reason: string };
}

export interface SignalInput {
  ctx: TriageContext;
  baseline: Baseline;
  now: Date;
  role: RoleInfo;
  reading: JustificationReading;
  ticket: TicketCheck;
  user?: UserStats;
  userRole?: UserRoleStats;
  roleStats?: RoleStats;
  /** The requester's own earlier decided requests for this role, from the full history. */
  ownRoleHistory: ActivationRecord[];
  requestedMinutes?: number;
  maxMinutes?: number;
  /** When the request was made, in the requester's own zone. */
  local: LocalTime;
  firstName: string;
}

/** Catalog entry for the role, or a conservative stand-in for roles the catalog does not know. */
export function resolveRole(ctx: TriageContext): RoleInfo {
  const known = roleInfo(ctx.role.templateId ?? ctx.role.id) ?? roleInfo(ctx.role.displayName);
  if (known) return known;
  const name = ctx.role.displayName;
  const reader = /\breader\b/i.test(name);
  const tier: RoleTier = reader ? 2 : 1;
  return {
    templateId: ctx.role.templateId ?? ctx.role.id,
    displayName: name,
    tier,
    privileged: ctx.role.isPrivileged ?? !reader,
    readOnly: reader,
    domains: domainOfText(name).map((d) => d.domain),
    description: 'A role this engine has no catalog entry for; scored as a workload administrator.',
  };
}

export function buildSignalInput(ctx: TriageContext, baseline: Baseline, now: Date): SignalInput {
  const roleId = ctx.request.roleDefinitionId;
  const user = baseline.users[ctx.requester.id];
  const ownRoleHistory = ctx.history.filter(
    (r) => r.principalId === ctx.requester.id && r.roleDefinitionId === roleId && r.requestId !== ctx.request.id && r.createdDateTime < ctx.request.createdDateTime && (r.status === 'approved' || r.status === 'denied'),
  );
  const first = ctx.requester.displayName?.split(' ')[0];
  return {
    ctx,
    baseline,
    now,
    role: resolveRole(ctx),
    reading: readJustification(ctx.request.justification),
    ticket: checkTicket(ctx.request.ticketNumber, ctx.request.ticketSystem, ctx.request.justification),
    user,
    userRole: user?.roles[roleId],
    roleStats: baseline.roles[roleId],
    ownRoleHistory,
    requestedMinutes: durationMinutes(ctx.request.duration),
    maxMinutes: durationMinutes(ctx.policy.maximumDuration),
    local: localTime(ctx.request.createdDateTime, ctx.requester.timeZone),
    firstName: first || 'The requester',
  };
}

export function factor(id: string, points: number, detail: string): Factor {
  return { id, points, detail };
}
