/**
 * One turn of the conversation as the actions see it: who is speaking (the verified Teams sender),
 * their delegated PIM client, their time zone, the clock, and how to answer.
 */
import { randomUUID } from 'node:crypto';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import type { UserPim } from '../pim/index.js';
import type { Database } from '../store/db.js';
import type { AppState } from './app.js';
import type { TenantDirectory } from './directory.js';
import type { CleanInput } from './input.js';
import type { StatusCards } from './status-cards.js';
import type { UserGraph, UserGraphResult } from './user-graph.js';

/** Everything the conversation's actions use, built once when the bot starts. */
export interface ConversationServices {
  config: Config;
  log: Logger;
  db: Database;
  graph: GraphWiring;
  userGraph: UserGraph;
  directory: TenantDirectory;
  trail: AuditTrail;
  statusCards: StatusCards;
  /** Sends a request the bot just submitted to triage at once, without waiting for the next poll. */
  enqueueTriage(requestId: string): Promise<unknown>;
  /** The tenant's clock: the sandbox's own when it runs, else the wall clock. */
  now(): Date;
}

export class Turn {
  readonly traceId = randomUUID();
  /** The message as cleaned for reading (see input.ts), once the conversation has read it. */
  input?: CleanInput;
  private delegated?: Promise<UserGraphResult>;

  constructor(
    readonly context: TurnContext,
    readonly state: AppState,
    readonly services: ConversationServices,
  ) {}

  /** The speaker's Entra object id, as Bot Framework authentication vouches for it. */
  get userId(): string | undefined {
    return this.context.activity.from?.aadObjectId ?? undefined;
  }

  get log(): Logger {
    return this.services.log.child({ traceId: this.traceId, userId: this.userId, conversation: this.context.activity.conversation?.id });
  }

  now(): Date {
    return this.services.now();
  }

  timeZone(): Promise<string> {
    return this.userId ? this.services.directory.timeZone(this.userId) : Promise.resolve('UTC');
  }

  /** The speaker's delegated PIM client; when there is none, says why and returns undefined. */
  async me(): Promise<{ userId: string; pim: UserPim } | undefined> {
    this.delegated ??= this.services.userGraph.forActivity(this.context, this.state.temp.authTokens);
    const result = await this.delegated;
    if (result.ok) return { userId: result.userId, pim: result.pim };
    await this.say(result.message);
    return undefined;
  }

  async say(text: string): Promise<void> {
    await this.context.sendActivity(MessageFactory.text(text));
  }

  /** Sends an Adaptive Card; returns the id of the message that holds it. */
  async sendCard(card: object, text?: string): Promise<string | undefined> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card), text);
    return (await this.context.sendActivity(activity))?.id;
  }
}

const turns = new WeakMap<TurnContext, Turn>();

/** The Turn of this activity; actions called in the same turn share it (and its Graph client). */
export function turnOf(context: TurnContext, state: AppState, services: ConversationServices): Turn {
  let turn = turns.get(context);
  if (!turn) {
    turn = new Turn(context, state, services);
    turns.set(context, turn);
  }
  return turn;
}
