/**
 * One request from claim to cards: claim it (once, whichever instance), enrich, score, record the
 * analysis in the audit trail before anyone sees it, then act on the role's rollout mode: observe
 * (nothing more), assist (cards), auto (the automation approver, or cards when it may not).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import { approvalView, type Outcome } from '../cards/index.js';
import type { Config } from '../config.js';
import { createChatClient } from '../llm/client.js';
import { chatEndpoint } from '../llm/endpoint.js';
import { withModelReading } from '../llm/triage-reading.js';
import type { ScheduleRequest } from '../pim/index.js';
import { withTicketFacts, type TicketChecker } from '../tickets/index.js';
import { triage, type Analysis, type TriageContext } from '../triage/index.js';
import { SERVICE_ACTOR } from './actors.js';
import type { AutoApprover } from './auto-approve.js';
import type { LiveContextSource } from './context.js';
import type { Delivery } from './delivery.js';
import { isPending, outcomeOfStatus } from './outcome.js';
import { configuredModeOf, rolloutModeOf } from './rollout.js';
import { routeOf } from './routing.js';
import type { WorkflowStore } from './store.js';

/** The model's reading must not hold the cards up for long. */
const LLM_TIMEOUT_MS = 4_000;

export type Source = 'poll' | 'webhook' | 'bot';

export interface TriageStepOptions {
  config: Config;
  store: WorkflowStore;
  context: LiveContextSource;
  delivery: Delivery;
  auto: AutoApprover;
  trail: AuditTrail;
  log: Logger;
  now: () => Date;
  /** Checks the cited ticket in ServiceNow or Jira (bounded by its timeout) before scoring. */
  tickets?: TicketChecker;
}

export type TriageResult = 'skipped' | 'closed' | 'observed' | 'auto-approved' | 'delivered';

/** The request passed to another instance (this triage outlived its lease) before its analysis was acted on. */
class ClaimLost extends Error {
  constructor() {
    super('the triage claim passed to another instance; this analysis was not acted on');
  }
}

export class TriageStep {
  private readonly reader;

  constructor(private readonly o: TriageStepOptions) {
    const endpoint = chatEndpoint(o.config.llm);
    this.reader = endpoint ? createChatClient(endpoint, { timeoutMs: LLM_TIMEOUT_MS }) : undefined;
  }

  /** Pass the request as listed when there is one (saves a GET); throws so a job retries. */
  async run(requestOrId: ScheduleRequest | string, source: Source): Promise<TriageResult> {
    const requestId = typeof requestOrId === 'string' ? requestOrId : requestOrId.id;
    // The claim holds as long as the triage job: once it lapses (the instance died) another may take it.
    const claim = await this.o.store.claimForTriage(requestId, source, randomUUID(), this.o.config.jobs.triageTimeoutSeconds * 1000);
    if (!claim) return 'skipped';
    const log = this.o.log.child({ requestId, traceId: claim.traceId });
    try {
      const now = this.o.now();
      const live = await this.o.context.build(requestOrId, now);
      const request = live.graph.request;
      if (!isPending(request.status)) {
        // Settled before we saw it (decided in the portal, cancelled): nothing to route.
        await this.o.store.close(requestId, outcomeOfStatus(request.status, now) as Outcome, now);
        return 'closed';
      }
      if (claim.attempts === 1) {
        await this.o.trail.append({
          kind: 'pim.event',
          traceId: claim.traceId,
          requestId,
          actor: { type: 'user', id: request.principalId, name: live.graph.requester.displayName ?? undefined },
          output: {
            event: 'requested',
            source: source === 'poll' ? 'poll' : source,
            principalId: request.principalId,
            principalName: live.graph.requester.displayName ?? undefined,
            principalUpn: live.graph.requester.userPrincipalName ?? undefined,
            roleDefinitionId: request.roleDefinitionId,
            roleName: live.graph.roleDefinition.displayName,
            justification: request.justification ?? undefined,
            ticketNumber: request.ticketInfo?.ticketNumber ?? undefined,
            duration: request.scheduleInfo?.expiration?.duration ?? undefined,
            createdDateTime: request.createdDateTime,
            status: request.status,
          },
        });
      }
      const analysis = await this.score(live.context, live.baseline, now);
      const mode = rolloutModeOf(this.o.config.workflow.rollout, analysis.role);
      const route = routeOf(analysis, live.approvers, request.principalId);
      const view = approvalView({ request, requester: live.graph.requester, analysis, approverJustificationRequired: live.graph.policy.approverJustificationRequired });
      const triaged = {
        principalId: request.principalId,
        roleDefinitionId: request.roleDefinitionId,
        approvalId: request.approvalId ?? request.id,
        mode,
        view,
        approvers: route.approvers,
        escalationApprovers: route.escalationApprovers,
      };
      // A triage that ran past its lease may have been taken over: the other instance's analysis stands.
      if (!(await this.o.store.holdsClaim(requestId, claim.attempts))) {
        log.warn('another instance took this request over while it was being triaged; its analysis stands');
        return 'skipped';
      }
      // Record before acting: nobody sees a card whose analysis is not in the trail.
      await this.o.trail.record(
        { kind: 'triage.analysis', traceId: claim.traceId, requestId, actor: SERVICE_ACTOR, modelVersion: analysis.modelVersion, inputs: live.context, output: analysis },
        async () => {
          if (!(await this.o.store.opened(requestId, triaged, claim.attempts))) throw new ClaimLost();
        },
      );
      log.info({ mode, riskScore: analysis.riskScore, band: analysis.riskBand, approvers: route.approvers.length }, 'request triaged');
      if (mode === 'observe') return 'observed';

      const req = { ...claim, ...triaged, state: 'open' as const };
      if (mode !== 'auto' && configuredModeOf(this.o.config.workflow.rollout, analysis.role) === 'auto') {
        // Said once, where auditors look: the settings asked for auto mode and the tier-0 rule overrode them.
        await this.o.trail.append({
          kind: 'refusal',
          traceId: claim.traceId,
          requestId,
          actor: SERVICE_ACTOR,
          output: { reason: 'tier-0', detail: `${analysis.role.displayName} is a tier-0 role: auto mode never applies to it, whatever the settings say`, verb: 'auto-approve' },
        });
      }
      if (mode === 'auto') {
        const auto = await this.o.auto.tryApprove(req, analysis);
        if (auto.approved) {
          await this.o.delivery.tellRequester({ ...req, state: 'closed', outcome: auto.outcome });
          return 'auto-approved';
        }
        if (auto.reason === 'decided-elsewhere' || auto.reason === 'already-claimed') return 'delivered';
      }
      if (route.approvers.length === 0) log.warn('the policy names no approver the bot can reach; nobody gets a card');
      await this.o.delivery.approvalCards(req, route.approvers);
      await this.o.store.delivered(requestId, now);
      return 'delivered';
    } catch (err) {
      // Taken over at the last moment: the trail says this analysis was not acted on, and the other stands.
      if (err instanceof ClaimLost) return 'skipped';
      await this.o.store.failed(requestId, claim.attempts);
      throw err;
    }
  }

  private async score(context: TriageContext, baseline: Parameters<typeof triage>[1], now: Date): Promise<Analysis> {
    const analysis = triage(await withTicketFacts(context, this.o.tickets), baseline, now);
    return this.reader ? withModelReading(analysis, context, this.reader, { timeoutMs: LLM_TIMEOUT_MS }) : analysis;
  }
}
