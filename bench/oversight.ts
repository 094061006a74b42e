/**
 * Oversight scan benchmark: how many audit and sign-in events a scan gets through per second on one
 * core, and whether memory stays flat as the log grows. The log is the contoso-oversight tenant's
 * repeated end to end (ids made unique, times shifted), so its shapes and rates are real ones.
 * Each measurement runs in a child process of its own, so its peak RSS is its own, pinned to one
 * CPU where `taskset` is there (the collector's threads share that core):
 * - the engine, as the service's ingest job scans records once Graph's pages have come: each read
 *   from a file of record lines, parsed and checked against the gateway's schema into the
 *   disk-backed sort, read back in time order and scored against a kept baseline;
 * - the snapshot command, the log written to a snapshot file: `stream` (the command line's streamed
 *   scan, the default: parsing the file and sorting the log through disk included) or `memory`
 *   (the whole snapshot loaded, then scanned in memory, as the scan did before it streamed).
 * `node --import tsx bench/oversight.ts [--events N] [--tenant FILE] [--mode stream|memory]`;
 * `benchOversight(opts)` for bench/run.ts.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { execFile } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { tuneCollector } from '../src/gc-tuning.js';
import { check, directoryAuditSchema, scheduleRequestSchema, signInSchema } from '../src/pim/shapes.js';
import { fromSignIn } from '../src/oversight/events.js';
import { LogSort } from '../src/oversight/log-sort.js';
import { breakGlassMembers } from '../src/oversight/people.js';
import { scanSnapshotFile } from '../src/oversight/scan-file.js';
import { createScanner, scanOversight, timelineOf } from '../src/oversight/scan.js';
import { oversightInputFromSnapshot } from '../src/oversight/snapshot-input.js';
import type { OversightInput } from '../src/oversight/types.js';
import { loadSnapshot, type TenantSnapshot } from '../src/tenant/snapshot.js';

export type ScanMode = 'stream' | 'memory';

export interface BenchOversightOptions {
  /** Audit plus sign-in events in the synthesized log (rounded up to whole copies of the tenant). */
  events?: number;
  tenant?: string;
  mode?: ScanMode;
  log?: (line: string) => void;
}

export interface EngineFigures {
  eventsPerSecond: number;
  cpuEventsPerSecond: number;
  peakRssMb: number;
  alerts: number;
}

export interface BenchOversightResult {
  /** Whether each measurement ran pinned to one CPU (wall-clock rates are then one core's). */
  oneCore: boolean;
  /**
   * As the ingest job scans a poll's records once fetched: parsed into the sort, read back in time
   * order and every one scored against a kept baseline.
   */
  engine: EngineFigures;
  /** The rest: the snapshot command, reading the file and sorting the log through disk included. */
  mode: ScanMode;
  /** Events per second of wall-clock time, the whole scan (reading the file included). */
  eventsPerSecond: number;
  /** Events per second of the scan process's CPU time: what one core does on a busy machine. */
  cpuEventsPerSecond: number;
  /** Peak RSS of the scan of the full log, and of a log a tenth its size: flat memory means close figures. */
  peakRssMb: number;
  smallPeakRssMb: number;
  events: number;
  smallEvents: number;
  scanMs: number;
  smallEventsPerSecond: number;
  alerts: number;
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  alerts: number;
}

const DEFAULT_TENANT = fileURLToPath(new URL('../../shared/eval/oversight/contoso-oversight.json', import.meta.url));
const DAY_MS = 86_400_000;
const BREAK_GLASS_GROUP = 'Emergency Access Accounts';

function shiftIso(iso: unknown, ms: number): string | undefined {
  return typeof iso === 'string' ? new Date(Date.parse(iso) + ms).toISOString() : undefined;
}

function newest(snapshot: TenantSnapshot): number {
  return Math.max(...snapshot['auditLogs/directoryAudits'].map((a) => Date.parse(a.activityDateTime as string)));
}

type Tag = (id: string | null | undefined) => string | undefined;

/** Copy `k` of `copies`: moved earlier by whole spans of the log, its ids made its own (the last copy keeps the originals). */
function copyOf(k: number, copies: number, span: number): { shift: number; tag: Tag } {
  return { shift: (k - copies + 1) * span, tag: (id) => (k === copies - 1 ? (id ?? undefined) : `${id}~${k}`) };
}

