/**
 * Deliver: each approver's copy of the approval card (claimed first, so it goes out once), in the
 * 1:1 chat with the bot, opened when there is none (the app installed for them first); escalation
 * copies to a channel; every posted copy rewritten when the request moves on; and the requester told.
 */
import type { ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import { personalConversationOf, saveConversationReference } from '../bot/conversation-refs.js';
import { approvalCard, requesterNoticeText, requesterStatusCard, type CardJson, type CardState } from '../cards/index.js';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import type { Database } from '../store/db.js';
import type { Messenger, Posted } from './messenger.js';
import { SERVICE_ACTOR } from './actors.js';
import type { CardKind, WorkflowRequest, WorkflowStore } from './store.js';
import { ensureAppInstalled } from './teams-install.js';

export interface DeliveryOptions {
  config: Config;
  db: Database;
  graph: GraphWiring;
  store: WorkflowStore;
  messenger: Messenger;
  trail: AuditTrail;
  log: Logger;
  /** Runs after a requester has been told (the conversation's status cards may follow). */
  onRequesterTold?: (requestId: string) => Promise<void>;
}

/** How many cards go out at once. */
const PARALLEL = 4;

export class Delivery {
  constructor(private readonly o: DeliveryOptions) {}

  /** Sends the approval card to each recipient that does not have it yet; returns how many went out. */
  async approvalCards(req: WorkflowRequest, recipients: string[], kind: CardKind = 'approval', notice?: string): Promise<number> {
    const view = req.view;
    if (!view) return 0;
    let sent = 0;
    await eachLimited(recipients, PARALLEL, async (recipientId) => {
      if (!(await this.o.store.claimCard(req.requestId, recipientId, kind))) return;
      try {
        const card = approvalCard(view, { approverId: recipientId, notice });
        const posted = await this.toPerson(recipientId, card, summaryOf(req));
        await this.o.store.cardSent({ requestId: req.requestId, recipientId, kind, reference: posted.reference, activityId: posted.activityId, shows: 'pending' });
        await this.o.trail.append({
          kind: 'card.sent',
          traceId: req.traceId,
          requestId: req.requestId,
          actor: SERVICE_ACTOR,
          output: { card: kind, recipientId, conversationId: posted.reference.conversation?.id, activityId: posted.activityId, riskScore: view.risk.score, recommendedAction: view.risk.recommendedAction },
        });
        sent += 1;
      } catch (err) {
        this.o.log.warn({ err, requestId: req.requestId, recipientId }, 'approval card not delivered; the watch job tries again');
        await this.o.store.cardFailed(req.requestId, recipientId, kind, err instanceof Error ? err.message : String(err));
      }
    });
    return sent;
  }

  /** Starts a thread with the card in a Teams channel (escalation when the policy names nobody). */
  async channelCard(req: WorkflowRequest, channelId: string, notice: string): Promise<boolean> {
    const view = req.view;
    const recipientId = `channel:${channelId}`;
    if (!view || !(await this.o.store.claimCard(req.requestId, recipientId, 'escalation'))) return false;
    try {
      const posted = await this.o.messenger.sendToChannel(channelId, await this.serviceUrl(), approvalCard(view, { notice }), summaryOf(req));
      await this.o.store.cardSent({ requestId: req.requestId, recipientId, kind: 'escalation', reference: posted.reference, activityId: posted.activityId, shows: 'pending' });
      await this.o.trail.append({ kind: 'card.sent', traceId: req.traceId, requestId: req.requestId, actor: SERVICE_ACTOR, output: { card: 'escalation', recipientId, activityId: posted.activityId } });
      return true;
    } catch (err) {
      this.o.log.warn({ err, requestId: req.requestId, channelId }, 'escalation card not delivered to the channel');
      await this.o.store.cardFailed(req.requestId, recipientId, 'escalation', err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /**
   * Rewrites every posted copy to show the request as it is now, then tells the requester once it is
   * settled. Throws when a copy or the requester's notice did not go, after trying them all, so the
   * cards job is retried: otherwise other approvers keep live buttons on a settled request.
   */
  async refresh(requestId: string): Promise<number> {
    const req = await this.o.store.request(requestId);
    if (!req?.view) return 0;
    const view = req.view;
    const decision = req.state === 'closed' ? undefined : await this.o.store.decision(requestId);
    const state: CardState = req.outcome?.state ?? (decision?.state === 'claimed' ? 'deciding' : 'pending');
    const copies = (await this.o.store.cards(requestId)).filter((c) => c.kind !== 'requester' && c.state === 'sent' && c.activityId && c.reference && c.shows !== state);
    let rewritten = 0;
    let missed = 0;
    await eachLimited(copies, PARALLEL, async (c) => {
      const card = approvalCard(view, {
        approverId: c.recipientId.startsWith('channel:') ? undefined : c.recipientId,
        outcome: req.outcome,
        deciding: state === 'deciding' ? { byName: decision?.actorName ?? 'An approver' } : undefined,
      });
      try {
        await this.o.messenger.update(c.reference!, c.activityId!, card, summaryOf(req));
        await this.o.store.cardShows(requestId, c.recipientId, c.kind, state);
        rewritten += 1;
      } catch (err) {
        missed += 1;
        this.o.log.warn({ err, requestId, recipientId: c.recipientId }, 'a copy of the approval card could not be rewritten');
      }
    });
    const told = req.state === 'closed' ? await this.tellRequester(req) : true;
    if (missed > 0 || !told) throw new Error(`${missed} copies of the card not rewritten${told ? '' : ' and the requester not told'}; the cards job tries again`);
    return rewritten;
  }

  /** The requester's notice that their request is settled; sent once. False when it could not go (it is tried again). */
  async tellRequester(req: WorkflowRequest): Promise<boolean> {
    const { view, outcome, principalId } = req;
    if (!view || !outcome || !principalId) return true;
    if (!(await this.o.store.claimCard(req.requestId, principalId, 'requester'))) return true;
    try {
      // Asked through the bot: their status card there gets the outcome (onRequesterTold), so one line
      // in that chat tells them instead of a second card saying the same.
      const asked = await statusCardChat(this.o.db, req.requestId, principalId);
      const posted = asked
        ? await this.o.messenger.sendText(asked, requesterNoticeText(view, outcome))
        : await this.toPerson(principalId, requesterStatusCard(view, outcome), `${view.role.name}: ${outcome.state}`);
      await this.o.store.cardSent({ requestId: req.requestId, recipientId: principalId, kind: 'requester', reference: posted.reference, activityId: posted.activityId, shows: outcome.state });
      await this.o.trail.append({ kind: 'card.sent', traceId: req.traceId, requestId: req.requestId, actor: SERVICE_ACTOR, output: { card: asked ? 'notice' : 'status', recipientId: principalId, activityId: posted.activityId } });
      await this.o.onRequesterTold?.(req.requestId);
      return true;
    } catch (err) {
      this.o.log.warn({ err, requestId: req.requestId }, 'the requester could not be told');
      await this.o.store.cardFailed(req.requestId, principalId, 'requester', err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** The person's 1:1 chat with the bot: the saved one, else a new one (the app installed first). */
  private async toPerson(aadObjectId: string, card: CardJson, summary: string): Promise<Posted> {
    const saved = await personalConversationOf(this.o.db, aadObjectId);
    if (saved) return this.o.messenger.sendTo(saved, card, summary);
    const { teamsAppId } = this.o.config.workflow;
    if (teamsAppId) await ensureAppInstalled(this.o.graph.pim.app, aadObjectId, teamsAppId);
    const posted = await this.o.messenger.sendToPerson(aadObjectId, await this.serviceUrl(), card, summary);
    await saveConversationReference(this.o.db, posted.reference as Partial<ConversationReference>, aadObjectId);
    return posted;
  }

  /** The Bot Connector seen on people's messages (Teams gives it per region), else the setting. */
  private async serviceUrl(): Promise<string> {
    const { rows } = await this.o.db.query<{ url: string | null }>(`SELECT reference->>'serviceUrl' AS url FROM conversation_refs ORDER BY updated_at DESC LIMIT 1`);
    return rows[0]?.url || this.o.config.workflow.botServiceUrl;
  }
}

/** The chat where the requester's own status card for this request is, when they asked through the bot. */
async function statusCardChat(db: Database, requestId: string, aadObjectId: string): Promise<Partial<ConversationReference> | undefined> {
  const { rows } = await db.query<{ reference: Partial<ConversationReference> }>(
    'SELECT reference FROM status_cards WHERE request_id = $1 AND aad_object_id = $2 ORDER BY updated_at DESC LIMIT 1',
    [requestId, aadObjectId],
  );
  return rows[0]?.reference;
}

function summaryOf(req: WorkflowRequest): string {
  const v = req.view;
  return v ? `${v.requester.name} asks for ${v.role.name} · risk ${v.risk.score}/10` : 'PIM activation request';
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
