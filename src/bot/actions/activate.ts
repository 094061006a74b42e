/** "Activate Exchange Administrator for 2 hours …": the chat side of an activation (see activation.ts). */
import { TurnContext } from 'botbuilder';
import type { ScheduleRequest } from '../../pim/index.js';
import { isSettled, statusCard } from '../status-card.js';
import type { Turn } from '../turn.js';
import { quoted } from '../words.js';
import { runActivation, type ActivationParams } from './activation.js';

export interface ActivateParams extends ActivationParams {
  /** Someone else to activate for: refused, PIM activations are made by the person themselves. */
  person?: string;
}

export async function activateRole(turn: Turn, params: ActivateParams): Promise<string> {
  if (params.person?.trim()) {
    await turn.say(`I can only activate roles for you: in PIM each person activates their own roles, with their own sign-in. ${quoted(params.person)} can ask me themselves.`);
    return 'Refused: activations are only for the speaker.';
  }
  const me = await turn.me();
  if (!me) return 'Stopped: the user is not signed in.';
  const outcome = await runActivation(turn, params, me);
  if (outcome.kind === 'ask') {
    const form = outcome.slot === 'role' && outcome.eligible?.length ? ' You can also say **request form** and fill in a form.' : '';
    await turn.say(outcome.text + form);
    return `Asked the user for: ${outcome.slot}. Wait for their answer.`;
  }
  await turn.say(outcome.text);
  if (outcome.kind === 'stop') return `Not submitted: ${outcome.text}`;
  await showStatusCard(turn, outcome.request, outcome.roleName);
  return `Submitted request ${outcome.request.id} for ${outcome.roleName}; status ${outcome.request.status}. A status card is shown.`;
}

/** Sends the status card of a request and remembers it, so it can be rewritten as the request moves. */
export async function showStatusCard(turn: Turn, request: ScheduleRequest, roleName: string): Promise<void> {
  const { statusCards, graph } = turn.services;
  const teamsUserId = turn.context.activity.from?.id;
  const [policy, zone] = await Promise.all([graph.pim.getRolePolicy(request.roleDefinitionId).catch(() => undefined), turn.timeZone()]);
  const now = turn.now();
  const activityId = await turn.sendCard(statusCard({ request, roleName, policy, zone, now, teamsUserId }));
  if (!activityId || !turn.userId) return;
  await statusCards.remember(
    {
      requestId: request.id,
      roleDefinitionId: request.roleDefinitionId,
      activityId,
      aadObjectId: turn.userId,
      teamsUserId,
      reference: TurnContext.getConversationReference(turn.context.activity),
      status: request.status,
    },
    isSettled(request, now),
  );
}
