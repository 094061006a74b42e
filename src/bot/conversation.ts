/**
 * The conversation: people's messages go through a teams-ai AI whose planner is the local one (no
 * network, the default) or the LLM planner (when a model is configured), to one shared set of
 * actions; plus the request form and status card actions, and the job that keeps status cards
 * current.
 */
import { enqueueTriage } from '../workflow/jobs.js';
import { MessageFactory, type TurnContext } from 'botbuilder';
import { AI, type AdaptiveCard, type Application, type Planner, type TeamsAdapter } from '@microsoft/teams-ai';
import { AuditTrail } from '../audit/index.js';
import { explainFailure } from './failures.js';
import { registerActions, submitRequestForm } from './actions/index.js';
import type { AppState, BotDeps } from './app.js';
import { TenantDirectory } from './directory.js';
import { notUnderstood } from './help.js';
import { cleanInput } from './input.js';
import { createLlmPlanner } from './planners/llm-planner.js';
import { LocalPlanner } from './planners/local-planner.js';
import { chatModel } from './planners/model.js';
import { StatusCards, STATUS_CARDS_JOB, continueWith } from './status-cards.js';
import { isSettled } from './status-card.js';
import { turnOf, type ConversationServices } from './turn.js';
import { createUserGraph } from './user-graph.js';

export interface Conversation {
  services: ConversationServices;
  /** Which planner reads messages. */
  planner: 'local' | 'llm';
  /** Handles a message no other route took. */
  onMessage(context: TurnContext, state: AppState): Promise<void>;
}

interface CardData {
  requestId?: unknown;
}

function servicesFor(adapter: TeamsAdapter, deps: BotDeps): ConversationServices {
  const { config, db, graph } = deps;
  const log = deps.log.child({ component: 'conversation' });
  const now = () => graph.sandbox?.clock.now() ?? new Date();
  const directory = new TenantDirectory(graph, log);
  const botAppId = config.bot.mode === 'local' ? '' : config.bot.appId;
  const statusCards = new StatusCards({ db, graph, directory, log, now, continueConversation: continueWith(adapter, botAppId) });
  return {
    config,
    log,
    db,
    graph,
    userGraph: createUserGraph(graph, config.graph.mode === 'sandbox' ? config.graph.userPassword : undefined),
    directory,
    trail: new AuditTrail(db, { logger: log }),
    statusCards,
    enqueueTriage: (requestId) => enqueueTriage(deps.jobs, requestId, 'bot'),
    now,
  };
}

/** The configured planner; the local one when no model is set, or when the model's settings are unusable. */
function plannerFor(services: ConversationServices): { kind: 'local' | 'llm'; planner: Planner<AppState> } {
  const { llm, conversation } = services.config;
  if (conversation.planner === 'llm' && llm.provider !== 'none') {
    try {
      return { kind: 'llm', planner: createLlmPlanner(chatModel(llm), services.now) };
    } catch (err) {
      services.log.error({ err, provider: llm.provider }, 'the LLM planner cannot start with these settings; the local planner reads messages instead');
    }
  }
  return { kind: 'local', planner: new LocalPlanner(services) };
}

/** Registers the conversation's routes on the app and returns the handler for plain messages. */
export function registerConversation(app: Application<AppState>, adapter: TeamsAdapter, deps: BotDeps): Conversation {
  const services = servicesFor(adapter, deps);
  const chosen = plannerFor(services);
  const planner = chosen.kind;
  const ai = new AI<AppState>({ planner: chosen.planner });
  registerActions(ai, services);

  ai.action(AI.HttpErrorActionName, async (context, state, err: unknown) => {
    const turn = turnOf(context, state, services);
    turn.log.error({ err }, 'the planner failed');
    const model = planner === 'llm' ? 'The language model did not answer properly. ' : '';
    const explained = explainFailure(err);
    await turn.say(`Sorry, I couldn’t work that out just now. ${model}${planner === 'llm' ? '' : `${explained.what} `}Nothing was changed in PIM; please try again in a moment.`);
    return AI.StopCommandName;
  });
  ai.action(AI.UnknownActionName, async (context, state, _plan: unknown, action?: string) => {
    const turn = turnOf(context, state, services);
    turn.log.warn({ action }, 'the planner chose an action that does not exist');
    await turn.say(notUnderstood(false));
    return AI.StopCommandName;
  });
  ai.action(AI.TooManyStepsActionName, async (context, state) => {
    await turnOf(context, state, services).say('That took more steps than I allow for one message, so I stopped. Nothing more was changed; say **status of my requests** to see where things stand.');
    return AI.StopCommandName;
  });
  if (planner === 'local') {
    // The local planner's lines are Markdown already; teams-ai's SAY would turn newlines into <br>.
    ai.action(AI.SayCommandActionName, async (context, _state, data: { response?: { content?: unknown } }) => {
      const content = typeof data.response?.content === 'string' ? data.response.content : '';
      if (content) await context.sendActivity(MessageFactory.text(content));
      return '';
    });
  }

  registerCardActions(app, services);
  void startStatusCardJob(deps, services);

  return {
    services,
    planner,
    async onMessage(context, state) {
      const input = cleanInput(context.activity.text);
      if (!input.text) {
        await context.sendActivity(MessageFactory.text(notUnderstood(false)));
        return;
      }
      turnOf(context, state, services).input = input;
      state.temp.input = input.text;
      await ai.run(context, state);
    },
  };
}

