/** Tickets: whether the ticket a request cites is real, open, the requester's, scheduled for the activation and about the role's work.
 *  ServiceNow and Jira connectors, one cached and time-boxed checker, the findings triage scores, coaching and narrative words, sandbox seeds and wiring. */
export type { PersonKeys, TicketConnector, TicketFacts, TicketPerson, TicketRecord, TicketRole, TicketSystemName } from './facts.js';
export { ServiceNowConnector, type ServiceNowAuth, type ServiceNowSettings } from './servicenow.js';
export { JiraConnector, adfText, type JiraSettings } from './jira.js';
export { TicketSystemError } from './http.js';
export { TicketChecker, type TicketCheckerOptions, type TicketReference } from './checker.js';
export { ticketFindings, requesterOnTicket, type TicketFinding, type TicketFindingKind, type TicketRequestView } from './findings.js';
export { withTicketFacts, triageWithTicket } from './analysis.js';
export { coachFindings, coachTicket, type CoachRequest } from './coach.js';
export { describeTicket } from './describe.js';
export { seedTickets, type SeedTenant, type SeedVariant, type TicketSeeds } from './seeds.js';
export { wireTickets, seedTenantOf, type TicketWiring } from './wiring.js';
