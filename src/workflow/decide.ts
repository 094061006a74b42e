/**
 * Decide: Approve or Deny from a card. The actor is the verified Teams sender, never a value in the
 * card's data; the data must name the request and approver of the very copy that was clicked. The
 * actor must be an approver of the request and not its requester. The decision is claimed in the
 * database first, so a double click or two approvers at once make exactly one PATCH, which runs
 * with the actor's own delegated token; Graph's 409 means someone decided elsewhere first.
 */
import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import type { UserGraph } from '../bot/user-graph.js';
import { approvalCard, type CardJson, type Outcome } from '../cards/index.js';
import { AlreadyDecidedError, GraphTimeoutError, NetworkError, PimError, reviewedStep } from '../pim/index.js';
import type { JobQueue } from '../store/jobs.js';
import { personActor } from './actors.js';
import { JOBS } from './jobs.js';
import type { CardMessage, WorkflowRequest, WorkflowStore } from './store.js';

export type Verdict = 'approve' | 'deny';

/** An invoke must be answered within about five seconds; PIM gets most of that. */
const PATCH_DEADLINE_MS = 4_000;

export interface DeciderOptions {
  store: WorkflowStore;
  trail: AuditTrail;
  userGraph: UserGraph;
  jobs: JobQueue;
  log: Logger;
  now: () => Date;
  /** The Entra tenant the bot serves; actions from any other tenant's Teams are refused. */
  tenantId?: string;
}

interface CardData {
  requestId?: unknown;
  approverId?: unknown;
  comment?: unknown;
}

export class Decider {
  constructor(private readonly o: DeciderOptions) {}

