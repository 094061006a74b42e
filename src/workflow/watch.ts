/**
 * Watch: follows every open request in PIM (app token). A request cancelled, expired, timed out
 * or decided in the portal is closed and its cards rewritten; one still waiting past the silence
 * setting is escalated; cards that failed to go out are tried again.
 */
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import { isPassing, NotFoundError, type DirectoryAudit, type ScheduleRequest } from '../pim/index.js';
import type { JobQueue } from '../store/jobs.js';
import { personActor, PIM_ACTOR } from './actors.js';
import type { Delivery } from './delivery.js';
import { JOBS } from './jobs.js';
import { APPROVAL_WINDOW_MS, isPending, outcomeOfStatus, type Reviewer } from './outcome.js';
import type { WorkflowRequest, WorkflowStore } from './store.js';

const BATCH = 100;
/** A claim whose PATCH never came back (the instance died) is given up after this long. */
const STALE_CLAIM_MS = 5 * 60_000;
const DECIDED_IN_PORTAL = /^add member to role request (approved|denied)/i;

export interface WatchOptions {
  config: Config;
  graph: GraphWiring;
  store: WorkflowStore;
  delivery: Delivery;
  trail: AuditTrail;
  jobs: JobQueue;
  log: Logger;
  now: () => Date;
  /** False once the service is shutting down: the round stops between requests. */
  running?: () => boolean;
}

export interface WatchReport {
  open: number;
  closed: number;
  escalated: number;
}

export async function watchOpen(o: WatchOptions): Promise<WatchReport> {
  const report: WatchReport = { open: 0, closed: 0, escalated: 0 };
  for (const req of await o.store.open(BATCH)) {
    if (o.running && !o.running()) break;
    report.open += 1;
    try {
      const result = await watchOne(o, req);
      if (result === 'closed') report.closed += 1;
      if (result === 'escalated') report.escalated += 1;
    } catch (err) {
      o.log.warn({ err, requestId: req.requestId }, 'could not check a request; next round tries again');
    }
  }
  return report;
}

