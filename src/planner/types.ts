/** The shapes the local planner reads and returns. */

export type Intent =
  | 'listEligible'
  | 'listActive'
  | 'activate'
  | 'status'
  | 'cancel'
  | 'deactivate'
  | 'extend'
  | 'recommendRole'
  | 'explain'
  | 'help'
  | 'smalltalk'
  | 'unknown';

export interface PlannerRole {
  id: string;
  displayName: string;
  templateId?: string | null;
}

export interface PlannerPerson {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  givenName?: string | null;
  surname?: string | null;
}

export interface ParseContext {
  /** The roles of the tenant; the `role` slot is always one of these. */
  roles: readonly PlannerRole[];
  /** People of the tenant, to resolve who a helpdesk question is about. */
  people?: readonly PlannerPerson[];
  /** The speaker's user id: a question about them is not about someone else. */
  userId?: string;
  now: Date;
  /** The speaker's IANA time zone, for clock times such as "until 5pm". UTC when absent. */
  timeZone?: string;
}

/** A slot the bot must still ask for before it can act on the intent. */
export type MissingSlot = 'role' | 'duration' | 'justification' | 'task';

export interface ParseResult {
  intent: Intent;
  /** 0–1: how sure the planner is of the intent. */
  confidence: number;
  /** Display name of a tenant role, or null when none was named. */
  role: string | null;
  roleId: string | null;
  /** ISO 8601 duration such as PT2H or PT90M. */
  duration: string | null;
  /** Ticket number, upper-case (INC0051177, OPS-1234). */
  ticket: string | null;
  /** The person asked about, as the tenant writes them; null when the speaker asks about themselves. */
  subject: string | null;
  subjectId: string | null;
  /** The reason in the speaker's words, without the role, duration and ticket. */
  justification: string | null;
  /** For recommendRole: the task the speaker wants to do. */
  task: string | null;
  missing: MissingSlot[];
}

/** A part of the text that a slot was read from, so the rest can become the justification. */
export interface Span {
  start: number;
  end: number;
}

export interface DurationRead extends Span {
  /** ISO 8601: whole hours as PTnH, anything else in minutes (PT90M). */
  iso: string;
  minutes: number;
  /** `until` when computed from a clock time, `length` when the speaker gave a length. */
  kind: 'length' | 'until';
}