  /**
   * Handles one click. Returns the card the clicked copy should show now, or a sentence when
   * there is no card to show (the action was refused).
   */
  async decide(context: TurnContext, verdict: Verdict, data: CardData, authTokens?: Record<string, string | undefined>): Promise<CardJson | string> {
    const actorId = context.activity.from?.aadObjectId;
    const actorName = context.activity.from?.name || undefined;
    const activityId = context.activity.replyToId === undefined ? undefined : shown(context.activity.replyToId);
    // What the card's data says is the sender's to choose: bounded and printable before it is logged or kept.
    const requestId = typeof data?.requestId === 'string' ? shown(data.requestId) : '';
    const claimedApprover = typeof data?.approverId === 'string' ? shown(data.approverId) : '';
    const comment = typeof data?.comment === 'string' ? data.comment.trim().slice(0, 500) : '';
    const log = this.o.log.child({ requestId, actorId, verb: verdict });

    if (!actorId) {
      const account = String(context.activity.from?.id ?? '(none)').slice(0, 100);
      log.warn({ account, activityId }, 'card action refused: no Entra user id');
      await this.o.trail.append({ kind: 'refusal', traceId: `card-action:${activityId ?? 'unknown'}`, requestId: null, actor: { type: 'user', id: 'unknown' }, output: { reason: 'unknown-actor', detail: `the action carries no Entra user id (Teams account ${account})`, verb: verdict } });
      return 'I could not tell who you are: this action carries no Entra user id, so nothing was changed. The attempt is logged.';
    }
    const copy = activityId ? await this.o.store.cardByActivity(activityId, context.activity.conversation?.id) : undefined;
    const req = copy ? await this.o.store.request(copy.requestId) : undefined;
    const traceId = req?.traceId ?? `card-action:${activityId ?? 'unknown'}`;
    const actor = personActor(actorId, actorName);
    await this.o.trail.append({ kind: 'card.action', traceId, requestId: req?.requestId ?? null, actor, output: { verb: verdict, activityId, dataDigest: digest(data) } });

    const refuse = async (reason: string, detail: string, answer: string) => {
      log.warn({ reason, detail, activityId }, 'card action refused');
      await this.o.trail.append({ kind: 'refusal', traceId, requestId: req?.requestId ?? null, actor, output: { reason, detail, verb: verdict } });
      return answer;
    };

    const tenant = this.wrongTenant(context);
    if (tenant) return refuse('wrong-tenant', tenant, 'This action came from outside the organisation this bot serves, so I did nothing. The attempt is logged.');
    if (!copy || !req?.view) return refuse('forged-action', `the action came from activity ${activityId ?? '(none)'}, which is not an approval card the bot sent`, 'This is not an approval card I sent, so I did nothing.');
    if (requestId !== copy.requestId) {
      return refuse('forged-action', `the card's data names request ${requestId || '(none)'} but the card is for ${copy.requestId}`, 'This card’s data does not match the request it was sent for, so I did nothing. The attempt is logged.');
    }
    // The requester is refused as such, whichever copy they got hold of.
    if (same(actorId, req.principalId)) {
      return refuse('self-approval', 'the requester tried to decide their own request', 'You cannot approve or deny your own request; PIM does not allow it either. The attempt is logged.');
    }
    if (forgedApprover(copy, claimedApprover, actorId)) {
      return refuse('forged-action', `the card's data names approver ${claimedApprover || '(none)'}; the card went to ${copy.recipientId} and ${actorId} clicked it`, 'This card was sent to another approver, so I did nothing. The attempt is logged.');
    }
    const view = req.view;
    const mine = { approverId: copy.recipientId.startsWith('channel:') ? undefined : copy.recipientId };

    if (req.state === 'closed' && req.outcome) {
      await this.o.trail.append({ kind: 'refusal', traceId, requestId: req.requestId, actor, output: { reason: 'already-decided', detail: `the request is already ${req.outcome.state}`, verb: verdict } });
      return approvalCard(view, { ...mine, outcome: req.outcome });
    }
    if (!this.mayDecide(req, actorId)) {
      await refuse('not-approver', `${actorId} is not an approver of ${req.requestId}`, '');
      return approvalCard(view, { ...mine, notice: 'You are not an approver for this role, so I did nothing.' });
    }
    if (view.commentRequired && !comment) {
      return approvalCard(view, { ...mine, notice: 'This role’s PIM policy needs a reason from the approver: write one, then choose again.' });
    }

    const claim = await this.o.store.claimDecision({
      requestId: req.requestId,
      actorId,
      actorName,
      via: 'teams',
      verdict,
      note: comment || undefined,
      recommended: view.risk.recommendedAction,
      agreed: view.risk.recommendedAction === 'review' ? undefined : view.risk.recommendedAction === verdict,
    });
    if (!claim) {
      const first = await this.o.store.decision(req.requestId);
      const who = first && same(first.actorId, actorId) ? 'You' : (first?.actorName ?? 'Another approver');
      await this.o.trail.append({ kind: 'refusal', traceId, requestId: req.requestId, actor, output: { reason: 'already-decided', detail: `${first?.actorId ?? 'someone'} decided first`, verb: verdict } });
      const fresh = await this.o.store.request(req.requestId);
      if (fresh?.outcome) return approvalCard(view, { ...mine, outcome: fresh.outcome });
      return approvalCard(view, { ...mine, deciding: { byName: who === 'You' ? 'You are' : `${who} is` } });
    }

    const me = await this.o.userGraph.forActivity(context, authTokens);
    if (!me.ok) {
      await this.o.store.release(req.requestId, actorId);
      return approvalCard(view, { ...mine, notice: me.message });
    }
    const approvalId = req.approvalId ?? req.requestId;
    const justification = comment || (verdict === 'approve' ? 'Approved in Microsoft Teams' : 'Denied in Microsoft Teams');
    const entry = { kind: 'decision.human' as const, traceId, requestId: req.requestId, actor, output: { decision: verdict, note: comment || undefined, via: 'teams' as const, approvalId, stepId: approvalId } };
    const done = () => this.settle(req, { state: verdict === 'approve' ? 'approved' : 'denied', byId: actorId, byName: actorName, via: 'teams', note: comment || undefined, agreed: claim.agreed, at: this.o.now().toISOString() }, 'done');
    const patch = this.o.trail
      .record(entry, () => me.pim.decide(approvalId, { reviewResult: verdict === 'approve' ? 'Approve' : 'Deny', justification }))
      .then(done, (err: unknown) =>
        this.failed(req, actorId, err, me.pim, async () => {
          // The answer was lost but PIM has the decision: the trail says so after its action.failed.
          await this.o.trail.append(entry);
          return done();
        }),
      );
    const answered = await Promise.race([patch, sleep(PATCH_DEADLINE_MS).then(() => undefined)]);
    if (answered === undefined) {
      log.warn('PIM has not answered within the invoke deadline; the card updates when it does');
      return approvalCard(view, { ...mine, deciding: { byName: 'You are' } });
    }
    if ('notice' in answered) return approvalCard(view, { ...mine, notice: answered.notice });
    return approvalCard(view, { ...mine, outcome: answered.outcome, notice: answered.elsewhere ? 'Someone else decided first.' : undefined });
  }

