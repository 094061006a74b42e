/**
 * The cited ticket, checked before an activation is submitted: when the ticket system says it would
 * not back the request (missing, closed, someone else's, another time, other work), the requester
 * hears what to fix and decides; when the system cannot be asked in time, the request goes ahead.
 */
import { coachFindings } from '../../tickets/coach.js';
import type { PersonKeys, TicketFacts } from '../../tickets/facts.js';
import type { TicketFinding } from '../../tickets/findings.js';
import type { ActivationDraft } from '../dialogue.js';
import type { Turn } from '../turn.js';

export type TicketReview =
  /** Nothing stands in the way; `note` says when the ticket could not be checked. */
  | { kind: 'go'; note?: string }
  /** Problems the requester should hear before anything is sent. */
  | { kind: 'coach'; text: string };

/** What the coaching is about: asking again for the same thing with the same ticket is insisting on it. */
export function ticketKey(draft: ActivationDraft, roleId: string): string | undefined {
  return draft.ticket ? `${roleId.toLowerCase()}|${draft.duration ?? ''}|${draft.ticket}` : undefined;
}

/** The speaker as ticket systems know people; the Teams name when the directory cannot say. */
async function requesterKeys(turn: Turn, userId: string): Promise<PersonKeys> {
  try {
    const user = await turn.services.graph.pim.getUser(userId);
    return { userPrincipalName: user.userPrincipalName ?? undefined, mail: user.mail ?? undefined, displayName: user.displayName ?? undefined };
  } catch (err) {
    turn.log.debug({ err }, 'could not read the requester for the ticket check');
    return { displayName: turn.context.activity.from?.name ?? undefined };
  }
}

function coaching(facts: TicketFacts, findings: TicketFinding[]): string {
  const body = findings.length === 1 ? findings[0]!.advice : findings.map((f) => `- ${f.advice}`).join('\n');
  const shorter = findings.some((f) => f.kind === 'outside-window' && f.extent === 'partial') ? ' (or a time that fits its window)' : '';
  return (
    `Before I send this, a word about **${facts.number}** (${facts.system}):\n\n${body}\n\n` +
    `Tell me another ticket number${shorter}, or say **submit anyway** to send it as it is; your approvers will see the same.`
  );
}

/**
 * Checks the draft's ticket with the configured checker (within its timeout). Says nothing when no
 * ticket system is set up, the draft cites no ticket it can read, or the person already chose to
 * go ahead with this ticket.
 */
export async function reviewTicket(turn: Turn, draft: ActivationDraft, role: { id: string; name: string }, userId: string): Promise<TicketReview> {
  const checker = turn.services.graph.tickets.checker;
  const key = ticketKey(draft, role.id);
  if (!checker || !key || draft.ticketAccepted === key) return { kind: 'go' };
  const requester = await requesterKeys(turn, userId);
  const facts = await checker.check({ ticketNumber: draft.ticket, justification: draft.justification }, requester);
  if (!facts) return { kind: 'go' };
  const findings = coachFindings(facts, { requester, role: role.name, start: turn.now().toISOString(), duration: draft.duration }, turn.now());
  if (facts.status === 'unavailable') return { kind: 'go', note: findings[0]?.advice };
  // An emergency change alone is no reason to stop; it is mentioned when there is something to fix.
  if (!findings.some((f) => f.kind !== 'emergency')) return { kind: 'go' };
  return { kind: 'coach', text: coaching(facts, findings) };
}