async function watchOne(o: WatchOptions, req: WorkflowRequest): Promise<'open' | 'closed' | 'escalated'> {
  const now = o.now();
  let request: ScheduleRequest | undefined;
  try {
    request = await o.graph.pim.getRequest(req.requestId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const status = request?.status ?? 'Expired';
  if (isPending(status)) {
    const created = new Date(request?.createdDateTime ?? req.view?.createdDateTime ?? now).getTime();
    if (now.getTime() - created < APPROVAL_WINDOW_MS) {
      await releaseStaleClaim(o, req, now);
      if (req.mode !== 'observe') {
        await o.delivery.approvalCards(req, req.approvers);
        // Cards sent here after a triage that stopped short of recording it: escalation counts from now.
        if (!req.deliveredAt) await o.store.delivered(req.requestId, now);
      }
      return (await escalateIfDue(o, req, now)) ? 'escalated' : 'open';
    }
    return close(o, req, 'TimedOut', now);
  }
  return close(o, req, status, now, request);
}

async function close(o: WatchOptions, req: WorkflowRequest, status: string, now: Date, request?: ScheduleRequest): Promise<'closed'> {
  const decision = await o.store.decision(req.requestId);
  const ours = decision && decision.state !== 'elsewhere';
  const reviewer = ours ? undefined : await reviewerInAudits(o, req, request);
  const outcome = outcomeOfStatus(status, now, decision, reviewer);
  if (await o.store.close(req.requestId, outcome, now)) {
    if (decision?.state === 'claimed') await o.store.decided(req.requestId, outcome.state === 'elsewhere' ? 'elsewhere' : 'done', now);
    const event = outcome.state === 'cancelled' ? 'canceled' : outcome.state === 'approved' || outcome.verdict === 'approve' ? 'approved' : outcome.state === 'denied' || outcome.verdict === 'deny' ? 'denied' : 'expired';
    const base = { traceId: req.traceId, requestId: req.requestId };
    await o.trail.append({
      ...base,
      kind: 'pim.event',
      actor: PIM_ACTOR,
      output: { event, source: 'status', principalId: req.principalId ?? '', roleDefinitionId: req.roleDefinitionId ?? '', roleName: req.view?.role.name, status },
    });
    if (outcome.state === 'elsewhere' && outcome.verdict && reviewer?.id) {
      await o.trail.append({ ...base, kind: 'decision.human', actor: personActor(reviewer.id, reviewer.name), output: { decision: outcome.verdict, via: 'portal', approvalId: req.approvalId, decidedAt: request?.completedDateTime ?? undefined } });
    }
    o.log.info({ requestId: req.requestId, outcome: outcome.state }, 'request settled outside the cards; rewriting them');
  }
  await o.jobs.sendOnce(JOBS.cards, `${req.requestId}:closed`, { requestId: req.requestId });
  return 'closed';
}

/** Who approved or denied in the portal: PIM's own audit event of the decision names them. */
async function reviewerInAudits(o: WatchOptions, req: WorkflowRequest, request?: ScheduleRequest): Promise<Reviewer | undefined> {
  const since = request?.createdDateTime ?? req.view?.createdDateTime;
  if (!since) return undefined;
  // A passing failure throws: the request stays open and the next round asks again, rather than
  // closing it for good without the name of who decided. One that would never pass (no
  // AuditLog.Read) closes it without the name.
  const audits: DirectoryAudit[] = await o.graph.pim.listDirectoryAudits({ since, category: 'RoleManagement', limit: 500 }).catch((err: unknown) => {
    if (isPassing(err)) throw err;
    o.log.warn({ err, requestId: req.requestId }, 'the audit log is not readable; who decided in the portal goes unnamed');
    return [];
  });
  const event = audits.find((a) => DECIDED_IN_PORTAL.test(a.activityDisplayName) && a.additionalDetails?.some((d) => d.key === 'RoleAssignmentRequestId' && d.value === req.requestId));
  const user = event?.initiatedBy?.user;
  return user ? { id: user.id ?? undefined, name: user.displayName ?? user.userPrincipalName ?? undefined } : undefined;
}

async function releaseStaleClaim(o: WatchOptions, req: WorkflowRequest, now: Date): Promise<void> {
  const d = await o.store.decision(req.requestId);
  // A claim whose PATCH never came back, or a 409 ("decided elsewhere") while PIM still shows the
  // request waiting: either way PIM waits, so the cards must be able to decide again.
  if ((d?.state === 'claimed' || d?.state === 'elsewhere') && now.getTime() - d.claimedAt.getTime() > STALE_CLAIM_MS) {
    o.log.warn({ requestId: req.requestId, actorId: d.actorId, state: d.state }, 'a decision never reached PIM and PIM still waits; releasing it');
    await o.store.release(req.requestId, d.actorId, d.state);
  }
}

/** After the configured silence: the policy's escalation approvers, else the escalation channel. */
async function escalateIfDue(o: WatchOptions, req: WorkflowRequest, now: Date): Promise<boolean> {
  const afterMs = o.config.workflow.escalationAfterMinutes * 60_000;
  if (req.mode === 'observe' || req.escalatedAt || !req.deliveredAt || now.getTime() - req.deliveredAt.getTime() < afterMs) return false;
  const channel = o.config.workflow.escalationChannelId;
  if (req.escalationApprovers.length === 0 && !channel) return false;
  if (!(await o.store.escalated(req.requestId, now))) return false;
  const notice = `Escalated: no approver decided within ${o.config.workflow.escalationAfterMinutes} minutes.`;
  const escalatedReq = { ...req, escalatedAt: now };
  if (req.escalationApprovers.length > 0) await o.delivery.approvalCards(escalatedReq, req.escalationApprovers, 'escalation', notice);
  else if (channel) await o.delivery.channelCard(escalatedReq, channel, notice);
  o.log.info({ requestId: req.requestId, to: req.escalationApprovers.length > 0 ? 'escalation approvers' : 'channel' }, 'request escalated');
  return true;
}
