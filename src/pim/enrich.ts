/**
 * The triage context of one request in a single `$batch` round trip: requester (manager, mailbox
 * settings), role definition, policy with rules, eligibility, request history, recent audits and
 * sign-ins, risky-user state. Role definitions and policies come from a short-lived cache when warm.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { batch, outcomeBody, type BatchOutcome, type BatchStep } from './batch.js';
import { directoryAuditsFilter, signInsFilter } from './audit-logs.js';
import { mailboxSettingsUrl, userUrl } from './directory.js';
import { PimError, toPimError } from './errors.js';
import { quote, seg } from './odata.js';
import { listAll, readPage } from './paging.js';
import { getRequest } from './requests.js';
import { summarizePolicy, type RolePolicy } from './role-policy.js';
import { policyAssignmentFrom, policyAssignmentUrl } from './roles.js';
import {
  camelFirst,
  directoryAuditSchema,
  eligibilityScheduleSchema,
  mailboxSettingsSchema,
  riskyUserSchema,
  roleDefinitionSchema,
  scheduleRequestSchema,
  signInSchema,
  userSchema,
  type DirectoryAudit,
  type EligibilitySchedule,
  type MailboxSettings,
  type PolicyAssignment,
  type RiskyUser,
  type RoleDefinition,
  type ScheduleRequest,
  type SignIn,
  type User,
} from './shapes.js';
import type { TtlCache } from './ttl-cache.js';
import { z } from 'zod/v4';

export interface TriageContext {
  request: ScheduleRequest;
  requester: User;
  mailboxSettings: MailboxSettings | null;
  roleDefinition: RoleDefinition;
  policyAssignment: PolicyAssignment;
  policy: RolePolicy;
  /** The requester's eligibility schedules, every role. */
  eligibility: EligibilitySchedule[];
  /** The requester's requests, this one included, as Graph lists them. */
  history: ScheduleRequest[];
  /** Audit events the requester initiated within the lookback window. */
  audits: DirectoryAudit[];
  signIns: SignIn[];
  riskyUser: RiskyUser | null;
  /** Parts Graph would not give (e.g. sign-ins or risk without the licence); the rest is usable. */
  gaps: Array<{ part: string; error: PimError }>;
}

export interface EnrichOptions {
  /** The triage clock; audits and sign-ins are read from `now - lookbackDays` on. */
  now?: Date;
  lookbackDays?: number;
  /** Caps on the paged parts (the batch brings the first page; further pages are fetched). */
  historyLimit?: number;
  auditLimit?: number;
  signInLimit?: number;
}

export interface EnrichCaches {
  roleDefinitions: TtlCache<Promise<RoleDefinition>>;
  policies: TtlCache<Promise<PolicyAssignment>>;
}

const REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';
const anyBody = z.unknown();

function url(path: string, filter?: string): string {
  return filter ? `${path}?$filter=${encodeURIComponent(filter)}` : path;
}

export async function enrichRequest(
  client: Client,
  requestOrId: ScheduleRequest | string,
  caches: EnrichCaches,
  options: EnrichOptions = {},
): Promise<TriageContext> {
  const request = typeof requestOrId === 'string' ? await getRequest(client, requestOrId) : requestOrId;
  const userId = request.principalId;
  const roleId = request.roleDefinitionId;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.lookbackDays ?? 30) * 86_400_000);

  const cachedRole = caches.roleDefinitions.get(roleId);
  const cachedPolicy = caches.policies.get(roleId);
  const steps: BatchStep[] = [
    { id: 'user', url: userUrl(userId) },
    { id: 'mailbox', url: mailboxSettingsUrl(userId) },
    { id: 'eligibility', url: url('/roleManagement/directory/roleEligibilitySchedules', `principalId eq ${quote(userId)}`) },
    { id: 'history', url: url(REQUESTS, `principalId eq ${quote(userId)}`) },
    { id: 'audits', url: url('/auditLogs/directoryAudits', directoryAuditsFilter({ since, until: now, initiatedByUserId: userId })) },
    { id: 'signIns', url: url('/auditLogs/signIns', signInsFilter({ since, until: now, userId })) },
    { id: 'risky', url: url('/identityProtection/riskyUsers', `id eq ${quote(userId)}`) },
  ];
  if (!cachedRole) steps.push({ id: 'role', url: `/roleManagement/directory/roleDefinitions/${seg(roleId)}` });
  if (!cachedPolicy) steps.push({ id: 'policy', url: policyAssignmentUrl(roleId) });
  const out = await batch(client, steps);

  const roleDefinition = cachedRole ? await cachedRole : outcomeBody<RoleDefinition>(out.get('role'), roleDefinitionSchema, 'role definition');
  const policyAssignment = cachedPolicy ? await cachedPolicy : policyAssignmentFrom(bodyOf(out.get('policy')), roleId);
  if (!cachedRole) caches.roleDefinitions.set(roleId, Promise.resolve(roleDefinition));
  if (!cachedPolicy) caches.policies.set(roleId, Promise.resolve(policyAssignment));

  const gaps: TriageContext['gaps'] = [];
  const optional = async <T>(part: string, fallback: T, read: () => T | Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      gaps.push({ part, error: toPimError(err) });
      return fallback;
    }
  };
  const list = <T>(part: string, schema: z.ZodTypeAny, what: string, limit?: number, map?: (t: T) => T) =>
    optional<T[]>(part, [], () => listAll<T>(client, readPage(bodyOf(out.get(part)), what), { schema, what, limit, map }));

  const [mailboxSettings, eligibility, history, audits, signIns, risky] = await Promise.all([
    optional<MailboxSettings | null>('mailbox', null, () => outcomeBody<MailboxSettings>(out.get('mailbox'), mailboxSettingsSchema, 'mailbox settings')),
    list<EligibilitySchedule>('eligibility', eligibilityScheduleSchema, 'role eligibility schedule'),
    list<ScheduleRequest>('history', scheduleRequestSchema, 'role assignment schedule request', options.historyLimit ?? 500, (r) => {
      r.action = camelFirst(r.action);
      return r;
    }),
    list<DirectoryAudit>('audits', directoryAuditSchema, 'directory audit', options.auditLimit ?? 500),
    list<SignIn>('signIns', signInSchema, 'sign-in', options.signInLimit ?? 500),
    list<RiskyUser>('risky', riskyUserSchema, 'risky user', 1),
  ]);

  return {
    request,
    requester: outcomeBody<User>(out.get('user'), userSchema, 'user'),
    mailboxSettings,
    roleDefinition,
    policyAssignment,
    policy: summarizePolicy(policyAssignment),
    eligibility,
    history,
    audits,
    signIns,
    riskyUser: risky[0] ?? null,
    gaps,
  };
}

/** A successful step's raw body; a failed one throws its typed error. */
function bodyOf(outcome: BatchOutcome | undefined): unknown {
  return outcomeBody<unknown>(outcome, anyBody, 'batch step');
}
