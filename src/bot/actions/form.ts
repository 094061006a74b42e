/**
 * The request form, for people who would rather fill in fields than type: a card whose role picker
 * holds their own eligible roles. Submitted with `Action.Execute` (verb `submitActivation`) the form
 * turns into the request's status card in place; the `Action.Submit` fallback answers in the chat.
 */
import { TurnContext } from 'botbuilder';
import { requestFormCard, type RequestFormAnswer, type RequestFormData } from '../../cards/request-form.js';
import type { RolePolicy, UserPim } from '../../pim/index.js';
import { currentDraft } from '../dialogue.js';
import { isSettled, statusCard } from '../status-card.js';
import type { Turn } from '../turn.js';
import { durationInWords } from '../words.js';
import { showStatusCard } from './activate.js';
import { runActivation } from './activation.js';
import { policyFacts } from './policy-facts.js';
import { eligibleRoles } from './roles.js';

const DURATIONS = ['PT30M', 'PT1H', 'PT2H', 'PT4H', 'PT8H'];

async function formData(turn: Turn, pim: UserPim, values: RequestFormAnswer & { message?: string }): Promise<RequestFormData> {
  const roles = await eligibleRoles(turn, pim);
  const policies = await Promise.all(roles.map((r) => turn.services.graph.pim.getRolePolicy(r.roleId).catch(() => undefined as RolePolicy | undefined)));
  const durations = [...DURATIONS];
  if (values.duration && !durations.includes(values.duration)) durations.push(values.duration);
  return {
    roles: roles.map((r, i) => ({ id: r.roleId, title: `${r.roleName} (${policyFacts(policies[i])})` })),
    durations: durations.map((d) => ({ value: d, title: durationInWords(d) })),
    selectedRoleId: values.roleId,
    duration: values.duration ?? 'PT1H',
    justification: values.justification,
    ticket: values.ticket,
    message: values.message,
  };
}

export interface FormParams {
  role?: string;
}

/** Shows the form, filled with what the conversation already knows. */
export async function showRequestForm(turn: Turn, params: FormParams): Promise<string> {
  const me = await turn.me();
  if (!me) return 'Stopped: the user is not signed in.';
  const draft = currentDraft(turn.state, turn.userId, turn.now());
  let roleId = draft?.roleId;
  if (params.role) {
    const roles = await turn.services.directory.roles();
    roleId = roles.find((r) => r.displayName.toLowerCase() === params.role!.toLowerCase())?.id ?? roleId;
  }
  const data = await formData(turn, me.pim, { roleId, duration: draft?.duration, justification: draft?.justification, ticket: draft?.ticket });
  if (data.roles.length === 0) {
    await turn.say('You have no roles to activate in PIM, so there is nothing to put in the form.');
    return 'No eligible roles.';
  }
  await turn.sendCard(requestFormCard(data));
  return 'The request form is shown.';
}

function answerOf(value: unknown): RequestFormAnswer {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined);
  return { roleId: text('roleId'), duration: text('duration'), justification: text('justification'), ticket: text('ticket') };
}

/**
 * A submitted form. For `Action.Execute` the answer is the card that replaces the form (the
 * status card, or the form again with what is still missing); for `Action.Submit`, undefined,
 * and the answer goes to the chat.
 */
export async function submitRequestForm(turn: Turn, value: unknown, replaceInPlace: boolean): Promise<Record<string, unknown> | undefined> {
  const me = await turn.me();
  if (!me) return undefined;
  const answer = answerOf(value);
  const outcome = await runActivation(turn, { ...answer, fresh: true }, me);
  if (!replaceInPlace) {
    await turn.say(outcome.text);
    if (outcome.kind === 'submitted') await showStatusCard(turn, outcome.request, outcome.roleName);
    return undefined;
  }
  if (outcome.kind !== 'submitted') {
    const message = outcome.kind === 'ask' && (outcome.slot === 'confirm-justification' || outcome.slot === 'confirm-ticket') ? `${outcome.text.replace(/\n\nTell me.*$/s, '')} Edit it, or press the button again to submit it as it is.` : outcome.text;
    return requestFormCard(await formData(turn, me.pim, { ...answer, message: plain(message) }));
  }
  // The form's own message becomes the status card, and is remembered as such.
  const { request, roleName, policy } = outcome;
  const now = turn.now();
  const teamsUserId = turn.context.activity.from?.id;
  const card = statusCard({ request, roleName, policy, zone: await turn.timeZone(), now, teamsUserId });
  const activityId = turn.context.activity.replyToId;
  if (activityId && turn.userId) {
    await turn.services.statusCards.remember(
      { requestId: request.id, roleDefinitionId: request.roleDefinitionId, activityId, aadObjectId: turn.userId, teamsUserId, reference: TurnContext.getConversationReference(turn.context.activity), status: request.status },
      isSettled(request, now),
    );
  }
  return card;
}

/** The form's message line shows plain text: the chat's emphasis and escapes go. */
function plain(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/(^|\s)\*([^*\n]+)\*/g, '$1$2')
    .replace(/^_(Graph: .*)_$/m, '($1)')
    .replace(/\\([\\`*_{}[\]()<>#+!|~])/g, '$1')
    .trim();
}
