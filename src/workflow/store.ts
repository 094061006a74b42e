/**
 * The workflow's tables (migration 004): a request is claimed before triage, each card is claimed
 * before it is sent and recorded once posted, and a decision is claimed before PIM is called, so
 * racing instances, double clicks and two approvers at once each end in exactly one action.
 */
import type { ConversationReference } from 'botbuilder';
import type { ApprovalView, Outcome } from '../cards/index.js';
import type { Queryable } from '../store/db.js';

export type RequestState = 'triaging' | 'failed' | 'open' | 'closed';
export type { RolloutMode } from '../config.js';
import type { RolloutMode } from '../config.js';
export type CardKind = 'approval' | 'escalation' | 'requester';

/** How long a card stays claimed by one instance before another may send it. */
export const SENDING_LEASE_MS = 2 * 60_000;

export interface WorkflowRequest {
  requestId: string;
  state: RequestState;
  source: string;
  traceId: string;
  attempts: number;
  principalId?: string;
  roleDefinitionId?: string;
  approvalId?: string;
  mode?: RolloutMode;
  view?: ApprovalView;
  approvers: string[];
  escalationApprovers: string[];
  outcome?: Outcome;
  deliveredAt?: Date;
  escalatedAt?: Date;
}

export interface CardMessage {
  requestId: string;
  recipientId: string;
  kind: CardKind;
  state: 'sending' | 'sent' | 'failed';
  conversationId?: string;
  reference?: Partial<ConversationReference>;
  activityId?: string;
  shows?: string;
}

export interface Decision {
  requestId: string;
  actorId: string;
  actorName?: string;
  via: 'teams' | 'auto' | 'portal';
  verdict: 'approve' | 'deny';
  note?: string;
  state: 'claimed' | 'done' | 'elsewhere';
  recommended?: string;
  agreed?: boolean;
  claimedAt: Date;
}

type Row = Record<string, unknown>;

const json = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : ((typeof v === 'string' ? JSON.parse(v) : v) as T));
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const date = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : v instanceof Date ? v : new Date(String(v)));

function toRequest(r: Row): WorkflowRequest {
  return {
    requestId: String(r.request_id),
    state: r.state as RequestState,
    source: String(r.source),
    traceId: String(r.trace_id),
    attempts: Number(r.attempts),
    principalId: str(r.principal_id),
    roleDefinitionId: str(r.role_definition_id),
    approvalId: str(r.approval_id),
    mode: str(r.mode) as RolloutMode | undefined,
    view: json<ApprovalView>(r.view),
    approvers: json<string[]>(r.approvers) ?? [],
    escalationApprovers: json<string[]>(r.escalation_approvers) ?? [],
    outcome: json<Outcome>(r.outcome),
    deliveredAt: date(r.delivered_at),
    escalatedAt: date(r.escalated_at),
  };
}

function toCard(r: Row): CardMessage {
  return {
    requestId: String(r.request_id),
    recipientId: String(r.recipient_id),
    kind: r.kind as CardKind,
    state: r.state as CardMessage['state'],
    conversationId: str(r.conversation_id),
    reference: json<Partial<ConversationReference>>(r.reference),
    activityId: str(r.activity_id),
    shows: str(r.shows),
  };
}

function toDecision(r: Row): Decision {
  return {
    requestId: String(r.request_id),
    actorId: String(r.actor_id),
    actorName: str(r.actor_name),
    via: r.via as Decision['via'],
    verdict: r.verdict as Decision['verdict'],
    note: str(r.note),
    state: r.state as Decision['state'],
    recommended: str(r.recommended),
    agreed: r.agreed === null || r.agreed === undefined ? undefined : Boolean(r.agreed),
    claimedAt: date(r.claimed_at) ?? new Date(0),
  };
}

export interface Triaged {
  principalId: string;
  roleDefinitionId: string;
  approvalId: string;
  mode: RolloutMode;
  view: ApprovalView;
  approvers: string[];
  escalationApprovers: string[];
}

