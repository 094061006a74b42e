/**
 * Building and submitting one activation, shared by the chat and the request form. Each call
 * merges what it is given into the draft kept in conversation state, asks for the first thing
 * still missing (role, duration, justification, a ticket when the policy needs one), coaches a
 * vague justification once, checks the request with `isValidationOnly`, points out problems with
 * the cited ticket (asking whether to go ahead), and then submits it as the speaker with their own
 * delegated token.
 */
import { isoDurationMinutes, PimError, PolicyValidationError, type RolePolicy, type ScheduleRequest, type UserPim } from '../../pim/index.js';
import { isoDuration, readDuration, readTicket } from '../../planner/index.js';
import { readJustification } from '../../triage/justification.js';
import { currentDraft, dialogueOf, dropDraft, saveDraft, type ActivationDraft, type Awaiting } from '../dialogue.js';
import { explainFailure, rulesInWords } from '../failures.js';
import type { Turn } from '../turn.js';
import { clockTime, durationInWords, isPending, listInWords, quoted, statusInWords, timeLeft } from '../words.js';
import { reviewTicket, ticketKey } from './activate-ticket.js';
import { eligibleRoles, lookupRole, type EligibleRole } from './roles.js';

/** Entra keeps at most this much of a justification. */
export const MAX_JUSTIFICATION = 500;

export interface ActivationParams {
  role?: string;
  roleId?: string;
  /** ISO 8601 (PT2H) or words ("2 hours", "until 5pm"). */
  duration?: string;
  justification?: string;
  ticket?: string;
  /** The person chose to submit as it is, after advice on the justification or the ticket. */
  confirmed?: boolean;
  /** Start a new request instead of continuing the one in progress. */
  fresh?: boolean;
}

export type ActivationOutcome =
  | { kind: 'ask'; slot: Awaiting; text: string; eligible?: EligibleRole[]; draft: ActivationDraft }
  | { kind: 'stop'; text: string }
  | { kind: 'submitted'; request: ScheduleRequest; roleName: string; policy: RolePolicy; text: string };

const TICKET_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._\-/#]{1,49}$/;

