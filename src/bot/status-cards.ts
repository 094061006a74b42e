/**
 * Every status card shown to a requester is remembered (migration 005), and a job rewrites the
 * cards whose request moved on: approved, denied, active, ended. Teams also asks for a fresh copy
 * when a card is viewed (Universal Actions refresh); both paths draw the same card.
 */
import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { GraphWiring } from '../graph-wiring.js';
import { NotFoundError, type ScheduleRequest } from '../pim/index.js';
import type { Database } from '../store/db.js';
import type { TenantDirectory } from './directory.js';
import { isSettled, statusCard } from './status-card.js';

/** The job that rewrites cards; it runs every minute and may be sent at any time. */
export const STATUS_CARDS_JOB = 'conversation-status-cards';

const BATCH = 200;

export interface ShownCard {
  requestId: string;
  roleDefinitionId: string;
  activityId: string;
  aadObjectId: string;
  teamsUserId?: string;
  reference: Partial<ConversationReference>;
  status: string;
}

interface Row {
  request_id: string;
  activity_id: string;
  teams_user_id: string | null;
  reference: Partial<ConversationReference>;
  status: string;
}

export interface StatusCardsOptions {
  db: Database;
  graph: GraphWiring;
  directory: TenantDirectory;
  log: Logger;
  now: () => Date;
  /** Reaches a conversation later (through the bot's adapter). */
  continueConversation?: (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;
}

const COLUMNS = 'request_id, activity_id, teams_user_id, reference, status';

export class StatusCards {
  constructor(private readonly o: StatusCardsOptions) {}

  async remember(card: ShownCard, settled: boolean): Promise<void> {
    await this.o.db.query(
      `INSERT INTO status_cards (request_id, activity_id, aad_object_id, role_definition_id, teams_user_id, reference, status, open)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
       ON CONFLICT (request_id, activity_id) DO UPDATE SET status = EXCLUDED.status, open = EXCLUDED.open, updated_at = now()`,
      [card.requestId, card.activityId, card.aadObjectId, card.roleDefinitionId, card.teamsUserId ?? null, JSON.stringify(card.reference), card.status, !settled],
    );
  }

  /** Records what the cards of a request now show (after a refresh the requester triggered). */
  async shown(requestId: string, status: string, settled: boolean): Promise<void> {
    await this.o.db.query('UPDATE status_cards SET status = $2, open = $3, updated_at = now() WHERE request_id = $1', [requestId, status, !settled]);
  }

  /** The card for a request as it is now; `endedAt` when the person ended the activation early. */
  async cardFor(request: ScheduleRequest, teamsUserId?: string, endedAt?: Date): Promise<Record<string, unknown>> {
    const { graph, directory, now } = this.o;
    const [roleName, policy, zone] = await Promise.all([
      directory.roleName(request.roleDefinitionId),
      graph.pim.getRolePolicy(request.roleDefinitionId).catch(() => undefined),
      directory.timeZone(request.principalId),
    ]);
    return statusCard({ request, roleName, policy, zone, now: now(), teamsUserId, endedAt });
  }

  /** Rewrites every open card whose request changed; returns how many were rewritten. */
  async refreshOpen(): Promise<number> {
    const { rows } = await this.o.db.query<Row>(`SELECT ${COLUMNS} FROM status_cards WHERE open ORDER BY updated_at LIMIT ${BATCH}`);
    return this.refreshRows(rows);
  }

  /** Rewrites the open cards of one request at once (after the bot itself changed it). */
  async refreshRequest(requestId: string): Promise<number> {
    const { rows } = await this.o.db.query<Row>(`SELECT ${COLUMNS} FROM status_cards WHERE open AND request_id = $1`, [requestId]);
    return this.refreshRows(rows);
  }

  /** The person deactivated a role: its cards say it ended, now. */
  async endedEarly(aadObjectId: string, roleDefinitionId: string): Promise<void> {
    const { db, graph, log, now } = this.o;
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM status_cards WHERE open AND aad_object_id = $1 AND lower(role_definition_id) = lower($2)`, [
      aadObjectId,
      roleDefinitionId,
    ]);
    for (const card of rows) {
      try {
        const request = await graph.pim.getRequest(card.request_id);
        await this.rewrite(card, await this.cardFor(request, card.teams_user_id ?? undefined, now()));
      } catch (err) {
        log.warn({ err, requestId: card.request_id }, 'status card could not be marked as ended');
      }
      await db.query('UPDATE status_cards SET open = false, updated_at = now() WHERE request_id = $1 AND activity_id = $2', [card.request_id, card.activity_id]);
    }
  }

  private async refreshRows(rows: Row[]): Promise<number> {
    const { db, graph, log, now } = this.o;
    const byRequest = new Map<string, Row[]>();
    for (const r of rows) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
    let updated = 0;
    for (const [requestId, cards] of byRequest) {
      let request: ScheduleRequest;
      try {
        request = await graph.pim.getRequest(requestId);
      } catch (err) {
        if (err instanceof NotFoundError) await db.query('UPDATE status_cards SET open = false, updated_at = now() WHERE request_id = $1', [requestId]);
        else log.warn({ err, requestId }, 'status card: request could not be read');
        continue;
      }
      const settled = isSettled(request, now());
      for (const card of cards) {
        // An active card changes once more, when the activation ends.
        if (card.status === request.status && !settled) continue;
        try {
          await this.rewrite(card, await this.cardFor(request, card.teams_user_id ?? undefined));
          updated++;
        } catch (err) {
          log.warn({ err, requestId, activityId: card.activity_id }, 'status card could not be updated');
          continue;
        }
        await db.query('UPDATE status_cards SET status = $3, open = $4, updated_at = now() WHERE request_id = $1 AND activity_id = $2', [
          requestId,
          card.activity_id,
          request.status,
          !settled,
        ]);
      }
    }
    return updated;
  }

  private async rewrite(card: Row, content: Record<string, unknown>): Promise<void> {
    const reach = this.o.continueConversation;
    if (!reach) throw new Error('no way to reach the conversation');
    await reach(card.reference, async (context) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(content));
      activity.id = card.activity_id;
      await context.updateActivity(activity);
    });
  }
}

/** Reaching a conversation later through the bot's adapter. */
export function continueWith(adapter: TeamsAdapter, botAppId: string) {
  return (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) =>
    adapter.continueConversationAsync(botAppId, reference, logic);
}