function shiftRequest(r: Graph.UnifiedRoleAssignmentScheduleRequest, shift: number, tag: Tag): Graph.UnifiedRoleAssignmentScheduleRequest {
  return {
    ...r,
    id: tag(r.id),
    createdDateTime: shiftIso(r.createdDateTime, shift),
    completedDateTime: shiftIso(r.completedDateTime, shift),
    scheduleInfo: r.scheduleInfo && { ...r.scheduleInfo, startDateTime: shiftIso(r.scheduleInfo.startDateTime, shift) },
  };
}

function shiftAudit(a: Graph.DirectoryAudit, shift: number, tag: Tag): Graph.DirectoryAudit {
  return {
    ...a,
    id: tag(a.id),
    activityDateTime: shiftIso(a.activityDateTime, shift),
    additionalDetails: a.additionalDetails?.map((d) => (d.key === 'RoleAssignmentRequestId' || d.key === 'RequestId' ? { ...d, value: tag(d.value) } : d.key === 'ExpirationTime' ? { ...d, value: shiftIso(d.value, shift) } : d)),
  };
}

function shiftSignIn(s: Graph.SignIn, shift: number, tag: Tag): Graph.SignIn {
  return { ...s, id: tag(s.id), createdDateTime: shiftIso(s.createdDateTime, shift) };
}

/** Whole weeks covering the tenant's audit log: the distance between copies, so each keeps its weekdays. */
function spanOf(input: OversightInput): number {
  const times = input.directoryAudits.map((a) => Date.parse(a.activityDateTime as string));
  return Math.ceil(((Math.max(...times) - Math.min(...times)) / DAY_MS + 1) / 7) * 7 * DAY_MS;
}

/** A file written piece by piece, waiting when the stream asks to. */
function textFile(file: string): { write(text: string): Promise<void>; end(): Promise<void> } {
  const out = createWriteStream(file);
  return {
    write: (text) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))),
    end: () => new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Writes the tenant with its logs repeated `copies` times, each copy moved earlier by the span of
 * the original, one copy at a time (the benchmark itself never holds the big log).
 */
export async function synthesize(snapshot: TenantSnapshot, copies: number, file: string): Promise<number> {
  const input = oversightInputFromSnapshot(snapshot);
  const span = spanOf(input);
  const { write, end } = textFile(file);
  const copiesOf = async <T>(key: string, items: readonly T[], map: (item: T, shift: number, tag: Tag) => unknown) => {
    await write(`,${JSON.stringify(key)}:[`);
    for (let k = 0; k < copies; k++) {
      const { shift, tag } = copyOf(k, copies, span);
      await write(`${k > 0 && items.length > 0 ? ',' : ''}${items.map((x) => JSON.stringify(map(x, shift, tag))).join(',')}`);
    }
    await write(']');
  };
  const small = Object.entries(snapshot).filter(([key]) => !['auditLogs/directoryAudits', 'auditLogs/signIns', 'roleManagement/directory/roleAssignmentScheduleRequests'].includes(key));
  await write(`{${small.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}`);
  await copiesOf('roleManagement/directory/roleAssignmentScheduleRequests', input.requests ?? [], shiftRequest);
  await copiesOf('auditLogs/directoryAudits', input.directoryAudits, shiftAudit);
  await copiesOf('auditLogs/signIns', input.signIns ?? [], shiftSignIn);
  await write('}');
  await end();
  return copies * (input.directoryAudits.length + (input.signIns?.length ?? 0));
}

/** Record lines of the engine's input: a kind letter, then the record's JSON. */
const LINE_KIND = { audit: 0x41, signIn: 0x53, request: 0x52 } as const;

/**
 * The same copies as `synthesize`, one record per line (requests, audits and sign-ins of each copy
 * in turn): the engine's input, as records arrive from Graph's pages, without a snapshot's structure.
 */
export async function synthesizeLines(snapshot: TenantSnapshot, copies: number, file: string): Promise<void> {
  const input = oversightInputFromSnapshot(snapshot);
  const span = spanOf(input);
  const { write, end } = textFile(file);
  const lines = <T>(kind: number, items: readonly T[], map: (item: T) => unknown) => items.map((x) => `${String.fromCharCode(kind)}${JSON.stringify(map(x))}\n`).join('');
  for (let k = 0; k < copies; k++) {
    const { shift, tag } = copyOf(k, copies, span);
    await write(lines(LINE_KIND.request, input.requests ?? [], (r) => shiftRequest(r, shift, tag)));
    await write(lines(LINE_KIND.audit, input.directoryAudits, (a) => shiftAudit(a, shift, tag)));
    await write(lines(LINE_KIND.signIn, input.signIns ?? [], (x) => shiftSignIn(x, shift, tag)));
  }
  await end();
}

