/**
 * Advice for the requester before a request is submitted, when the ticket they cite would not
 * back it: the same findings triage scores, in words addressed to them, each with what to fix.
 */
import { coversAllDomains, domainOfText, roleInfo } from '../roles/index.js';
import { durationMinutes } from '../triage/time.js';
import type { PersonKeys, TicketFacts } from './facts.js';
import { ticketFindings, type TicketFinding } from './findings.js';

/** The request being drafted. */
export interface CoachRequest {
  requester: PersonKeys;
  /** The role's display name or template id. */
  role: string;
  /** When the activation would start (ISO 8601); now when unset. */
  start?: string;
  /** The duration asked for (ISO 8601). */
  duration?: string;
}

/** The problems with the cited ticket, in the order to fix them; empty when it backs the request. */
export function coachFindings(facts: TicketFacts | undefined, request: CoachRequest, now: Date = new Date()): TicketFinding[] {
  if (!facts) return [];
  const info = roleInfo(request.role);
  const role = info
    ? { displayName: info.displayName, domains: info.domains, coversAll: coversAllDomains(info) }
    : { displayName: request.role, domains: domainOfText(request.role).map((d) => d.domain), coversAll: false };
  return ticketFindings(facts, { requester: request.requester, role, start: request.start ?? now.toISOString(), minutes: durationMinutes(request.duration) });
}

/** One line per problem with the cited ticket, in the order to fix them; empty when the ticket backs the request. */
export function coachTicket(facts: TicketFacts | undefined, request: CoachRequest, now: Date = new Date()): string[] {
  return coachFindings(facts, request, now).map((f) => f.advice);
}
