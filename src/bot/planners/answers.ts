/**
 * Reading a reply to the question the bot is waiting on ("For how long?" → "2 hours"), so a request
 * can be built over several turns. Returns undefined when the reply is not an answer but a new
 * request, which the planner then reads afresh.
 */
import { readDuration, readTicket, type ParseResult } from '../../planner/index.js';
import type { ActivationDraft } from '../dialogue.js';
import { doAction, say, type Command } from './commands.js';

const GIVE_UP = /^\W*(cancel|never\s?mind|stop|forget\s+(it|that|about it)|abort|quit|no\s+thanks|drop\s+it)\b/i;
const CONFIRM = /^\W*(submit(\s+it)?(\s+anyway)?|send(\s+it)?(\s+anyway)?|yes|yep|yeah|y|ok(ay)?|sure|go(\s+ahead)?|it'?s\s+fine|keep\s+it|as\s+is|fine)\b/i;
const NO_TICKET = /^\W*(no|none|n\/?a|nope|don'?t\s+have(\s+one)?|no\s+ticket|there\s+is\s+none)\W*$/i;
/** Questions that change the subject, even in the middle of building a request. */
const SIDE_QUESTIONS = new Set(['listEligible', 'listActive', 'status', 'recommendRole', 'explain', 'help']);

/**
 * A question asked in the middle ("what can I activate?" while asked for a role). A reason is
 * free text, so there only a short, confident question with no ticket in it counts as one.
 */
function isSideQuestion(text: string, awaiting: string, parsed: ParseResult): boolean {
  if (parsed.confidence < 0.8 || !SIDE_QUESTIONS.has(parsed.intent)) return false;
  if (awaiting !== 'justification' && awaiting !== 'confirm-justification') return true;
  return text.length <= 60 && !parsed.ticket && /\?\s*$|^\W*(what|which|show|list|help|status|why)\b/i.test(text);
}

/** What is left of a reply once a ticket number is taken out of it. */
function withoutTicket(text: string): { rest: string; ticket?: string } {
  const ticket = readTicket(text);
  if (!ticket) return { rest: text.trim() };
  const rest = `${text.slice(0, ticket.start)} ${text.slice(ticket.end)}`.replace(/\s+/g, ' ').replace(/^[\s,;:.-]+|[\s,;:-]+$/g, '').trim();
  return { rest, ticket: ticket.ticket };
}

export interface AnswerContext {
  now: Date;
  timeZone: string;
}

export function readAnswer(text: string, draft: ActivationDraft, parsed: ParseResult, ctx: AnswerContext): Command[] | 'give-up' | undefined {
  if (text.length <= 40 && GIVE_UP.test(text)) return 'give-up';
  const awaiting = draft.awaiting;
  if (!awaiting) return undefined;
  if (isSideQuestion(text, awaiting, parsed)) return undefined;

  switch (awaiting) {
    case 'role':
      if (parsed.roleId) return [doAction('activateRole', { roleId: parsed.roleId, duration: parsed.duration ?? undefined, ticket: parsed.ticket ?? undefined, justification: parsed.justification ?? undefined })];
      if (parsed.intent !== 'unknown' && parsed.intent !== 'activate' && parsed.confidence >= 0.6) return undefined;
      return [doAction('activateRole', { role: text })];
    case 'duration': {
      const duration = readDuration(text, ctx.now, ctx.timeZone);
      if (duration) return [doAction('activateRole', { duration: duration.iso, ticket: parsed.ticket ?? undefined })];
      if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return [doAction('activateRole', { duration: text.trim() })];
      if (parsed.intent !== 'unknown' && parsed.confidence >= 0.6) return undefined;
      return [doAction('activateRole', { duration: text })];
    }
    case 'justification': {
      const { rest, ticket } = withoutTicket(text);
      if (!rest) return [doAction('activateRole', { ticket })];
      return [doAction('activateRole', { justification: rest, ticket })];
    }
    case 'ticket': {
      if (NO_TICKET.test(text)) {
        return [say(`**${draft.roleName ?? 'This role'}** can’t be activated without a ticket number: its policy requires one, and PIM would refuse the request. Tell me the number, or say **cancel**.`)];
      }
      const ticket = readTicket(text)?.ticket;
      return [doAction('activateRole', { ticket: ticket ?? text })];
    }
    case 'confirm-ticket': {
      if (text.length <= 40 && CONFIRM.test(text)) return [doAction('activateRole', { confirmed: true })];
      // Another ticket, or a shorter time that fits the ticket's window.
      const ticket = readTicket(text)?.ticket;
      const duration = readDuration(text, ctx.now, ctx.timeZone)?.iso;
      if (ticket || duration) return [doAction('activateRole', { ticket, duration })];
      return undefined;
    }
    case 'confirm-justification': {
      if (text.length <= 40 && CONFIRM.test(text)) return [doAction('activateRole', { confirmed: true })];
      const { rest, ticket } = withoutTicket(text);
      return [doAction('activateRole', { justification: rest || undefined, ticket })];
    }
  }
}
