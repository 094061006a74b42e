/**
 * One oversight pass over logs in memory: the records and PIM requests, sorted oldest first, go
 * through the streamed scanner (stream.ts), which rebuilds activation windows, learns (or takes)
 * the baseline from history up to the watermark, places every admin action after it in a session
 * or an off-window episode, and runs each detector as those end. Pure: the caller brings the logs
 * and keeps the returned watermark, so a job can run it every few minutes over `directoryAudits`
 * and `signIns` fetched since the last pass (with history behind, so windows opened earlier are known).
 */
import { roleInfo } from '../roles/index.js';
import { normaliseLogs, parseTime, requestItem, type TimelineItem } from './events.js';
import { buildPeople } from './people.js';
import { OversightScanner } from './stream.js';
import { DEFAULT_TUNING } from './tuning.js';
import type { OversightInput, OversightOptions, OversightResult } from './types.js';
import { WorkTimes } from './zone-guess.js';

/** Role id → display name, from the definitions and, for eligibilities of roles not listed, built-in knowledge. */
export function roleNames(input: Pick<OversightInput, 'roleDefinitions' | 'eligibilities'>): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of input.roleDefinitions ?? []) {
    if (r.displayName) for (const id of [r.id, r.templateId]) if (id) names.set(id, r.displayName);
  }
  for (const r of input.eligibilities ?? []) {
    if (r.roleDefinitionId && !names.has(r.roleDefinitionId)) {
      const known = roleInfo(r.roleDefinitionId);
      if (known) names.set(r.roleDefinitionId, known.displayName);
    }
  }
  return names;
}

/**
 * A scanner for a tenant's directory objects (`input` without its logs): the in-memory scan and
 * the streamed snapshot reader both start here.
 */
export function createScanner(
  input: Omit<OversightInput, 'directoryAudits' | 'signIns'>,
  options: OversightOptions,
  extra: { privilegedIds?: Iterable<string>; seen?: Map<string, { upn?: string; name?: string }>; workTimes?: WorkTimes } = {},
): OversightScanner {
  const since = parseTime(options.since);
  if (since === undefined) throw new Error(`since is not a date: ${String(options.since)}`);
  const seen = extra.seen ?? new Map<string, { upn?: string; name?: string }>();
  const people = buildPeople({ ...input, directoryAudits: [] }, [], {
    timeZones: options.timeZones,
    breakGlassUserIds: options.breakGlassUserIds,
    seen,
    privilegedIds: extra.privilegedIds,
    // A kept baseline was learned on a clock, and later scans keep to it: a poll's few hours (whatever
    // is unusual in them included) never judge the zone. Otherwise only the history before `since`
    // does, so the stretch being judged cannot sway its own clock.
    guessZone: () => (options.baseline ? options.baseline.guessedZone : extra.workTimes?.guess(since)),
  });
  return new OversightScanner({
    since,
    now: parseTime(options.now),
    tuning: { ...DEFAULT_TUNING, ...options.tuning },
    people,
    roleNames: roleNames(input),
    seen,
    baseline: options.baseline,
    alertOnBreakGlassSignIn: options.alertOnBreakGlassSignIn ?? false,
  });
}

function idOf(item: TimelineItem): string {
  return item.source === 'request' ? (item.request.id ?? '') : item.id;
}

/**
 * Oldest first; at the same instant requests first (an activation's request precedes its records),
 * then by id, so every reader of the same logs gives the scanner the same order.
 */
export function byTime(a: TimelineItem, b: TimelineItem): number {
  if (a.at !== b.at) return a.at - b.at;
  const ra = a.source === 'request' ? 0 : 1;
  const rb = b.source === 'request' ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const x = idOf(a);
  const y = idOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The logs and PIM requests held in memory, in the order a scanner reads them. */
export function timelineOf(input: Pick<OversightInput, 'directoryAudits' | 'signIns' | 'requests'>): TimelineItem[] {
  const items: TimelineItem[] = normaliseLogs(input.directoryAudits, input.signIns ?? []);
  for (const r of input.requests ?? []) {
    const item = requestItem(r);
    if (item) items.push(item);
  }
  return items.sort(byTime);
}

export function scanOversight(input: OversightInput, options: OversightOptions): OversightResult {
  const timeline = timelineOf(input);
  const workTimes = new WorkTimes();
  for (const item of timeline) workTimes.note(item);
  const scanner = createScanner(input, options, { workTimes });
  for (const item of timeline) scanner.push(item);
  return scanner.finish();
}
