/**
 * Enrich: what triage needs about one live request, in two Graph round trips once warm. The first
 * is the gateway's `$batch` (requester, mailbox, eligibility, history, audits, sign-ins, risk, role,
 * policy); the second a `$batch` of the approver groups' members, the role's other holders and
 * everyone's presence. Group members and role holders are cached for a few minutes; a cold group
 * costs one more call for its members' presence. Learned history and baselines come from the database.
 */
import type { Logger } from 'pino';
import type { GraphWiring } from '../graph-wiring.js';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { batch, isPassing, listAll, outcomeBody, schemas, type Page, type BatchStep, type DirectoryObject, type Presence, type ScheduleRequest, type TriageContext as GraphContext } from '../pim/index.js';
import type { Database } from '../store/db.js';
import {
  activationRecords,
  BaselineStore,
  countRoleHolders,
  learnBaseline,
  readPolicy,
  type ActivationRecord,
  type ApproverCandidate,
  type ApproverSubject,
  type Baseline,
  type RoleHolder,
  type TriageContext,
} from '../triage/index.js';
import { z } from 'zod/v4';

const CACHE_MS = 5 * 60_000;
const BREAK_GLASS = /break[\s-]?glass|emergency[\s-]?(access|admin|account)|\bbg[-_ ]?admin\b/i;
const REQUESTED = /^add member to role requested/i;
const REQUESTER_FIELDS = 'id,displayName,userPrincipalName,department,jobTitle,createdDateTime,accountEnabled';
/** The gateway's optional parts, as an approver would name what was not checked. */
const PART_WORDS: Record<string, string> = {
  mailbox: "the requester's time zone",
  eligibility: "the requester's eligibility",
  history: "the requester's earlier requests",
  audits: "the requester's recent directory activity",
  signIns: "the requester's recent sign-ins",
  risky: "Identity Protection's risk state",
};

export interface LiveContext {
  /** Triage's input. */
  context: TriageContext;
  /** What Graph said, for the card and routing. */
  graph: GraphContext;
  baseline: Baseline;
  /** Primary and escalation approvers, expanded to user ids (requester included; routing removes them). */
  approvers: ApproverCandidate[];
}

interface Member {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
}

class Cache<V> {
  private readonly items = new Map<string, { at: number; value: V }>();
  get(key: string): V | undefined {
    const hit = this.items.get(key);
    if (!hit || Date.now() - hit.at > CACHE_MS) return undefined;
    return hit.value;
  }
  set(key: string, value: V): void {
    this.items.set(key, { at: Date.now(), value });
  }
}

const pageOf = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });
const list = <T>(outcome: Parameters<typeof outcomeBody>[0], what: string): T[] => outcomeBody<{ value: T[] }>(outcome, pageOf, what).value;

/** An approver group Graph would not list: routing without it would leave its approvers without a card. */
export class ApproversUnknownError extends Error {
  constructor(
    readonly groupId: string,
    cause: unknown,
  ) {
    super(`Graph did not list the members of approver group ${groupId}; the triage is tried again`, { cause });
    this.name = 'ApproversUnknownError';
  }
}

export interface ContextOptions {
  graph: GraphWiring;
  db: Database;
  log: Logger;
}

export class LiveContextSource {
  private readonly members = new Cache<Member[]>();
  private readonly holders = new Cache<RoleHolder[]>();

  constructor(private readonly o: ContextOptions) {}

