/**
 * Oversight scan benchmark: how many audit and sign-in events a scan gets through per second on one
 * core, and whether memory stays flat as the log grows. The log is the contoso-oversight tenant's
 * repeated end to end (ids made unique, times shifted), so its shapes and rates are real ones.
 * `node --import tsx bench/oversight.ts [--events N] [--tenant FILE]`; `benchOversight(opts)` for bench/run.ts.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { breakGlassMembers } from '../src/oversight/people.js';
import { scanOversight } from '../src/oversight/scan.js';
import { oversightInputFromSnapshot } from '../src/oversight/snapshot-input.js';
import type { OversightInput } from '../src/oversight/types.js';
import { loadSnapshot } from '../src/tenant/snapshot.js';

export interface BenchOversightOptions {
  /** Audit plus sign-in events in the synthesized log (rounded up to whole copies of the tenant). */
  events?: number;
  tenant?: string;
  log?: (line: string) => void;
}

export interface BenchOversightResult {
  eventsPerSecond: number;
  peakRssMb: number;
  events: number;
  /** Scan time of the full log, and of a log a tenth its size: flat rates mean linear work. */
  scanMs: number;
  smallEventsPerSecond: number;
  alerts: number;
}

const DEFAULT_TENANT = new URL('../../shared/eval/oversight/contoso-oversight.json', import.meta.url);
const DAY_MS = 86_400_000;

function shiftIso(iso: unknown, ms: number): string | undefined {
  return typeof iso === 'string' ? new Date(Date.parse(iso) + ms).toISOString() : undefined;
}

/** The tenant's logs repeated `copies` times, each copy moved later by the span of the original. */
function synthesize(input: OversightInput, copies: number): OversightInput {
  const times = input.directoryAudits.map((a) => Date.parse(a.activityDateTime as string));
  const span = Math.ceil((Math.max(...times) - Math.min(...times)) / DAY_MS + 1) * DAY_MS;
  const audits: Graph.DirectoryAudit[] = [];
  const signIns: Graph.SignIn[] = [];
  const requests: Graph.UnifiedRoleAssignmentScheduleRequest[] = [];
  for (let k = 0; k < copies; k++) {
    const shift = (k - copies + 1) * span;
    const tag = (id: string | null | undefined): string | undefined => (k === copies - 1 ? (id ?? undefined) : `${id}~${k}`);
    for (const a of input.directoryAudits) {
      audits.push({
        ...a,
        id: tag(a.id),
        activityDateTime: shiftIso(a.activityDateTime, shift),
        additionalDetails: a.additionalDetails?.map((d) => (d.key === 'RoleAssignmentRequestId' || d.key === 'RequestId' ? { ...d, value: tag(d.value) } : d.key === 'ExpirationTime' ? { ...d, value: shiftIso(d.value, shift) } : d)),
      });
    }
    for (const s of input.signIns ?? []) signIns.push({ ...s, id: tag(s.id), createdDateTime: shiftIso(s.createdDateTime, shift) });
    for (const r of input.requests ?? []) {
      requests.push({
        ...r,
        id: tag(r.id),
        createdDateTime: shiftIso(r.createdDateTime, shift),
        completedDateTime: shiftIso(r.completedDateTime, shift),
        scheduleInfo: r.scheduleInfo && { ...r.scheduleInfo, startDateTime: shiftIso(r.scheduleInfo.startDateTime, shift) },
      });
    }
  }
  return { ...input, directoryAudits: audits, signIns, requests };
}

export async function benchOversight(opts: BenchOversightOptions = {}): Promise<BenchOversightResult> {
  const log = opts.log ?? (() => {});
  const snapshot = await loadSnapshot(opts.tenant ?? DEFAULT_TENANT.pathname);
  const base = oversightInputFromSnapshot(snapshot);
  const perCopy = base.directoryAudits.length + (base.signIns?.length ?? 0);
  const copies = Math.max(1, Math.ceil((opts.events ?? 1_000_000) / perCopy));
  const breakGlassUserIds = breakGlassMembers(snapshot.groups, 'Emergency Access Accounts');

  const run = (input: OversightInput) => {
    const newest = Math.max(...base.directoryAudits.map((a) => Date.parse(a.activityDateTime as string)));
    // Score the last 30 days; everything before is history the baseline learns from.
    const since = new Date(newest - 30 * DAY_MS).toISOString();
    const started = performance.now();
    const result = scanOversight(input, { since, breakGlassUserIds });
    return { ms: performance.now() - started, alerts: result.alerts.length };
  };

  const small = synthesize(base, Math.max(1, Math.round(copies / 10)));
  const smallEvents = small.directoryAudits.length + (small.signIns?.length ?? 0);
  run(small); // warm-up: JIT and caches
  const smallRun = run(small);
  log(`small: ${smallEvents} events in ${smallRun.ms.toFixed(0)} ms`);

  const input = synthesize(base, copies);
  const events = input.directoryAudits.length + (input.signIns?.length ?? 0);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const { ms, alerts } = run(input);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const eventsPerSecond = Math.round(events / (ms / 1000));
  log(`full: ${events} events in ${ms.toFixed(0)} ms → ${eventsPerSecond} events/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB, ${alerts} alerts`);
  return { eventsPerSecond, peakRssMb: Math.round(peak / 2 ** 20), events, scanMs: Math.round(ms), smallEventsPerSecond: Math.round(smallEvents / (smallRun.ms / 1000)), alerts };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { events: { type: 'string' }, tenant: { type: 'string' } } });
  const result = await benchOversight({ events: values.events ? Number(values.events) : undefined, tenant: values.tenant, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