/** Each line of the file (a view valid during the call), read a block at a time. */
function eachLine(file: string, onLine: (line: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown);
        buf = grown;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      filled += n;
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl >= 0 && nl < filled; nl = buf.indexOf(0x0a, start)) {
        onLine(buf.subarray(start, nl));
        start = nl + 1;
      }
      if (n === 0) {
        if (start < filled) onLine(buf.subarray(start, filled));
        return;
      }
      buf.copyWithin(0, start, filled);
      filled -= start;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The scan as the service's ingest job runs it once a poll's records have come: against a baseline
 * learned beforehand (from the tenant's own log), every record scored (`since` is the start of the
 * log). On the clock: the records read from a file of lines (standing in for Graph's pages), each
 * parsed from its JSON and checked against the gateway's schema (as the job's pages are) into the
 * disk-backed sort, read back in time order and scored. Off it:
 * loading the tenant and learning the baseline.
 */
async function scanEngine(tenant: string, lines: string, copies: number): Promise<ChildResult> {
  const snapshot = await loadSnapshot(tenant);
  const input = oversightInputFromSnapshot(snapshot);
  const span = spanOf(input);
  const breakGlassUserIds = breakGlassMembers(snapshot.groups, BREAK_GLASS_GROUP);
  const times = input.directoryAudits.map((a) => Date.parse(a.activityDateTime as string));
  const end = new Date(Math.max(...times));
  const learner = createScanner(input, { since: end, now: end, breakGlassUserIds });
  for (const item of timelineOf(input)) learner.push(item);
  learner.finish();
  const baseline = learner.learnedBaseline();
  const since = new Date(Math.min(...times) + copyOf(0, copies, span).shift - 1);
  // Each record checked against the gateway's schema, as its pages are (src/pim/paging.ts).
  const parsed = <T>(b: Buffer, schema: Parameters<typeof check>[0], what: string) => check<T>(schema, JSON.parse(b.toString('utf8', 1)), what);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sort = new LogSort();
  eachLine(lines, (line) => {
    const kind = line[0];
    if (kind === LINE_KIND.audit) sort.audit(parsed<Graph.DirectoryAudit>(line, directoryAuditSchema, 'directory audit'));
    else if (kind === LINE_KIND.signIn) {
      const e = fromSignIn(parsed<Graph.SignIn>(line, signInSchema, 'sign-in'));
      if (e) sort.signIn(e);
    } else if (kind === LINE_KIND.request) sort.request(parsed<Graph.UnifiedRoleAssignmentScheduleRequest>(line, scheduleRequestSchema, 'role assignment schedule request'));
  });
  const scanner = createScanner(input, { since, baseline, breakGlassUserIds });
  sort.feed(scanner);
  const alerts = scanner.finish().alerts.length;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), alerts };
}

/** One scan, in this process (the child's side). */
async function scanOnce(mode: ScanMode, file: string, since: string): Promise<ChildResult> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let alerts: number;
  if (mode === 'stream') {
    alerts = (await scanSnapshotFile(file, { since, breakGlassGroup: BREAK_GLASS_GROUP })).result.alerts.length;
  } else {
    const snapshot = await loadSnapshot(file);
    const breakGlassUserIds = breakGlassMembers(snapshot.groups, BREAK_GLASS_GROUP);
    alerts = scanOversight(oversightInputFromSnapshot(snapshot), { since, breakGlassUserIds }).alerts.length;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), alerts };
}

/**
 * The target is per core: where `taskset` is there (Linux), each measurement runs pinned to one
 * CPU this process may use (a container may be given only some), so the collector's helper threads
 * and the compiler share that core with the scan, and the wall-clock rate is one core's.
 */
let pinning: Promise<string[]> | undefined;
function oneCore(): Promise<string[]> {
  pinning ??= promisify(execFile)('taskset', ['-pc', String(process.pid)]).then(
    ({ stdout }) => {
      // "pid 123's current affinity list: 0-3,6"
      const last = /:\s*([\d,\-\s]+)$/.exec(stdout.trim())?.[1]?.split(',').pop()?.split('-').pop()?.trim();
      return last && /^\d+$/.test(last) ? ['taskset', '-c', last] : [];
    },
    () => [],
  );
  return pinning;
}

