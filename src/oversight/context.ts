/** What every detector sees: the scanned period, sessions with their actions, and the baseline. */
import type { SessionBaseline } from './baseline.js';
import type { LogEvent } from './events.js';
import type { People } from './people.js';
import type { ActivationWindow, Alert, OversightTuning } from './types.js';

/** One activation window and the admin actions taken under it inside the scanned period. */
export interface Session {
  window: ActivationWindow;
  actions: LogEvent[];
}

/** Admin actions by one privileged user with no activation covering them, close together in time. */
export interface Episode {
  userId: string;
  actions: LogEvent[];
}

export interface ScanContext {
  since: number;
  now: number;
  tuning: OversightTuning;
  baseline: SessionBaseline;
  people: People;
  /** Every window of each user, sorted by start (history included). */
  windowsByUser: ReadonlyMap<string, readonly ActivationWindow[]>;
  sessions: Session[];
  outside: Episode[];
  /** Everything in the scanned period, oldest first. */
  scanned: LogEvent[];
  /** Every event given, history included, oldest first (for context that starts before the watermark). */
  events: LogEvent[];
  alertOnBreakGlassSignIn: boolean;
}

export type Detector = (ctx: ScanContext) => Alert[];