/** The request form's submit and the status card's refresh and cancel buttons. */
function registerCardActions(app: Application<AppState>, services: ConversationServices): void {
  app.adaptiveCards.actionExecute('submitActivation', async (context, state, data) => {
    const turn = turnOf(context, state, services);
    try {
      return ((await submitRequestForm(turn, data, true)) ?? 'Please sign in first, then send the form again.') as AdaptiveCard | string;
    } catch (err) {
      turn.log.warn({ err }, 'request form failed');
      return `Sorry, that didn’t work: ${explainFailure(err).what}`;
    }
  });
  app.adaptiveCards.actionSubmit('submitActivation', async (context, state, data) => {
    await submitRequestForm(turnOf(context, state, services), data, false);
  });

  /** The request behind a status card, read only for its own requester (never trusting the card's data). */
  const ownRequest = async (context: TurnContext, data: CardData) => {
    const userId = context.activity.from?.aadObjectId;
    const requestId = typeof data.requestId === 'string' ? data.requestId : undefined;
    if (!userId || !requestId) return undefined;
    const request = await services.graph.pim.getRequest(requestId);
    return request.principalId.toLowerCase() === userId.toLowerCase() ? request : undefined;
  };
  const refreshed = async (context: TurnContext, data: CardData): Promise<AdaptiveCard | string> => {
    const request = await ownRequest(context, data);
    if (!request) return 'This card shows someone else’s request; only they can refresh it.';
    const card = await services.statusCards.cardFor(request, context.activity.from?.id);
    await services.statusCards.shown(request.id, request.status, isSettled(request, services.now()));
    return card as AdaptiveCard;
  };
  app.adaptiveCards.actionExecute('refreshStatus', async (context, _state, data: CardData) => refreshed(context, data));
  app.adaptiveCards.actionSubmit('refreshStatus', async (context, state, data: CardData) => {
    const request = await ownRequest(context, data);
    const turn = turnOf(context, state, services);
    if (!request) return void (await turn.say('That card shows someone else’s request; only they can refresh it.'));
    await turn.sendCard(await services.statusCards.cardFor(request, context.activity.from?.id));
  });

  const cancel = async (context: TurnContext, state: AppState, data: CardData): Promise<AdaptiveCard | string> => {
    const turn = turnOf(context, state, services);
    const request = await ownRequest(context, data);
    if (!request) return 'Only the person who made this request can cancel it.';
    const me = await turn.me();
    if (!me) return 'Please sign in first.';
    try {
      await me.pim.cancelRequest(request.id);
    } catch (err) {
      const e = explainFailure(err);
      return `I couldn’t cancel it: ${e.what} ${e.next}`;
    }
    const now = await services.graph.pim.getRequest(request.id);
    await services.statusCards.refreshRequest(request.id).catch(() => undefined);
    return (await services.statusCards.cardFor(now, context.activity.from?.id)) as AdaptiveCard;
  };
  app.adaptiveCards.actionExecute('cancelActivation', async (context, state, data: CardData) => cancel(context, state, data));
  app.adaptiveCards.actionSubmit('cancelActivation', async (context, state, data: CardData) => {
    const answer = await cancel(context, state, data);
    if (typeof answer === 'string') await context.sendActivity(MessageFactory.text(answer));
    else await turnOf(context, state, services).sendCard(answer);
  });
}

/** Status cards are rewritten every minute by one instance (pg-boss), and whenever the job is sent. */
async function startStatusCardJob(deps: BotDeps, services: ConversationServices): Promise<void> {
  try {
    await deps.jobs.work(STATUS_CARDS_JOB, async () => services.statusCards.refreshOpen(), { retryLimit: 0, expireInSeconds: 120, pollingIntervalSeconds: 5 });
    await deps.jobs.schedule(STATUS_CARDS_JOB, '* * * * *');
  } catch (err) {
    if (deps.jobs.isRunning) services.log.error({ err }, 'the status card job could not start; cards will update only when viewed');
  }
}
