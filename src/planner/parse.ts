/**
 * The local planner's reading of one sentence: the intent and its slots, with no network.
 * A slot the sentence does not give stays null and is listed in `missing`, so the bot asks.
 */
import { readDuration } from './duration.js';
import { classifyIntent } from './intent.js';
import { readJustification } from './justification.js';
import { findPerson } from './person-match.js';
import { findRoleMentions, type RoleMention } from './role-match.js';
import { readTask } from './task.js';
import { readTicket } from './ticket.js';
import type { Intent, MissingSlot, ParseContext, ParseResult, Span } from './types.js';

/** Blanks spans out (same length), so a later reader does not see them again. */
function blank(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** Widens a role mention over "the … role" around it, so the justification does not keep them. */
function roleSpan(text: string, span: Span): Span {
  const before = /\b(?:the|an?|my)\s+$/i.exec(text.slice(0, span.start));
  const after = /^\s+(?:role|rights|access|privileges?|permissions?)\b/i.exec(text.slice(span.end));
  return { start: span.start - (before?.[0].length ?? 0), end: span.end + (after?.[0].length ?? 0) };
}

/** True when a mention names a role as a role: with a role word ("exchange admin") or as an acronym ("GA"). */
function namedAsRole(text: string, mention: RoleMention): boolean {
  const written = text.slice(mention.start, mention.end);
  return mention.strong && (/\b(adm\w*|administrators?|readers?|operators?|writers?|inviters?|developers?)\b/i.test(written) || /^[\p{L}\p{N}]{2,4}$/u.test(written));
}

const NEEDS: Partial<Record<Intent, readonly MissingSlot[]>> = {
  activate: ['role', 'duration', 'justification'],
  extend: ['role', 'duration'],
  cancel: ['role'],
  deactivate: ['role'],
  recommendRole: ['task'],
};

// Intents that can be about someone else (a helpdesk question).
const ABOUT_SOMEONE: ReadonlySet<Intent> = new Set(['explain', 'status', 'listEligible', 'listActive', 'cancel', 'deactivate', 'extend']);

export function parseUtterance(text: string, ctx: ParseContext): ParseResult {
  const ticket = readTicket(text);
  const spans: Span[] = ticket ? [ticket] : [];
  const duration = readDuration(blank(text, spans), ctx.now, ctx.timeZone ?? 'UTC');
  if (duration) spans.push(duration);
  const mentions = findRoleMentions(blank(text, spans), ctx.roles);
  const mention = mentions[0] ?? null;

  const { intent, confidence } = classifyIntent(text, {
    strongRole: mention?.strong ?? false,
    weakRole: mention ? !mention.strong : false,
    roleStart: mention?.start,
    hasDuration: duration !== null,
    hasTicket: ticket !== null,
  });

  // In "which role do I need to manage Exchange mailboxes" or "… create conditional access policies",
  // the service is the task, not a choice; a role is a candidate only when named as one ("is GA enough").
  const role = mention && !(intent === 'recommendRole' && !namedAsRole(text, mention)) ? mention : null;
  // Every role named in full is a slot, not part of the reason ("global reader and security reader").
  for (const m of mentions) if (m === role || m.strong) spans.push(roleSpan(text, m));

  let subject: string | null = null;
  let subjectId: string | null = null;
  const wantsSubject = ABOUT_SOMEONE.has(intent) || (intent === 'activate' && /\b(for|on behalf of)\s+\S+\s*$|\bon behalf of\b/i.test(text));
  if (wantsSubject && ctx.people?.length) {
    const found = findPerson(text, ctx.people, spans);
    if (found && !(found.person && found.person.id === ctx.userId)) {
      subject = found.subject;
      subjectId = found.person?.id ?? null;
    }
  } else if (wantsSubject) {
    const found = findPerson(text, [], spans);
    subject = found?.subject ?? null;
  }

  const justification = intent === 'activate' || intent === 'extend' ? readJustification(text, spans, intent === 'extend') : null;
  const task = intent === 'recommendRole' ? readTask(text) : null;
  const filled: Record<MissingSlot, unknown> = { role, duration, justification, task };
  const missing = (NEEDS[intent] ?? []).filter((slot) => filled[slot] === null);

  return {
    intent,
    confidence,
    role: role?.role.displayName ?? null,
    roleId: role?.role.id ?? null,
    duration: duration?.iso ?? null,
    ticket: ticket?.ticket ?? null,
    subject,
    subjectId,
    justification,
    task,
    missing,
  };
}
