/**
 * The baseline learned from Graph's audit log, streamed: the history is read page by page into the
 * disk-backed sort (graph-logs.ts), then scanned oldest first with nothing scored, only learned, so
 * memory stays the sort's buffer however busy the tenant. The ingest learns it once and keeps it
 * (baseline-store.ts); each poll after that reads only its own stretch of the log.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Logger } from 'pino';
import type { PimGateway } from '../pim/index.js';
import type { SessionBaseline } from './baseline.js';
import { sortGraphLogs } from './graph-logs.js';
import { createScanner } from './scan.js';
import type { OversightInput } from './types.js';
import type { UserZones } from './user-zones.js';

const DAY_MS = 86_400_000;

export interface LearnOptions {
  /** Learned from the log up to this instant (epoch ms)… */
  until: number;
  /** …over this many days, */
  historyDays: number;
  /** …and this much before them, for the activations already open when the history begins. */
  lookbackMs: number;
  breakGlassUserIds: readonly string[];
  /** The directory as the scan reads it (requests, roles, eligibilities, assignments). */
  directory: Omit<OversightInput, 'directoryAudits' | 'signIns' | 'users'>;
}

export interface LearnDeps {
  pim: Pick<PimGateway, 'directoryAuditItems' | 'signInItems'>;
  zones: Pick<UserZones, 'users'>;
  log: Logger;
}

export async function learnBaselineFromGraph(deps: LearnDeps, o: LearnOptions): Promise<{ baseline: SessionBaseline; records: number }> {
  const until = new Date(o.until);
  const since = new Date(o.until - o.historyDays * DAY_MS - o.lookbackMs);
  const logs = await sortGraphLogs(deps.pim, { since, until, requests: o.directory.requests ?? [] });
  // Habits are learned on each person's own clock.
  let users: Graph.User[] = [];
  try {
    users = await deps.zones.users(logs.actors);
  } catch (err) {
    deps.log.warn({ err }, "oversight baseline: users' time zones unreadable; their hours are learned on the zone judged from the log (UTC when too little to judge)");
  }
  // Everything read is history (before `since`): the scanner only learns from it.
  const scanner = createScanner({ ...o.directory, users }, { since: until, now: until, breakGlassUserIds: o.breakGlassUserIds }, { workTimes: logs.sort.workTimes });
  logs.sort.feed(scanner);
  scanner.finish();
  return { baseline: scanner.learnedBaseline() as SessionBaseline, records: logs.audits };
}