  /** Pass the request as listed when there is one: an id alone costs one more GET. */
  async build(requestOrId: ScheduleRequest | string, now: Date): Promise<LiveContext> {
    const { pim } = this.o.graph;
    const graph = await pim.enrichRequest(requestOrId, { now });
    const { request, requester } = graph;
    const roleId = request.roleDefinitionId;
    const { policy, approvers: subjects } = readPolicy(graph.policyAssignment.policy.rules as Parameters<typeof readPolicy>[0]);

    // Second round trip: group members and role holders not in the cache, presence of everyone known.
    const groupIds = [...new Set(subjects.map((s) => s.subject).filter((s) => kind(s) === 'group' && s.groupId).map((s) => s.groupId!))];
    const coldGroups = groupIds.filter((g) => !this.members.get(g));
    const knownIds = new Set<string>();
    for (const s of subjects) {
      if (kind(s.subject) === 'user' && s.subject.userId) knownIds.add(s.subject.userId);
      if (kind(s.subject) === 'manager' && requester.manager?.id) knownIds.add(requester.manager.id);
    }
    for (const g of groupIds) for (const m of this.members.get(g) ?? []) knownIds.add(m.id);
    // The gateway reads the requester with Graph's default properties, which leave out department and account facts.
    const steps: BatchStep[] = [{ id: 'requester', url: `/users/${encodeURIComponent(requester.id)}?$select=${REQUESTER_FIELDS}` }];
    steps.push(...coldGroups.map((g, i) => ({ id: `group${i}`, url: `/groups/${encodeURIComponent(g)}/members?$select=id,displayName,userPrincipalName` })));
    const holdersCold = !this.holders.get(roleId);
    if (holdersCold) steps.push({ id: 'holders', url: `/roleManagement/directory/roleEligibilitySchedules?$filter=${encodeURIComponent(`roleDefinitionId eq '${roleId}'`)}&$expand=principal` });
    if (knownIds.size > 0) steps.push({ id: 'presence', method: 'POST', url: '/communications/getPresencesByUserId', body: { ids: [...knownIds] }, readOnly: true });
    const out = await batch(pim.app, steps);
    const unchecked: string[] = [];
    for (const { part, error } of graph.gaps) {
      this.gap(error, part);
      // No mailbox at all (404 without a licence) is a fact, not a gap: that person's hours are read in UTC.
      if (part === 'mailbox' && !isPassing(error)) continue;
      unchecked.push(PART_WORDS[part] ?? part);
    }
    try {
      Object.assign(requester, outcomeBody<Partial<typeof requester>>(out.get('requester'), schemas.userSchema.partial(), 'requester'));
    } catch (err) {
      this.gap(err, 'requester department');
      unchecked.push("the requester's department and account state");
    }

    for (const [i, g] of coldGroups.entries()) {
      let page: DirectoryObject[];
      try {
        // A big group comes in pages: the rest follow its nextLink.
        page = await listAll<DirectoryObject>(pim.app, outcomeBody<Page>(out.get(`group${i}`), pageOf, 'group members'), { what: 'group member' });
      } catch (err) {
        // A passing failure would route the request past the group's approvers: fail so the triage
        // is tried again. One that will not pass (a deleted group, no permission to read it) leaves
        // the group out, not cached, and the approvers the bot can reach still get their cards.
        if (isPassing(err)) throw new ApproversUnknownError(g, err);
        this.gap(err, `members of approver group ${g}`);
        continue;
      }
      const users = page
        .filter((m) => !m['@odata.type'] || m['@odata.type'].toLowerCase().endsWith('user'))
        .map((m) => ({ id: m.id, displayName: m.displayName ?? undefined, userPrincipalName: m.userPrincipalName ?? undefined }));
      this.members.set(g, users);
    }
    if (holdersCold) {
      try {
        const first = outcomeBody<Page>(out.get('holders'), pageOf, 'role eligibility');
        const schedules = await listAll<{ principalId: string; principal?: { department?: string | null; '@odata.type'?: string } | null }>(pim.app, first, { what: 'role eligibility' });
        this.holders.set(
          roleId,
          schedules.filter((s) => !s.principal?.['@odata.type'] || s.principal['@odata.type'].endsWith('user')).map((s) => ({ principalId: s.principalId, department: s.principal?.department ?? undefined })),
        );
      } catch (err) {
        // Not cached: the next request of this role asks again.
        this.gap(err, `holders of role ${roleId}`);
        unchecked.push('who else holds the role');
      }
    }
    const presences = new Map<string, Presence>();
    for (const p of this.read<Presence>(() => (out.has('presence') ? list(out.get('presence'), 'presence') : []), 'presence')) presences.set(p.id, p);
    const late = groupIds.flatMap((g) => this.members.get(g) ?? []).map((m) => m.id).filter((id) => !knownIds.has(id));
    if (late.length > 0) {
      // Groups that were cold: their members' presence is a third call (only until the cache is warm).
      for (const p of await pim.getPresences([...new Set(late)]).catch((err: unknown) => this.gap(err, 'presence'))) presences.set(p.id, p);
    }

    const approvers = this.candidates(subjects, requester.manager?.id ?? undefined, presences);
    const store = new BaselineStore(this.o.db);
    const [stored, baseline] = await Promise.all([store.historyFor(requester.id, roleId, now), store.loadFor(requester.id, roleId)]);

    return {
      graph,
      baseline: baseline ?? learnBaseline([], now),
      approvers,
      context: {
        request: {
          id: request.id,
          principalId: request.principalId,
          roleDefinitionId: roleId,
          justification: request.justification ?? '',
          ticketNumber: request.ticketInfo?.ticketNumber ?? undefined,
          ticketSystem: request.ticketInfo?.ticketSystem ?? undefined,
          createdDateTime: request.createdDateTime,
          duration: request.scheduleInfo?.expiration?.duration ?? undefined,
          directoryScopeId: request.directoryScopeId ?? undefined,
        },
        requester: {
          id: requester.id,
          displayName: requester.displayName ?? undefined,
          userPrincipalName: requester.userPrincipalName ?? undefined,
          department: requester.department ?? undefined,
          jobTitle: requester.jobTitle ?? undefined,
          createdDateTime: requester.createdDateTime ?? undefined,
          timeZone: graph.mailboxSettings?.timeZone ?? undefined,
          managerId: requester.manager?.id ?? undefined,
          accountEnabled: requester.accountEnabled ?? undefined,
        },
        role: {
          id: roleId,
          displayName: graph.roleDefinition.displayName,
          templateId: graph.roleDefinition.templateId ?? undefined,
          isPrivileged: (graph.roleDefinition as { isPrivileged?: boolean }).isPrivileged,
        },
        policy,
        eligibility: eligibilityOf(graph),
        history: mergeHistory(stored, graph, now),
        signIns: graph.signIns
          .filter((s) => new Date(s.createdDateTime) <= now)
          .map((s) => ({
            createdDateTime: s.createdDateTime,
            ipAddress: s.ipAddress ?? undefined,
            city: s.location?.city ?? undefined,
            countryOrRegion: s.location?.countryOrRegion ?? undefined,
            riskLevel: s.riskLevelDuringSignIn ?? undefined,
            succeeded: s.status?.errorCode === 0,
          })),
        riskyUser: graph.riskyUser
          ? {
              riskLevel: graph.riskyUser.riskLevel ?? undefined,
              riskState: graph.riskyUser.riskState ?? undefined,
              riskDetail: graph.riskyUser.riskDetail ?? undefined,
              riskLastUpdatedDateTime: graph.riskyUser.riskLastUpdatedDateTime ?? undefined,
            }
          : undefined,
        breakGlass: [requester.displayName, requester.userPrincipalName, requester.jobTitle].find((s) => s && BREAK_GLASS.test(s)) ? 'named as an emergency access account' : undefined,
        approvers,
        roleHolders: countRoleHolders(this.holders.get(roleId) ?? [], requester.id),
        requestedFromIp: requestedFromIp(graph),
        ...(unchecked.length ? { unchecked } : {}),
      },
    };
  }

