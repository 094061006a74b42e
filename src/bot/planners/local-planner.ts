/**
 * The local planner: the project's intent and slot reader (src/planner) as a teams-ai `Planner`.
 * No network. `beginTask` reads the message (or the answer to the bot's last question) into DO
 * commands for the shared actions, or a SAY; `continueTask` ends the plan, since one message is
 * one step here.
 */
import type { TurnContext } from 'botbuilder';
import type { Plan, Planner } from '@microsoft/teams-ai';
import { parseUtterance, type Intent, type ParseContext, type ParseResult } from '../../planner/index.js';
import type { AppState } from '../app.js';
import { currentDraft, dropDraft } from '../dialogue.js';
import { notUnderstood, smallTalkReply } from '../help.js';
import { cleanInput, MAX_INPUT_CHARS } from '../input.js';
import { turnOf, type ConversationServices } from '../turn.js';
import { readAnswer } from './answers.js';
import { doAction, say, type Command } from './commands.js';
import { unmatchedRoleName } from './role-words.js';

/** Intents whose question may be about someone else; only these load the directory's people. */
const ABOUT_SOMEONE: ReadonlySet<Intent> = new Set(['explain', 'status', 'listEligible', 'listActive', 'cancel', 'deactivate', 'extend']);
const FORM = /^\W*(?:(?:the|a|an)\s+)?(?:request|activation)?\s*form\W*$|\b(?:show|open|give|send|use|fill(?:\s+in|\s+out)?)\b.{0,20}\bform\b/i;
const RETRY = /^\W*(?:try\s+again|retry|again|resubmit|submit\s+again)\W*$/i;
/** "activate Teams Administrator for Joni", "on behalf of …": the same cue the parser reads. */
const ON_BEHALF = /\b(?:for|on behalf of)\s+\S+\s*$|\bon behalf of\b/i;
const FAILURE = /\b(fail|failed|failing|error|didn'?t\s+work|refused|rejected)\b/i;

function plan(commands: Command[]): Plan {
  return { type: 'plan', commands };
}

export class LocalPlanner implements Planner<AppState> {
  constructor(private readonly services: ConversationServices) {}

  async beginTask(context: TurnContext, state: AppState): Promise<Plan> {
    const turn = turnOf(context, state, this.services);
    const input = turn.input ?? cleanInput(state.temp.input);
    if (!input.text) return plan([say(notUnderstood(false))]);
    const now = turn.now();
    const draft = currentDraft(state, turn.userId, now);
    // Greetings, thanks and help need no tenant data: they work even when Graph does not answer.
    if (!draft?.awaiting) {
      const quick = parseUtterance(input.text, { roles: [], now });
      if ((quick.intent === 'smalltalk' || quick.intent === 'help') && quick.confidence >= 0.8) return plan(this.commandsFor(quick, input.text, undefined));
    }
    const [roles, timeZone] = await Promise.all([this.services.directory.plannerRoles(), turn.timeZone()]);
    const ctx: ParseContext = { roles, userId: turn.userId, now, timeZone };
    let parsed = parseUtterance(input.text, ctx);

    if (FORM.test(input.text)) return plan([doAction('showRequestForm', { role: parsed.role ?? undefined })]);
    if (draft) {
      const answer = readAnswer(input.text, draft, parsed, { now, timeZone });
      if (answer === 'give-up') {
        dropDraft(state, turn.userId);
        return plan([say(`OK, I dropped the request${draft.roleName ? ` for **${draft.roleName}**` : ''}. Nothing was sent to PIM.`)]);
      }
      if (answer) return plan(answer);
      if (RETRY.test(input.text)) return plan([doAction('activateRole', {})]);
    }

    if (ABOUT_SOMEONE.has(parsed.intent) || (parsed.intent === 'activate' && ON_BEHALF.test(input.text))) {
      parsed = parseUtterance(input.text, { ...ctx, people: await this.services.directory.people() });
    }
    const commands = this.commandsFor(parsed, input.text, draft?.roleId);
    if (input.truncated && parsed.intent !== 'unknown') {
      commands.unshift(say(`That’s a long message (${input.originalLength.toLocaleString('en-US')} characters); I read the first ${MAX_INPUT_CHARS.toLocaleString('en-US')}.`));
    }
    return plan(commands);
  }

  async continueTask(): Promise<Plan> {
    return plan([]);
  }

  private commandsFor(p: ParseResult, text: string, draftRoleId: string | undefined): Command[] {
    const person = p.subject ?? undefined;
    const personId = p.subjectId ?? undefined;
    const role = p.role ?? undefined;
    switch (p.intent) {
      case 'listEligible':
        return [doAction('listEligibleRoles', { person, personId })];
      case 'listActive':
        return [doAction('listActiveRoles', { person, personId })];
      case 'activate':
        return [
          doAction('activateRole', {
            roleId: p.roleId ?? undefined,
            role: p.roleId ? undefined : unmatchedRoleName(text),
            duration: p.duration ?? undefined,
            justification: p.justification ?? undefined,
            ticket: p.ticket ?? undefined,
            fresh: Boolean(p.roleId && p.roleId !== draftRoleId),
            person,
          }),
        ];
      case 'status':
        return [doAction('requestStatus', { person, personId, role })];
      case 'cancel':
        return [doAction('cancelRequest', { role, person })];
      case 'deactivate':
        return [doAction('deactivateRole', { role, person })];
      case 'extend':
        return [doAction('extendRole', { role, duration: p.duration ?? undefined, justification: p.justification ?? undefined, person })];
      case 'recommendRole':
        return [doAction('recommendRole', { task: p.task ?? text })];
      case 'explain':
        return [doAction('explainRequest', { person, personId, role, failure: FAILURE.test(text) })];
      case 'help':
        return [doAction('showHelp', {})];
      case 'smalltalk':
        return [say(smallTalkReply(text))];
      default:
        return [say(notUnderstood(text.length >= MAX_INPUT_CHARS))];
    }
  }
}
