/**
 * Proactive Teams messages through the Bot Connector: open (or reuse) a person's 1:1 chat with the
 * bot, post a card to it or to a channel, and rewrite a card already posted. The one place the
 * workflow talks Bot Framework; the adapter's connector client does the HTTP and the auth.
 */
import { CardFactory, MessageFactory, TurnContext, type Activity, type BotAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { CardJson } from '../cards/index.js';

export interface Posted {
  reference: Partial<ConversationReference>;
  activityId: string;
}

export interface Messenger {
  /** Opens the 1:1 chat with a person (by Entra object id) and posts the card in it. */
  sendToPerson(aadObjectId: string, serviceUrl: string, card: CardJson, summary: string): Promise<Posted>;
  /** Posts the card in a conversation already known (a saved reference). */
  sendTo(reference: Partial<ConversationReference>, card: CardJson, summary: string): Promise<Posted>;
  /** Posts a line of text in a conversation already known. */
  sendText(reference: Partial<ConversationReference>, text: string): Promise<Posted>;
  /** Starts a thread in a Teams channel with the card. */
  sendToChannel(channelId: string, serviceUrl: string, card: CardJson, summary: string): Promise<Posted>;
  /** Rewrites a posted card in place. */
  update(reference: Partial<ConversationReference>, activityId: string, card: CardJson, summary: string): Promise<void>;
}

export interface TeamsMessengerOptions {
  adapter: BotAdapter;
  /** Empty in local mode (no Bot Framework authentication). */
  botAppId: string;
  tenantId: string;
}

/** The part of the Bot Connector client (botframework-connector) used here. */
interface ConnectorConversations {
  conversations: { createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }> };
}

function cardActivity(card: CardJson, summary: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  return activity;
}

export class TeamsMessenger implements Messenger {
  constructor(private readonly o: TeamsMessengerOptions) {}

  private get bot() {
    return { id: this.o.botAppId ? `28:${this.o.botAppId}` : 'pim-copilot', name: 'PIM Copilot' };
  }

  async sendToPerson(aadObjectId: string, serviceUrl: string, card: CardJson, summary: string): Promise<Posted> {
    let posted: Posted | undefined;
    let failure: { err: unknown } | undefined;
    // Teams takes the Entra object id as the member id (not as aadObjectId, which it refuses alone).
    await this.o.adapter.createConversationAsync(
      this.o.botAppId,
      'msteams',
      serviceUrl,
      '',
      { isGroup: false, bot: this.bot, members: [{ id: aadObjectId, name: '' }], tenantId: this.o.tenantId, channelData: { tenant: { id: this.o.tenantId } } } as never,
      async (context) => {
        try {
          const reference = { ...TurnContext.getConversationReference(context.activity), user: { id: aadObjectId, name: '', aadObjectId } };
          const sent = await context.sendActivity(cardActivity(card, summary));
          posted = { reference, activityId: requireId(sent?.id) };
        } catch (err) {
          failure = { err };
        }
      },
    );
    // As in `within`: the adapter would hand the callback's error to onTurnError.
    if (failure) throw failure.err;
    if (!posted) throw new Error('the Bot Connector did not open the conversation');
    return posted;
  }

  /**
   * Runs `fn` in the conversation and gives back what it threw: the adapter hands a proactive turn's
   * error to its onTurnError, which logs it and lets continueConversationAsync resolve as if it went.
   */
  private async within(reference: Partial<ConversationReference>, fn: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { err: unknown } | undefined;
    await this.o.adapter.continueConversationAsync(this.o.botAppId, reference, async (context) => {
      try {
        await fn(context);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure) throw failure.err;
  }

  async sendText(reference: Partial<ConversationReference>, text: string): Promise<Posted> {
    let activityId: string | undefined;
    await this.within(reference, async (context) => {
      activityId = (await context.sendActivity(MessageFactory.text(text)))?.id;
    });
    return { reference, activityId: requireId(activityId) };
  }

  async sendTo(reference: Partial<ConversationReference>, card: CardJson, summary: string): Promise<Posted> {
    let activityId: string | undefined;
    await this.within(reference, async (context) => {
      activityId = (await context.sendActivity(cardActivity(card, summary)))?.id;
    });
    return { reference, activityId: requireId(activityId) };
  }

  async sendToChannel(channelId: string, serviceUrl: string, card: CardJson, summary: string): Promise<Posted> {
    let posted: Posted | undefined;
    const at = { channelId: 'msteams', serviceUrl, conversation: { id: channelId, isGroup: true, conversationType: 'channel', name: '' }, bot: this.bot };
    await this.within(at, async (context) => {
      // A new thread: createConversation with the card as its first message gives the thread and message ids.
      const client = context.turnState.get<ConnectorConversations>(context.adapter.ConnectorClientKey);
      const created = await client.conversations.createConversation({
        isGroup: true,
        bot: this.bot,
        channelData: { channel: { id: channelId }, tenant: { id: this.o.tenantId } },
        activity: cardActivity(card, summary) as Activity,
        members: [],
        tenantId: this.o.tenantId,
      });
      posted = { reference: { ...at, conversation: { ...at.conversation, id: requireId(created.id) } }, activityId: requireId(created.activityId) };
    });
    if (!posted) throw new Error('the Bot Connector did not create the channel thread');
    return posted;
  }

  async update(reference: Partial<ConversationReference>, activityId: string, card: CardJson, summary: string): Promise<void> {
    await this.within(reference, async (context) => {
      await context.updateActivity({ ...cardActivity(card, summary), id: activityId });
    });
  }
}

function requireId(id: string | undefined): string {
  if (!id) throw new Error('the Bot Connector answered without an activity id');
  return id;
}
