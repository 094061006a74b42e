/**
 * What a ticket system says about the ticket a request cites, as plain data: read by triage's
 * ticket signals, the coaching before submission, the approval card and the audit narrative.
 */

export type TicketSystemName = 'ServiceNow' | 'Jira';

/** How a person is attached to a ticket. */
export type TicketRole = 'assignee' | 'caller' | 'requested for' | 'requested by' | 'opened by' | 'reporter' | 'creator';

export interface TicketPerson {
  role: TicketRole;
  name?: string;
  email?: string;
  /** ServiceNow's user_name (often the UPN) or Jira's account name. */
  userName?: string;
}

/** One ticket as its system describes it, whoever asks. */
export interface TicketRecord {
  number: string;
  system: TicketSystemName;
  /** The ServiceNow table (incident, change_request, sc_req_item…) or the Jira issue type. */
  type: string;
  kind: 'incident' | 'change' | 'request' | 'problem' | 'task' | 'issue';
  shortDescription: string;
  description?: string;
  /** The state as the system displays it ("Implement", "In Progress", "Resolved"). */
  state: string;
  open: boolean;
  /** The change window, ISO 8601 UTC, when the ticket has one. */
  plannedStart?: string;
  plannedEnd?: string;
  /** An emergency change: authorised outside the usual change board. */
  emergency: boolean;
  people: TicketPerson[];
  assignmentGroup?: { id: string; name: string };
  /** The configuration item, service or component the ticket is about. */
  configurationItem?: string;
  /** Where a person opens the ticket in a browser. */
  url?: string;
}

/**
 * The outcome of checking one request's ticket: `found` with the ticket's facts, `not-found` when
 * the system says there is no such ticket, `unavailable` when it could not be asked in time.
 */
export interface TicketFacts {
  number: string;
  system: TicketSystemName;
  status: 'found' | 'not-found' | 'unavailable';
  /** Why it (or, for a found ticket, part of it) could not be checked; never holds credentials. */
  problem?: string;
  checkedAt: string;
  type?: string;
  kind?: TicketRecord['kind'];
  shortDescription?: string;
  description?: string;
  state?: string;
  open?: boolean;
  plannedStart?: string;
  plannedEnd?: string;
  emergency?: boolean;
  people?: TicketPerson[];
  assignmentGroup?: string;
  /** Whether the requester belongs to the assignment group; absent when unknown or not asked. */
  requesterInGroup?: boolean;
  configurationItem?: string;
  url?: string;
}

/** What identifies a person to a ticket system. */
export interface PersonKeys {
  userPrincipalName?: string;
  mail?: string;
  displayName?: string;
}

/** One ticket system the checker can ask. Implementations: ServiceNowConnector, JiraConnector. */
export interface TicketConnector {
  readonly system: TicketSystemName;
  /** Whether this connector reads such a number (its format, and the projects it is set up for). */
  handles(number: string): boolean;
  /** The ticket, or null when the system says there is none; rejects when it cannot be asked. */
  get(number: string, signal: AbortSignal): Promise<TicketRecord | null>;
  /** Whether someone belongs to a ticket's assignment group; systems without groups leave it out. */
  isGroupMember?(groupId: string, who: PersonKeys, signal: AbortSignal): Promise<boolean>;
}