  private candidates(subjects: ReadonlyArray<{ subject: ApproverSubject; escalation: boolean }>, managerId: string | undefined, presences: Map<string, Presence>): ApproverCandidate[] {
    const out: ApproverCandidate[] = [];
    const add = (m: Member, via: string, escalation: boolean) => {
      const p = presences.get(m.id);
      out.push({
        id: m.id,
        userPrincipalName: m.userPrincipalName,
        displayName: m.displayName,
        via,
        escalation: escalation || undefined,
        availability: p?.availability,
        outOfOffice: p?.outOfOfficeSettings?.isOutOfOffice === true || p?.activity === 'OutOfOffice',
      });
    };
    for (const { subject, escalation } of subjects) {
      const suffix = escalation ? ' (escalation)' : '';
      const k = kind(subject);
      if (k === 'user' && subject.userId) add({ id: subject.userId }, `named approver${suffix}`, escalation);
      else if (k === 'manager' && managerId) add({ id: managerId }, `requester's manager${suffix}`, escalation);
      else if (k === 'group' && subject.groupId) {
        for (const m of this.members.get(subject.groupId) ?? []) add(m, `${subject.description ?? 'approver group'}${suffix}`, escalation);
      }
    }
    return out;
  }

  /** A part Graph would not give is logged and left out; triage works with what there is. */
  private read<T>(fn: () => T[], what: string): T[] {
    try {
      return fn();
    } catch (err) {
      return this.gap(err, what);
    }
  }

