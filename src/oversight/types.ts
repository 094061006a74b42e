/** The shapes the oversight scanner reads and writes. */
import type * as Graph from '@microsoft/microsoft-graph-types';

export type AlertKind =
  | 'destructive-burst'
  | 'unusual-activity'
  | 'off-hours'
  | 'justification-mismatch'
  | 'outside-activation'
  | 'break-glass';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** One log record behind an alert, as a reviewer would look it up in the audit log. */
export interface AlertEvent {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  target: string;
}

/** The activation an alert happened under. */
export interface ActivationRef {
  requestId: string;
  start: string;
  end: string;
  justification: string;
  ticket: string;
}

export interface Alert {
  /** Stable across runs over the same events, so an incremental job can de-duplicate. */
  id: string;
  kind: AlertKind;
  severity: Severity;
  userId: string;
  userPrincipalName: string;
  roleId?: string;
  roleName?: string;
  activation?: ActivationRef;
  /** The activation's request id, or null when no activation covers the alert. */
  requestId: string | null;
  summary: string;
  narrative?: string;
  events: AlertEvent[];
  /** The ids of `events`, for consumers that only cross-reference the logs. */
  eventIds: string[];
}

/** A period during which a user held a role through PIM, rebuilt from its events. */
export interface ActivationWindow {
  requestId: string;
  userId: string;
  userPrincipalName: string;
  roleId: string;
  roleName: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** How the end is known: a deactivation, an expiry, the planned expiration, or still running. */
  endedBy: 'deactivated' | 'expired' | 'planned' | 'open';
  justification: string;
  ticket: string;
  requestedAt?: number;
}

/** What the scanner reads: Graph objects as returned by the API (or a tenant snapshot). */
export interface OversightInput {
  directoryAudits: Graph.DirectoryAudit[];
  signIns?: Graph.SignIn[];
  requests?: Graph.UnifiedRoleAssignmentScheduleRequest[];
  users?: Graph.User[];
  roleDefinitions?: Graph.UnifiedRoleDefinition[];
  eligibilities?: Graph.UnifiedRoleEligibilitySchedule[];
  /** Standing (non-PIM) assignments: their holders are never "outside" an activation. */
  assignments?: Graph.UnifiedRoleAssignmentSchedule[];
}

export interface OversightTuning {
  /** Audit timestamps lag or lead PIM's own by a few minutes; events this close to a window belong to it. */
  skewMinutes: number;
  /** Sliding window in which destructive actions are counted. */
  burstWindowMinutes: number;
  /** Fewest destructive actions in that window that can ever be a burst. */
  burstMinimum: number;
  /** A burst must also exceed this multiple of the busiest such window in the baseline. */
  burstBaselineFactor: number;
  /** Local working day used when a user's own history is too thin, [start, end) in hours. */
  workingHours: [number, number];
  /** Fewest baseline events before a user's own hours (or a role's activities) are trusted. */
  minBaselineEvents: number;
  /** Fewest baseline windows before a role's activity profile is trusted on its own. */
  minRoleWindows: number;
  /** Fewest observed (session, activity) pairs before a history can count as settled. */
  minSettledObservations: number;
  /** Events by one user outside any activation closer than this are one episode. */
  episodeGapMinutes: number;
}

export interface OversightOptions {
  /** Watermark: only events after it are scored; everything before it is history. */
  since: string | Date;
  /** End of the scan; defaults to the newest event in the input. */
  now?: string | Date;
  breakGlassUserIds?: readonly string[];
  /** userId → time zone, Windows (as Exchange returns it) or IANA; overrides mailbox settings. */
  timeZones?: Readonly<Record<string, string>>;
  /** Alert on a break-glass sign-in even when nothing is done with it (the service does; see break-glass.ts). */
  alertOnBreakGlassSignIn?: boolean;
  /** A baseline learned earlier (an incremental job keeps it); learned from the input otherwise. */
  baseline?: import('./baseline.js').SessionBaseline;
  tuning?: Partial<OversightTuning>;
}

export interface OversightResult {
  alerts: Alert[];
  /** Activation windows that overlap the scanned period. */
  windows: number;
  /** Audit and sign-in records inside the scanned period. */
  eventsScanned: number;
  /** Next `since` for an incremental run. */
  watermark: string;
  /** Break-glass sign-ins with no directory action after them, when not alerted: shown to people to confirm. */
  breakGlassSignIns: AlertEvent[];
}