async function inChild(args: string[], nodeFlags: string[] = []): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const node = [...nodeFlags, '--import', 'tsx', self, ...args];
  const pin = await oneCore();
  const run = (command: string, argv: string[]) => promisify(execFile)(command, argv, { maxBuffer: 1 << 20 });
  // Pinned when it can be; a pin the system refuses is no reason to measure nothing.
  const { stdout } = pin.length > 0 ? await run(pin[0] as string, [...pin.slice(1), process.execPath, ...node]).catch(() => run(process.execPath, node)) : await run(process.execPath, node);
  return JSON.parse(stdout) as ChildResult;
}

export async function benchOversight(opts: BenchOversightOptions = {}): Promise<BenchOversightResult> {
  const log = opts.log ?? (() => {});
  const mode = opts.mode ?? 'stream';
  const tenant = opts.tenant ?? DEFAULT_TENANT;
  const snapshot = await loadSnapshot(tenant);
  const perCopy = snapshot['auditLogs/directoryAudits'].length + snapshot['auditLogs/signIns'].length;
  const copies = Math.max(1, Math.ceil((opts.events ?? 1_000_000) / perCopy));
  // Score the last 30 days; everything before is history the baseline learns from.
  const since = new Date(newest(snapshot) - 30 * DAY_MS).toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'bench-oversight-'));
  try {
    const smallFile = join(dir, 'small.json');
    const fullFile = join(dir, 'full.json');
    const smallEvents = await synthesize(snapshot, Math.max(1, Math.round(copies / 10)), smallFile);
    const events = await synthesize(snapshot, copies, fullFile);
    const small = await inChild(['--child', mode, '--file', smallFile, '--since', since]);
    log(`${mode} small: ${smallEvents} events in ${small.ms.toFixed(0)} ms (${small.cpuMs.toFixed(0)} ms CPU), peak RSS ${small.maxRssMb} MB`);
    const full = await inChild(['--child', mode, '--file', fullFile, '--since', since]);
    const eventsPerSecond = Math.round(events / (full.ms / 1000));
    log(`${mode} full: ${events} events in ${full.ms.toFixed(0)} ms (${full.cpuMs.toFixed(0)} ms CPU) → ${eventsPerSecond} events/s, peak RSS ${full.maxRssMb} MB, ${full.alerts} alerts`);
    const linesFile = join(dir, 'lines.ndjson');
    await synthesizeLines(snapshot, copies, linesFile);
    const r = await inChild(['--child', 'engine', '--tenant', tenant, '--file', linesFile, '--copies', String(copies)]);
    const engine = { eventsPerSecond: Math.round(events / (r.ms / 1000)), cpuEventsPerSecond: Math.round(events / (r.cpuMs / 1000)), peakRssMb: r.maxRssMb, alerts: r.alerts };
    log(`engine: ${events} events in ${r.ms.toFixed(0)} ms (${r.cpuMs.toFixed(0)} ms CPU) → ${engine.cpuEventsPerSecond} events/s of CPU, peak RSS ${r.maxRssMb} MB, ${r.alerts} alerts`);
    return {
      oneCore: (await oneCore()).length > 0,
      engine,
      mode,
      eventsPerSecond,
      cpuEventsPerSecond: Math.round(events / (full.cpuMs / 1000)),
      peakRssMb: full.maxRssMb,
      smallPeakRssMb: small.maxRssMb,
      events,
      smallEvents,
      scanMs: Math.round(full.ms),
      smallEventsPerSecond: Math.round(smallEvents / (small.ms / 1000)),
      alerts: full.alerts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      tenant: { type: 'string' },
      mode: { type: 'string' },
      child: { type: 'string' },
      file: { type: 'string' },
      since: { type: 'string' },
      copies: { type: 'string' },
    },
  });
  const mode = (values.child ?? values.mode ?? 'stream') as ScanMode;
  // As `pim-copilot` runs (src/index.ts).
  if (values.child) tuneCollector();
  if (values.child === 'engine') {
    process.stdout.write(JSON.stringify(await scanEngine(values.tenant as string, values.file as string, Number(values.copies))));
  } else if (mode !== 'stream' && mode !== 'memory') {
    throw new Error(`--mode is stream or memory, not ${mode}`);
  } else if (values.child) {
    process.stdout.write(JSON.stringify(await scanOnce(mode, values.file as string, values.since as string)));
  } else {
    const result = await benchOversight({ events: values.events ? Number(values.events) : undefined, tenant: values.tenant, mode, log: (l) => process.stderr.write(`${l}\n`) });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
