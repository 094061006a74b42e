/** What every detector sees: the scanned period, the sessions and episodes to judge, and the baseline. */
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
  /** Windows of each user known when the detector runs (the last one over, and those open), sorted by start. */
  windowsByUser: ReadonlyMap<string, readonly ActivationWindow[]>;
  /** What is being judged: sessions whose windows are over, and episodes that have ended. */
  sessions: Session[];
  outside: Episode[];
}

export type Detector = (ctx: ScanContext) => Alert[];