  private gap(err: unknown, what: string): never[] {
    this.o.log.warn({ err, what }, 'triage context: Graph did not give a part; going on without it');
    return [];
  }
}

function kind(s: ApproverSubject): 'user' | 'group' | 'manager' | 'other' {
  const t = (s['@odata.type'] ?? '').toLowerCase();
  if (t.endsWith('singleuser')) return 'user';
  if (t.endsWith('groupmembers')) return 'group';
  if (t.endsWith('requestormanager')) return 'manager';
  return 'other';
}

function eligibilityOf(graph: GraphContext) {
  const mine = graph.eligibility.find((e) => e.roleDefinitionId.toLowerCase() === graph.request.roleDefinitionId.toLowerCase());
  if (!mine) return undefined;
  return {
    createdDateTime: mine.createdDateTime ?? undefined,
    startDateTime: mine.scheduleInfo?.startDateTime ?? undefined,
    endDateTime: mine.scheduleInfo?.expiration?.endDateTime ?? undefined,
    memberType: mine.memberType ?? undefined,
  };
}

/**
 * The learned history (with reviewers) plus what Graph shows that learning has not seen yet (the
 * requester's requests since the last learn), never the request under triage itself.
 */
function mergeHistory(stored: ActivationRecord[], graph: GraphContext, now: Date): ActivationRecord[] {
  const requester = { ...graph.requester, mailboxSettings: graph.mailboxSettings ?? undefined } as Graph.User;
  // The gateway's checked shapes are Graph's with some fields made definite; the converter reads Graph's.
  const fresh = activationRecords({
    requests: graph.history as unknown as Graph.UnifiedRoleAssignmentScheduleRequest[],
    approvals: [],
    directoryAudits: graph.audits as unknown as Graph.DirectoryAudit[],
    users: [requester],
  });
  const byId = new Map<string, ActivationRecord>();
  for (const r of fresh) byId.set(r.requestId, r);
  for (const r of stored) byId.set(r.requestId, r);
  byId.delete(graph.request.id);
  return [...byId.values()].filter((r) => new Date(r.createdDateTime) <= now).sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
}

function requestedFromIp(graph: GraphContext): string | undefined {
  for (const a of graph.audits) {
    if (!REQUESTED.test(a.activityDisplayName)) continue;
    if (!a.additionalDetails?.some((d) => d.key === 'RoleAssignmentRequestId' && d.value === graph.request.id)) continue;
    const ip = (a.initiatedBy?.user as { ipAddress?: string | null } | null | undefined)?.ipAddress;
    if (ip) return ip;
  }
  return undefined;
}

