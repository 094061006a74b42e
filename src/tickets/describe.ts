/** One sentence on a checked ticket, for the audit narrative and anywhere else a person reads it. */
import type { TicketFacts } from './facts.js';
import { peopleWords, ticketName, when, windowWords } from './words.js';

/** e.g. `ServiceNow change CHG0030001 "Rotate the connector certificate": Implement, planned 18 Nov 2026 09:00–13:00 UTC, assigned to Nina Patel (checked 18 Nov 2026 09:05 UTC).` */
export function describeTicket(facts: TicketFacts): string {
  const name = ticketName(facts);
  const checked = `checked ${when(facts.checkedAt)}`;
  if (facts.status === 'unavailable') return `${name} could not be checked (${facts.problem ?? `${facts.system} did not answer`}; ${checked}).`;
  if (facts.status === 'not-found') return `${facts.system} had no ticket ${facts.number} (${checked}).`;
  const title = facts.shortDescription ? ` "${facts.shortDescription}"` : '';
  const window = windowWords(facts.plannedStart, facts.plannedEnd);
  const people = peopleWords({ people: facts.people?.filter((p) => p.role === 'assignee'), assignmentGroup: facts.assignmentGroup });
  const parts = [facts.state ?? 'state unknown', facts.emergency ? 'an emergency change' : undefined, window ? `planned ${window}` : undefined, people || undefined].filter(Boolean);
  return `${name}${title}: ${parts.join(', ')} (${checked}).`;
}
