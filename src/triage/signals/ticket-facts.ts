/**
 * Signals from what the ticket system says about the cited ticket (`ctx.ticketFacts`): it does not
 * exist, is done, is not the requester's, is scheduled for another time, is about another service,
 * or is an emergency change. Without facts (nothing was checked) none of them fires.
 */
import { coversAllDomains } from '../../roles/index.js';
import { describeTicket } from '../../tickets/describe.js';
import { ticketFindings, type TicketFinding, type TicketFindingKind } from '../../tickets/findings.js';
import { factor, type Signal, type SignalInput } from '../signal.js';
import type { FlagId } from '../types.js';

/** Points per finding; a ticket that does not back the request at all also holds it for a person. */
export const TICKET_FACT_POINTS = {
  notFound: 3,
  closed: 2,
  notOnTicket: 2,
  outsideWindow: 2,
  partlyOutsideWindow: 1,
  unrelated: 2,
  emergency: 1,
  unchecked: 0,
  /** The lowest score (medium) for a ticket that is missing, done, someone else's, elsewhere in time or about other work. */
  reviewFloor: 4,
} as const;

const P = TICKET_FACT_POINTS;

const findings = new WeakMap<SignalInput, TicketFinding[]>();

function findingsOf(input: SignalInput): TicketFinding[] {
  const facts = input.ctx.ticketFacts;
  if (!facts) return [];
  let found = findings.get(input);
  if (!found) {
    const { ctx, role, requestedMinutes } = input;
    found = ticketFindings(facts, {
      requester: { userPrincipalName: ctx.requester.userPrincipalName, displayName: ctx.requester.displayName },
      role: { displayName: role.displayName, domains: role.domains, coversAll: coversAllDomains(role) },
      start: ctx.request.createdDateTime,
      minutes: requestedMinutes,
    });
    findings.set(input, found);
  }
  return found;
}

interface SignalOptions {
  floor?: boolean;
  flags?: FlagId[];
  /** Evidence another signal already scores. */
  counted?: (f: TicketFinding, input: SignalInput) => boolean;
}

function signalFor(kind: TicketFindingKind, id: string, points: (f: TicketFinding) => number, options: SignalOptions = {}) {
  return (input: SignalInput): Signal | null => {
    const f = findingsOf(input).find((x) => x.kind === kind);
    if (!f || options.counted?.(f, input)) return null;
    const p = points(f);
    return {
      factor: factor(id, p, f.detail),
      label: f.label,
      flags: options.flags,
      floor: options.floor && p >= 2 ? { score: P.reviewFloor, reason: f.label } : undefined,
    };
  };
}

/** The ticket as checked, quoted for the approver; scores nothing. */
export function ticketRecord(input: SignalInput): Signal | null {
  const facts = input.ctx.ticketFacts;
  if (!facts || facts.status !== 'found') return null;
  return { factor: factor('ticket-record', 0, describeTicket(facts)) };
}

export const ticketUnchecked = signalFor('unchecked', 'ticket-unchecked', () => P.unchecked);
// A ticket that does not exist is no better than none: it raises the same flag.
export const ticketNotFound = signalFor('not-found', 'ticket-not-found', () => P.notFound, { floor: true, flags: ['missing-ticket'] });
export const ticketClosed = signalFor('closed', 'ticket-closed', () => P.closed, { floor: true });
export const ticketRequester = signalFor('not-on-ticket', 'ticket-requester', () => P.notOnTicket, { floor: true });
export const ticketWindow = signalFor('outside-window', 'ticket-window', (f) => (f.extent === 'entire' ? P.outsideWindow : P.partlyOutsideWindow), { floor: true });
// A ticket about what the justification is about adds nothing to the role-mismatch signal's reading of it.
export const ticketSubject = signalFor('unrelated', 'ticket-subject', () => P.unrelated, {
  floor: true,
  counted: (f, { reading }) => (f.domains ?? []).every((d) => reading.domains.some((r) => r.domain === d)),
});
export const emergencyChange = signalFor('emergency', 'ticket-emergency', () => P.emergency);

/** In the order their factors are listed, right after the ticket reference itself. */
export const TICKET_FACT_SIGNALS = [ticketRecord, ticketUnchecked, ticketNotFound, ticketClosed, ticketRequester, ticketWindow, ticketSubject, emergencyChange] as const;