export class WorkflowStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Claims a request for triage: the first time it is seen, or again when an earlier attempt
   * failed or its lease ran out (the instance died). Undefined when someone else has it or it is done.
   */
  async claimForTriage(requestId: string, source: string, traceId: string, leaseMs: number): Promise<WorkflowRequest | undefined> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO workflow_requests (request_id, state, lease_until, attempts, source, trace_id)
       VALUES ($1, 'triaging', now() + $4 * interval '1 millisecond', 1, $2, $3)
       ON CONFLICT (request_id) DO UPDATE SET state = 'triaging', lease_until = EXCLUDED.lease_until,
         attempts = workflow_requests.attempts + 1, updated_at = now()
       WHERE workflow_requests.state = 'failed' OR (workflow_requests.state = 'triaging' AND workflow_requests.lease_until < now())
       RETURNING *`,
      [requestId, source, traceId, leaseMs],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /** Ids among `requestIds` that nobody needs to triage now (done, open, or claimed with a live lease). */
  async settled(requestIds: string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const { rows } = await this.db.query<{ request_id: string }>(
      `SELECT request_id FROM workflow_requests
       WHERE request_id = ANY($1::text[]) AND (state IN ('open', 'closed') OR (state = 'triaging' AND lease_until >= now()))`,
      [requestIds],
    );
    return new Set(rows.map((r) => r.request_id));
  }

  /**
   * The triage failed and may be tried again. `attempt` (the claim's) leaves alone a request that
   * another instance claimed meanwhile.
   */
  async failed(requestId: string, attempt?: number): Promise<void> {
    await this.db.query(
      `UPDATE workflow_requests SET state = 'failed', lease_until = NULL, updated_at = now()
       WHERE request_id = $1 AND state = 'triaging' AND ($2::int IS NULL OR attempts = $2)`,
      [requestId, attempt ?? null],
    );
  }

  /** Whether the claim of that attempt still holds: no other instance took the request over after its lease ran out. */
  async holdsClaim(requestId: string, attempt: number): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM workflow_requests WHERE request_id = $1 AND state = 'triaging' AND attempts = $2`, [requestId, attempt]);
    return rows.length > 0;
  }

  /**
   * The analysis is recorded: the request is open (cards may go out, or it is only observed).
   * Only while the claim of that attempt holds; false when another instance took the request over.
   */
  async opened(requestId: string, t: Triaged, attempt: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE workflow_requests SET state = 'open', lease_until = NULL, principal_id = $2, role_definition_id = $3, approval_id = $4, mode = $5,
         view = $6::jsonb, approvers = $7::jsonb, escalation_approvers = $8::jsonb, updated_at = now()
       WHERE request_id = $1 AND state = 'triaging' AND attempts = $9
       RETURNING request_id`,
      [requestId, t.principalId, t.roleDefinitionId, t.approvalId, t.mode, JSON.stringify(t.view), JSON.stringify(t.approvers), JSON.stringify(t.escalationApprovers), attempt],
    );
    return rows.length > 0;
  }

  async delivered(requestId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE workflow_requests SET delivered_at = coalesce(delivered_at, $2), updated_at = now() WHERE request_id = $1', [requestId, at]);
  }

  async escalated(requestId: string, at: Date): Promise<boolean> {
    const { rows } = await this.db.query('UPDATE workflow_requests SET escalated_at = $2, updated_at = now() WHERE request_id = $1 AND escalated_at IS NULL RETURNING 1', [requestId, at]);
    return rows.length === 1;
  }

  /** Records how a request ended; true only for the caller that closed it (so notices go out once). */
  async close(requestId: string, outcome: Outcome, at: Date): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE workflow_requests SET state = 'closed', outcome = $2::jsonb, closed_at = $3, lease_until = NULL, updated_at = now()
       WHERE request_id = $1 AND state <> 'closed' RETURNING 1`,
      [requestId, JSON.stringify(outcome), at],
    );
    return rows.length === 1;
  }

  async request(requestId: string): Promise<WorkflowRequest | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM workflow_requests WHERE request_id = $1', [requestId]);
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async open(limit: number): Promise<WorkflowRequest[]> {
    const { rows } = await this.db.query<Row>(`SELECT * FROM workflow_requests WHERE state = 'open' ORDER BY updated_at LIMIT $1`, [limit]);
    return rows.map(toRequest);
  }

  // Cards

  /**
   * Claims the sending of one card; false when it was sent (or is being sent) already. A claim left
   * 'sending' longer than SENDING_LEASE_MS belongs to an instance that died mid-send: the watch
   * round takes it over, so the approver gets the card (twice only if the send itself had gone through).
   */
  async claimCard(requestId: string, recipientId: string, kind: CardKind): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO card_messages (request_id, recipient_id, kind, state) VALUES ($1, $2, $3, 'sending')
       ON CONFLICT (request_id, recipient_id, kind) DO UPDATE SET state = 'sending', error = NULL, updated_at = now()
       WHERE card_messages.state = 'failed'
          OR (card_messages.state = 'sending' AND card_messages.updated_at < now() - $4 * interval '1 millisecond')
       RETURNING 1`,
      [requestId, recipientId, kind, SENDING_LEASE_MS],
    );
    return rows.length === 1;
  }

  async cardSent(card: { requestId: string; recipientId: string; kind: CardKind; reference: Partial<ConversationReference>; activityId: string; shows: string }): Promise<void> {
    await this.db.query(
      `UPDATE card_messages SET state = 'sent', conversation_id = $4, reference = $5::jsonb, activity_id = $6, shows = $7, updated_at = now()
       WHERE request_id = $1 AND recipient_id = $2 AND kind = $3`,
      [card.requestId, card.recipientId, card.kind, card.reference.conversation?.id ?? null, JSON.stringify(card.reference), card.activityId, card.shows],
    );
  }

  /**
   * A post that did not go out, to be tried again. A card already recorded as sent stays so (a later
   * step failing, such as its trail entry, must not get it posted twice and its first copy orphaned).
   */
  async cardFailed(requestId: string, recipientId: string, kind: CardKind, error: string): Promise<void> {
    await this.db.query(`UPDATE card_messages SET state = 'failed', error = $4, updated_at = now() WHERE request_id = $1 AND recipient_id = $2 AND kind = $3 AND state = 'sending'`, [
      requestId,
      recipientId,
      kind,
      error.slice(0, 500),
    ]);
  }

  async cardShows(requestId: string, recipientId: string, kind: CardKind, shows: string): Promise<void> {
    await this.db.query('UPDATE card_messages SET shows = $4, updated_at = now() WHERE request_id = $1 AND recipient_id = $2 AND kind = $3', [requestId, recipientId, kind, shows]);
  }

  async cards(requestId: string): Promise<CardMessage[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM card_messages WHERE request_id = $1 ORDER BY created_at', [requestId]);
    return rows.map(toCard);
  }

  /** The card a Teams activity id belongs to: which copy a click came from. */
  /**
   * The copy a click came from. Teams message ids are unique only within a conversation (in 1:1
   * chats they are times in milliseconds), so when two copies share one the conversation decides;
   * when none of them is in that conversation, none is taken.
   */
  async cardByActivity(activityId: string, conversationId?: string): Promise<CardMessage | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT * FROM card_messages WHERE activity_id = $1 AND kind <> 'requester'`, [activityId]);
    if (rows.length <= 1) return rows[0] ? toCard(rows[0]) : undefined;
    const match = rows.find((r) => conversationId !== undefined && r.conversation_id === conversationId);
    return match ? toCard(match) : undefined;
  }

  // Decisions

  /** The one decision of a request; undefined when someone else claimed it first. */
  async claimDecision(d: Omit<Decision, 'state' | 'claimedAt'>): Promise<Decision | undefined> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO workflow_decisions (request_id, actor_id, actor_name, via, verdict, note, state, recommended, agreed)
       VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7, $8)
       ON CONFLICT (request_id) DO NOTHING RETURNING *`,
      [d.requestId, d.actorId, d.actorName ?? null, d.via, d.verdict, d.note ?? null, d.recommended ?? null, d.agreed ?? null],
    );
    return rows[0] ? toDecision(rows[0]) : undefined;
  }

  async decision(requestId: string): Promise<Decision | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM workflow_decisions WHERE request_id = $1', [requestId]);
    return rows[0] ? toDecision(rows[0]) : undefined;
  }

  async decided(requestId: string, state: 'done' | 'elsewhere', at: Date): Promise<void> {
    await this.db.query('UPDATE workflow_decisions SET state = $2, decided_at = $3 WHERE request_id = $1', [requestId, state, at]);
  }

  /** Gives a claim back after PIM refused the call, so another approver can decide. */
  /** Lets another approver decide: the claim (or a decision seen elsewhere that PIM never showed) is dropped. */
  async release(requestId: string, actorId: string, state: 'claimed' | 'elsewhere' = 'claimed'): Promise<void> {
    await this.db.query(`DELETE FROM workflow_decisions WHERE request_id = $1 AND actor_id = $2 AND state = $3`, [requestId, actorId, state]);
  }
}
