/**
 * Audit trail benchmark: how fast decisions are appended (one at a time, and from many concurrent
 * callers as a busy bot makes them), and how long verifying a million entries takes.
 * `node --import tsx bench/audit.ts [--entries N] [--postgres URL]`; `benchAudit(opts)` for bench/run.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditTrail, verifyDatabase, type EntryInput } from '../src/audit/index.js';
import { openDatabase, type Database } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

export interface BenchAuditOptions {
  /** A PostgreSQL server to use instead of PGlite (an empty database: the trail is filled). */
  postgresUrl?: string;
  /** Entries in the trail when it is verified. */
  verifyEntries?: number;
  /** Decisions appended for the throughput figures. */
  appends?: number;
  /** Callers appending at once in the concurrent run. */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface BenchAuditResult {
  backend: 'pglite' | 'postgres';
  /** Decisions per second from `concurrency` callers, each awaiting its own entry before acting. */
  appendPerSecond: number;
  /** Decisions per second from one caller awaiting each entry in turn. */
  sequentialAppendPerSecond: number;
  /** Entries per second through appendMany (5,000 a transaction), used to fill the trail. */
  bulkAppendPerSecond: number;
  verifiedEntries: number;
  verifySecondsPerMillion: number;
  peakRssMb: number;
  /** One-minute load average when the run ended: other work on the machine slows every figure. */
  loadAverage: number;
}

/** A realistic mix: per request an event, an analysis with its factors, two cards and a decision. */
export function entriesForBench(i: number): EntryInput[] {
  const requestId = `6f1c2a9e-${String(i).padStart(12, '0')}`;
  const traceId = `trace-${i}`;
  const user = { type: 'user', id: `0b5d7e1a-0000-4000-8000-${String(i % 5000).padStart(12, '0')}`, name: `User ${i % 5000}` } as const;
  const bot = { type: 'service', id: 'pim-copilot' } as const;
  const approver = { type: 'user', id: '7c0e2b44-0000-4000-8000-000000000001', name: 'Bob Stone' } as const;
  return [
    { kind: 'pim.event', traceId, requestId, actor: user, output: { event: 'requested', source: 'poll', principalId: user.id, roleDefinitionId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', roleName: 'User Administrator', justification: `Reset MFA for the service desk queue, ticket INC-${i}`, ticketNumber: `INC-${i}`, duration: 'PT2H', createdDateTime: new Date().toISOString() } },
    {
      kind: 'triage.analysis',
      traceId,
      requestId,
      actor: bot,
      modelVersion: 'pim-copilot-triage 1.0.0+bench',
      inputDigest: 'a'.repeat(64),
      output: {
        requestId,
        riskScore: 1 + (i % 10),
        riskBand: i % 10 >= 6 ? 'high' : i % 10 >= 3 ? 'medium' : 'low',
        recommendedAction: i % 10 >= 6 ? 'deny' : i % 10 >= 3 ? 'review' : 'approve',
        autoApprovable: false,
        autoApproveBlockers: ['tier-1 role'],
        suggestedDuration: 'PT2H',
        keyTerms: ['mfa', 'service desk'],
        flags: ['off-hours'],
        factors: [
          { id: 'tier', points: 1, detail: 'User Administrator is a tier-1 role' },
          { id: 'off-hours', points: 1, detail: 'requested at 22:10 local time' },
          { id: 'ticket', points: -1, detail: `ticket INC-${i} matches the ServiceNow format` },
        ],
        rationale: 'A routine tier-1 activation with a ticket, outside working hours.',
        suggestedApprovers: [{ id: approver.id, reason: 'decided 12 similar requests' }],
        similarDecisions: [],
        role: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator', tier: 1 },
        modelVersion: 'pim-copilot-triage 1.0.0+bench',
      } as never,
    },
    { kind: 'card.sent', traceId, requestId, actor: bot, output: { card: 'approval', recipientId: approver.id, recipientName: approver.name, activityId: `1:${i}a` } },
    { kind: 'card.sent', traceId, requestId, actor: bot, output: { card: 'approval', recipientId: 'u-carol', recipientName: 'Carol Diaz', activityId: `1:${i}b` } },
    { kind: 'decision.human', traceId, requestId, actor: approver, output: { decision: i % 7 ? 'approve' : 'deny', via: 'teams', note: i % 3 ? 'ok' : 'checked with the requester' } },
  ];
}

const decisionOf = (i: number) => entriesForBench(i)[4]!;

export async function benchAudit(options: BenchAuditOptions = {}): Promise<BenchAuditResult> {
  const log = options.log ?? (() => undefined);
  const verifyEntries = options.verifyEntries ?? 1_000_000;
  const appends = options.appends ?? 5000;
  const concurrency = options.concurrency ?? 50;
  const dir = options.postgresUrl ? undefined : await mkdtemp(join(tmpdir(), 'bench-audit-'));
  const db: Database = await openDatabase(options.postgresUrl ? { kind: 'postgres', url: options.postgresUrl } : { kind: 'pglite', dataDir: dir! });
  try {
    await migrate(db);
    const trail = new AuditTrail(db);

    const sequential = Math.max(200, Math.floor(appends / 5));
    let t = performance.now();
    for (let i = 0; i < sequential; i++) await trail.append(decisionOf(i));
    const sequentialAppendPerSecond = Math.round(sequential / ((performance.now() - t) / 1000));
    log(`sequential appends: ${sequentialAppendPerSecond}/s`);

    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < appends) await trail.append(decisionOf(next++));
      }),
    );
    const appendPerSecond = Math.round(appends / ((performance.now() - t) / 1000));
    log(`appends from ${concurrency} concurrent callers: ${appendPerSecond}/s`);

    let written = sequential + appends;
    t = performance.now();
    const filled = written;
    for (let i = 0; written < verifyEntries; i += 1000) {
      const batch = Array.from({ length: 1000 }, (_, k) => entriesForBench(i + k)).flat().slice(0, verifyEntries - written);
      written += (await trail.appendMany(batch)).length;
      if (written % 100_000 < batch.length) log(`filled ${written} entries`);
    }
    const bulkAppendPerSecond = Math.round((written - filled) / ((performance.now() - t) / 1000));

    const result = await verifyDatabase(db, { onProgress: (n, total) => n % 200_000 === 0 && log(`verified ${n} of ${total}`) });
    if (!result.ok) throw new Error(`the benchmark trail does not verify: ${result.broken?.detail}`);
    log(`verified ${result.checked} entries in ${result.seconds.toFixed(1)} s`);
    return {
      backend: db.kind,
      appendPerSecond,
      sequentialAppendPerSecond,
      bulkAppendPerSecond,
      verifiedEntries: result.checked,
      verifySecondsPerMillion: Math.round((result.seconds / result.checked) * 1e6 * 10) / 10,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    await db.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { entries: { type: 'string' }, postgres: { type: 'string' } } });
  const result = await benchAudit({
    verifyEntries: values.entries ? Number(values.entries) : undefined,
    postgresUrl: values.postgres,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