  /** Why the activity is not from the bot's own tenant, or undefined when it is (or no tenant is set). */
  private wrongTenant(context: TurnContext): string | undefined {
    if (!this.o.tenantId) return undefined;
    const activity = context.activity;
    const said = [activity.conversation?.tenantId, (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id];
    const named = said.filter((t): t is string => typeof t === 'string' && t !== '');
    // Teams names the tenant in both places; either missing or different means someone else wrote it.
    if (named.length === 0) return 'the action names no tenant';
    const other = named.find((t) => !same(t, this.o.tenantId));
    return other === undefined ? undefined : `the action comes from tenant ${other.slice(0, 100)}, not ${this.o.tenantId}`;
  }

  /** Primary approvers always; escalation approvers once the request was escalated. */
  private mayDecide(req: WorkflowRequest, actorId: string): boolean {
    const allowed = req.escalatedAt ? [...req.approvers, ...req.escalationApprovers] : req.approvers;
    return allowed.some((a) => same(a, actorId));
  }

  private async settle(req: WorkflowRequest, outcome: Outcome, state: 'done' | 'elsewhere'): Promise<{ outcome: Outcome; elsewhere: boolean }> {
    const at = new Date(outcome.at);
    await this.o.store.decided(req.requestId, state, at);
    await this.o.store.close(req.requestId, outcome, at);
    // Every other copy, and the requester, in a job: the invoke answers only the one who clicked.
    await this.o.jobs.sendOnce(JOBS.cards, `${req.requestId}:closed`, { requestId: req.requestId }).catch((err: unknown) => this.o.log.error({ err }, 'card refresh job not sent'));
    return { outcome, elsewhere: state === 'elsewhere' };
  }

  private async failed(
    req: WorkflowRequest,
    actorId: string,
    err: unknown,
    pim: { getApproval(id: string): Promise<{ steps: Array<{ reviewResult?: string | null; reviewedBy?: { id?: string | null; displayName?: string | null } | null; justification?: string | null }> }> },
    landed: () => Promise<{ outcome: Outcome; elsewhere: boolean }>,
  ) {
    if (err instanceof GraphTimeoutError || err instanceof NetworkError || (err instanceof PimError && err.status === 504)) {
      // No answer is not a refusal: PIM may have taken it. Its approval says whether it did.
      const approval = await pim.getApproval(req.approvalId ?? req.requestId).catch(() => undefined);
      if (approval && reviewedStep(approval.steps, actorId)) return landed();
      // Still unknown (PIM may show it a little later): the claim stays, so no one else's click is
      // taken for it. The watch settles the request, or lets the claim go after a few minutes.
      this.o.log.warn({ err, requestId: req.requestId }, 'PIM did not answer the decision and does not show it yet; the claim is kept');
      return { notice: 'PIM did not confirm your decision. This card shows the outcome as soon as PIM does; if it has not taken it, you can choose again in a few minutes.' };
    }
    if (err instanceof AlreadyDecidedError) {
      // Someone decided outside the bot first (the portal, another client): show who, when PIM says.
      const step = await pim
        .getApproval(req.approvalId ?? req.requestId)
        .then((a) => reviewedStep(a.steps))
        .catch(() => undefined);
      const now = this.o.now();
      if (!step) {
        // PIM would not say who decided: closing now would lose that for good. The watch settles the
        // request from PIM's status and audit log (and keeps trying until it can).
        await this.o.store.decided(req.requestId, 'elsewhere', now);
        await this.o.jobs.sendOnce(JOBS.watch, `decided-elsewhere:${req.requestId}`, {}).catch((err: unknown) => this.o.log.error({ err }, 'watch job not sent'));
        return { notice: 'Someone already decided this request outside Teams. This card shows the outcome as soon as PIM tells who decided.' };
      }
      const verdict = step.reviewResult?.toLowerCase().startsWith('den') ? 'deny' : 'approve';
      const outcome: Outcome = { state: 'elsewhere', verdict, byId: step.reviewedBy?.id ?? undefined, byName: step.reviewedBy?.displayName ?? undefined, via: 'portal', note: step.justification ?? undefined, at: now.toISOString() };
      if (outcome.byId) {
        // The trail names who decided, as the watch does for decisions it finds in the portal.
        await this.o.trail.append({
          kind: 'decision.human',
          traceId: req.traceId,
          requestId: req.requestId,
          actor: personActor(outcome.byId, outcome.byName),
          output: { decision: verdict, via: 'portal', approvalId: req.approvalId, note: outcome.note },
        });
      }
      return this.settle(req, outcome, 'elsewhere');
    }
    await this.o.store.release(req.requestId, actorId);
    this.o.log.warn({ err, requestId: req.requestId }, 'PIM refused the decision');
    const why = err instanceof PimError ? err.message : 'PIM did not take the decision';
    return { notice: `${why}. Nothing was changed; you can try again.` };
  }
}

/** The data must name the copy's own request and approver; a channel copy names no approver. */
function forgedApprover(copy: CardMessage, claimed: string, actorId: string): boolean {
  if (copy.recipientId.startsWith('channel:')) return claimed !== '' && !same(claimed, actorId);
  return !same(claimed, copy.recipientId) || !same(actorId, copy.recipientId);
}

/** At most 120 characters, control characters (NUL included, which PostgreSQL text refuses) replaced. */
function shown(value: string): string {
  let clean = '';
  for (const ch of value.slice(0, 240)) clean += ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? '\ufffd' : ch;
  return clean.length > 120 ? `${clean.slice(0, 119)}…` : clean;
}

function same(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && a.toLowerCase() === b.toLowerCase());
}

function digest(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data ?? null)).digest('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
