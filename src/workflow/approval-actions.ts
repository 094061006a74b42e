/**
 * The Teams side of deciding: `Action.Execute` verbs `approve` and `deny` (the answer replaces the
 * clicked card for the one who clicked; a job rewrites everyone else's), and the `Action.Submit`
 * fallback of older clients, which rewrites the clicked card itself.
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application } from '@microsoft/teams-ai';
import type { AppState, BotDeps } from '../bot/app.js';
import type { CardJson } from '../cards/index.js';
import type { Verdict } from './decide.js';
import { Workflow } from './workflow.js';

const VERBS: Verdict[] = ['approve', 'deny'];

/**
 * Registers the approval card's actions on the bot and starts the approval workflow's jobs
 * (intake poll, triage, card updates, watch, baseline learning). Returns the workflow.
 */
export function registerApprovalActions(app: Application<AppState>, deps: BotDeps): Workflow {
  const workflow = new Workflow({ ...deps, adapter: app.adapter });
  for (const verb of VERBS) {
    app.adaptiveCards.actionExecute(verb, async (context, state, data: Record<string, unknown>) => {
      const answer = await workflow.decider.decide(context, verb, data, state.temp.authTokens);
      return typeof answer === 'string' ? answer : (answer as unknown as AdaptiveCard);
    });
    app.adaptiveCards.actionSubmit(verb, async (context, state, data: Record<string, unknown>) => {
      const answer = await workflow.decider.decide(context, verb, data, state.temp.authTokens);
      await showSubmitAnswer(context, answer);
    });
  }
  workflow.start().catch((err: unknown) => {
    if (deps.jobs.isRunning) deps.log.error({ err }, 'the approval workflow could not start its jobs; cards will not go out');
  });
  return workflow;
}

async function showSubmitAnswer(context: TurnContext, answer: CardJson | string): Promise<void> {
  const replyTo = context.activity.replyToId;
  if (typeof answer === 'string' || !replyTo) {
    await context.sendActivity(typeof answer === 'string' ? answer : MessageFactory.attachment(CardFactory.adaptiveCard(answer)));
    return;
  }
  await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(answer)), id: replyTo });
}