function cleanTicket(input: string): string | undefined {
  const read = readTicket(input);
  if (read) return read.ticket;
  const bare = input.trim().replace(/^#/, '');
  return TICKET_SHAPE.test(bare) ? bare.toUpperCase() : undefined;
}

function cleanJustification(input: string): string {
  return input.replace(/\s+/g, ' ').trim().slice(0, MAX_JUSTIFICATION);
}

/** A duration as ISO 8601, from ISO or people's words; undefined when it cannot be read. */
function readMinutes(input: string, now: Date, zone: string): number | undefined {
  const trimmed = input.trim();
  const iso = /^P/i.test(trimmed) ? isoDurationMinutes(trimmed.toUpperCase()) : null;
  if (iso !== null) return iso;
  // A bare number answers "for how long?" in hours.
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 60;
  return readDuration(trimmed, now, zone)?.minutes;
}

function ask(turn: Turn, draft: ActivationDraft, slot: Awaiting, text: string, eligible?: EligibleRole[]): ActivationOutcome {
  const next = { ...draft, awaiting: slot };
  saveDraft(turn.state, turn.userId, next, turn.now());
  return { kind: 'ask', slot, text, eligible, draft: next };
}

function stop(turn: Turn, text: string, keepDraft = false): ActivationOutcome {
  if (!keepDraft) dropDraft(turn.state, turn.userId);
  return { kind: 'stop', text };
}

function roleList(roles: readonly EligibleRole[]): string {
  return roles.map((r) => `**${r.roleName}**`).join(', ');
}

export async function runActivation(turn: Turn, params: ActivationParams, me: { userId: string; pim: UserPim }): Promise<ActivationOutcome> {
  const now = turn.now();
  const zone = await turn.timeZone();
  const previous = currentDraft(turn.state, turn.userId, now);
  const draft: ActivationDraft = params.fresh || !previous ? { updatedAt: now.toISOString() } : { ...previous };
  if (params.fresh && previous?.coached && previous.justification === params.justification) draft.coached = true;
  // Told about the ticket's problems: "submit anyway", or the same request again (the form's second press), goes ahead.
  const ticketCoached = previous?.awaiting === 'confirm-ticket' ? previous.ticketCoached : undefined;
  delete draft.awaiting;

  const eligible = await eligibleRoles(turn, me.pim);
  const eligibleIds = new Set(eligible.map((r) => r.roleId.toLowerCase()));

  // Role
  if (params.role || params.roleId) {
    const found = await lookupRole(turn, params, eligibleIds);
    if (!found.found) {
      delete draft.roleId;
      delete draft.roleName;
      const named = quoted(params.role ?? params.roleId ?? '');
      const close = found.suggestions.map((r) => `**${r.displayName}**${eligibleIds.has(r.id.toLowerCase()) ? ' (you can activate it)' : ''}`);
      const hint = close.length ? ` Did you mean ${listInWords(close, 'or')}?` : '';
      const yours = eligible.length ? `\n\nYou can activate: ${roleList(eligible)}. Which one?` : '\n\nYou have no roles to activate in PIM.';
      if (!eligible.length) return stop(turn, `I don’t know a role called “${named}” in this tenant.${hint}${yours}`);
      return ask(turn, draft, 'role', `I don’t know a role called “${named}” in this tenant.${hint}${yours}`, eligible);
    }
    draft.roleId = found.found.id;
    draft.roleName = found.found.displayName;
  }
  if (params.duration) {
    const minutes = readMinutes(params.duration, now, zone);
    if (minutes === undefined || !(minutes > 0)) return ask(turn, draft, 'duration', `I couldn’t read “${quoted(params.duration)}” as a length of time. For how long do you need it? For example **2 hours** or **until 5pm**.`);
    draft.duration = isoDuration(Math.round(minutes));
  }
  if (params.justification?.trim()) {
    const justification = cleanJustification(params.justification);
    if (justification !== draft.justification) {
      draft.justification = justification;
      delete draft.confirmed;
    }
  }
  // A ticket written into the reason counts as the ticket.
  if (!params.ticket && !draft.ticket && draft.justification) draft.ticket = readTicket(draft.justification)?.ticket;
  if (params.ticket?.trim()) {
    const ticket = cleanTicket(params.ticket);
    if (!ticket) return ask(turn, draft, 'ticket', `“${quoted(params.ticket)}” doesn’t look like a ticket number. What is the ticket (for example CHG0048213 or OPS-1234)?`);
    draft.ticket = ticket;
  }
  if (params.confirmed) draft.confirmed = true;

  if (!draft.roleId) {
    if (!eligible.length) return stop(turn, 'You have no roles to activate in PIM. Ask your PIM administrator if you need one; **which role do I need to …?** tells you which fits a task.');
    return ask(turn, draft, 'role', `Which role do you want to activate? You can activate: ${roleList(eligible)}.`, eligible);
  }
  const roleId = draft.roleId;
  const roleName = draft.roleName ?? roleId;

  // Eligible, not already active, nothing pending
  if (!eligibleIds.has(roleId.toLowerCase())) {
    const others = eligible.length ? `\n\nYou can activate: ${roleList(eligible)}.` : '';
    return stop(turn, `You aren’t eligible for **${roleName}**, so PIM can’t activate it for you. Ask your PIM administrator for an eligible assignment, or say **which role do I need to …** to find another that fits.${others}`);
  }
  const [active, requests] = await Promise.all([me.pim.listMyActiveAssignments(), me.pim.listMyRequests('principal', { status: 'PendingApproval' })]);
  const running = active.find((a) => a.roleDefinitionId.toLowerCase() === roleId.toLowerCase() && (!a.endDateTime || Date.parse(a.endDateTime) > now.getTime()));
  if (running) {
    const until = running.endDateTime ? ` until ${clockTime(running.endDateTime, zone, now)} (${timeLeft(running.endDateTime, now)})` : '';
    return stop(turn, `**${roleName}** is already active for you${until}. Say **show my active roles** to see all of them.`);
  }
  const mine = (r: ScheduleRequest) => r.principalId.toLowerCase() === me.userId.toLowerCase();
  const waiting = requests.find((r) => mine(r) && r.roleDefinitionId.toLowerCase() === roleId.toLowerCase() && r.action === 'selfActivate' && isPending(r.status));
  if (waiting) {
    return stop(turn, `You already asked for **${roleName}** at ${clockTime(waiting.createdDateTime, zone, now)}; it is ${statusInWords(waiting.status)}. Say **cancel my ${roleName} request** to withdraw it.`);
  }

  // What the policy needs
  const policy = await turn.services.graph.pim.getRolePolicy(roleId);
  const max = policy.maxDurationMinutes;
  if (!draft.duration) {
    return ask(turn, draft, 'duration', `For how long do you need **${roleName}**?${max ? ` Up to ${durationInWords(policy.maxDuration)}.` : ''} For example **2 hours** or **until 5pm**.`);
  }
  let note = '';
  const wanted = isoDurationMinutes(draft.duration) ?? 0;
  if (max && wanted > max) {
    note = ` I asked for ${durationInWords(policy.maxDuration)}, the most its policy allows (you asked for ${durationInWords(draft.duration)}).`;
    draft.duration = policy.maxDuration!;
  }
  if (!draft.justification && (policy.requiresJustification || policy.approvalRequired)) {
    return ask(turn, draft, 'justification', `Why do you need **${roleName}**?${policy.approvalRequired ? ' Your approvers will read it,' : ' It goes into the audit log,'} so say what you will change and where, e.g. *fix the transport rule that bounces mail to fabrikam.com*.`);
  }
  if (draft.justification && !draft.confirmed && !draft.coached) {
    const reading = readJustification(draft.justification);
    if (reading.vague) {
      draft.coached = true;
      return ask(
        turn,
        draft,
        'confirm-justification',
        `“${quoted(draft.justification)}” won’t tell your approvers much${reading.tooShort ? '' : ` (${reading.generic.map((g) => `“${quoted(g, 40)}”`).join(', ') || 'it is very general'})`}. ` +
          'A good reason says what you will change and where, e.g. *reset MFA for j.doe after a phone swap (INC0051177)*.\n\nTell me a clearer reason, or say **submit anyway**.',
      );
    }
  }
  if (!draft.ticket && policy.requiresTicket) {
    return ask(turn, draft, 'ticket', `**${roleName}** needs a ticket number. What is it (for example CHG0048213)?`);
  }

  const input = {
    principalId: me.userId,
    roleDefinitionId: roleId,
    duration: draft.duration,
    ...(draft.justification ? { justification: draft.justification } : {}),
    ...(draft.ticket ? { ticket: { number: draft.ticket } } : {}),
  };
  try {
    await me.pim.selfActivate({ ...input, validationOnly: true });
  } catch (err) {
    return refused(turn, draft, roleName, err, 'PIM checked the request against the policy of');
  }
  const key = ticketKey(draft, roleId);
  if (ticketCoached && key === ticketCoached && (params.confirmed || params.fresh || params.ticket)) draft.ticketAccepted = key;
  const review = await reviewTicket(turn, draft, { id: roleId, name: roleName }, me.userId);
  if (review.kind === 'coach') return ask(turn, { ...draft, ticketCoached: key }, 'confirm-ticket', review.text);
  let request: ScheduleRequest;
  try {
    request = await me.pim.selfActivate(input);
  } catch (err) {
    return refused(turn, draft, roleName, err, 'PIM refused to activate');
  }
  dropDraft(turn.state, turn.userId);
  delete dialogueOf(turn.state, turn.userId).lastFailure;
  const pending = isPending(request.status) && request.status.toLowerCase() !== 'granted';
  // Approvers get their cards now rather than at the next poll; the poll still catches it if this fails.
  if (pending) await turn.services.enqueueTriage(request.id).catch((err: unknown) => turn.log.warn({ err, requestId: request.id }, 'could not enqueue triage'));
  const done = pending
    ? `I asked for **${roleName}** for ${durationInWords(draft.duration)}.${note} It needs approval; I’ll update the card below when your approvers decide.`
    : `**${roleName}** is ${statusInWords(request.status)} for ${durationInWords(draft.duration)}.${note}`;
  const text = review.note ? `${review.note}\n\n${done}` : done;
  return { kind: 'submitted', request, roleName, policy, text };
}

/** A refusal explained; the draft stays when the person can fix it by answering one question. */
function refused(turn: Turn, draft: ActivationDraft, roleName: string, err: unknown, intro: string): ActivationOutcome {
  const explained = explainFailure(err);
  const rules = err instanceof PolicyValidationError ? err.rules : [];
  dialogueOf(turn.state, turn.userId).lastFailure = {
    at: turn.now().toISOString(),
    action: 'activate',
    roleName,
    message: explained.what,
    next: explained.next,
    ...(err instanceof PimError && err.code ? { code: err.code } : {}),
    ...(rules.length ? { rules } : {}),
  };
  const ref = explained.reference ? `\n\n_Graph: ${explained.reference}_` : '';
  const why = rules.length ? `The role’s policy says ${rulesInWords(rules)}.` : explained.what;
  const head = rules.length ? `${intro} **${roleName}** and refused it. ${why}` : `${intro} **${roleName}**: ${why}`;
  if (rules.includes('TicketingRule')) {
    delete draft.ticket;
    return ask(turn, draft, 'ticket', `${head}\n\nWhat is the ticket number (for example CHG0048213)?${ref}`);
  }
  if (rules.includes('JustificationRule')) {
    delete draft.justification;
    return ask(turn, draft, 'justification', `${head}\n\nWhy do you need it?${ref}`);
  }
  if (rules.includes('ExpirationRule')) {
    delete draft.duration;
    return ask(turn, draft, 'duration', `${head}\n\nFor how long do you need it? Ask for less time.${ref}`);
  }
  // Kept, so "try again" after fixing the cause (signing in with MFA, say) resubmits it.
  saveDraft(turn.state, turn.userId, draft, turn.now());
  return { kind: 'stop', text: `${head}\n\n${explained.next}${ref}` };
}
