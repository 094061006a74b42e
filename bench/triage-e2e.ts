/**
 * From a pending request appearing in the sandbox to the last approver card sent, excluding the
 * poll interval: each round makes one request pending, runs one intake poll (list, claim, enrich,
 * score, record, route, deliver to the Bot Connector stand-in) and times it, then cancels the
 * request so the pair can ask again. Graph calls are counted on the wire, per phase.
 * `node --import tsx bench/triage-e2e.ts [rounds]` runs it alone.
 *
 * `--instances 2` measures a deployment instead: two service processes on one PostgreSQL
 * (DATABASE_URL's server, or a local one), in tenant mode against the sandbox, each request told to
 * one of them through the events route and timed until its last approver card reaches the Bot
 * Connector stand-in; so the time includes taking the job off the queue.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { createAdapter } from '../src/bot/app.js';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { startBotConnector } from '../src/standins/bot-connector.js';
import { Workflow } from '../src/workflow/index.js';
// PAIRS: requester and role, each an assist-mode role whose Service Owners get four cards.
import { PAIRS, sandboxPeople, spawnInstance, startTenant, type Instance } from '../test/reliability/support/cluster.js';

export interface TriageE2EOptions {
  /** Timed rounds (after warm-up). */
  rounds?: number;
  /** Requests made pending together for the throughput figure. */
  burst?: number;
  tenantFile?: string;
}

/** Pending request to last card: latency over the timed rounds, and the rate of a burst. */
interface TriageFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Graph round trips to enrich one request, steady state (median). */
  graphRoundTrips: number;
  /** Requests taken from pending to cards sent per second, in a burst. */
  perSecond: number;
  rounds: number;
  cardsPerRequest: number;
}

export interface TriageE2EResult extends TriageFigures {
  /** Every Graph call of one poll, steady state: the list, enrichment, anything for delivery. */
  graphCallsPerPoll: number;
}

const NOW = '2026-11-18T10:18:00Z';
const TENANT = '/work/shared/eval/triage/contoso.json';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Counts Graph calls (not token requests) made through fetch to `baseUrl`. */
function countGraphCalls(baseUrl: string) {
  const original = globalThis.fetch;
  const calls: string[] = [];
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(baseUrl) && /\/(v1\.0|beta)\//.test(url)) calls.push(url.slice(baseUrl.length));
    return original(input, init);
  };
  return { calls, restore: () => void (globalThis.fetch = original) };
}

export async function benchTriageE2E(opts: TriageE2EOptions = {}): Promise<TriageE2EResult> {
  const rounds = opts.rounds ?? 40;
  const burst = Math.min(opts.burst ?? PAIRS.length, PAIRS.length);
  const log = pino({ level: 'silent' });
  const dataDir = await mkdtemp(join(tmpdir(), 'pim-bench-'));
  const connector = await startBotConnector();
  const config = loadConfig({
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SANDBOX_TENANT_FILE: opts.tenantFile ?? TENANT,
    BOT_SERVICE_URL: connector.url,
    INTAKE_POLL_SECONDS: '3600',
    // The tickets cited here are made up; ticket checks have their own tests (test/tickets).
    TICKET_STANDINS: 'false',
    TEAMS_APP_ID: '7f0c9d2e-3b1a-4c5d-9e8f-0a1b2c3d4e5f',
  });
  const service = await startService(config, log);
  const sandbox = service.graph.sandbox!;
  sandbox.clock.set(NOW);
  // This process's own workflow object, so a poll can be run and timed directly.
  const workflow = new Workflow({ config, db: service.db, log, jobs: service.jobs, graph: service.graph, adapter: createAdapter(config, log) });
  const counter = countGraphCalls(sandbox.url);
  try {
    await workflow.learn();
    const as = sandboxPeople(sandbox, service.graph, service.graph.identity.clientId);
    const ask = async ([prefix, role]: [string, string], i: number) => {
      const u = await as(prefix);
      return u.pim.selfActivate({ principalId: u.id, roleDefinitionId: role, duration: 'PT2H', justification: `Routine change window work CHG00${48000 + i}`, ticket: { number: `CHG00${48000 + i}`, system: 'ServiceNow' } });
    };
    const cancel = async ([prefix]: [string, string], requestId: string) => (await as(prefix)).pim.cancelRequest(requestId);

    // Warm-up: every approver gets the app and a 1:1 chat, caches fill, JIT settles.
    for (let i = 0; i < 3; i++) {
      const pair = PAIRS[i % PAIRS.length]!;
      const r = await ask(pair, i);
      await workflow.poll();
      await cancel(pair, r.id);
    }

    const times: number[] = [];
    const enrichCalls: number[] = [];
    const pollCalls: number[] = [];
    let cards = 0;
    for (let i = 0; i < rounds; i++) {
      const pair = PAIRS[i % PAIRS.length]!;
      const r = await ask(pair, 100 + i);
      const before = connector.calls.length;
      const mark = counter.calls.length;
      const started = performance.now();
      await workflow.poll();
      times.push(performance.now() - started);
      const made = counter.calls.slice(mark);
      pollCalls.push(made.length);
      enrichCalls.push(made.filter((c) => c.startsWith('/v1.0/$batch') || c.includes(`/roleAssignmentScheduleRequests/${r.id}`)).length);
      cards += connector.calls.slice(before).filter((c) => c.method === 'POST' && c.activity).length;
      await cancel(pair, r.id);
    }

    // Throughput: a burst of pending requests taken through one poll.
    const pending = await Promise.all(PAIRS.slice(0, burst).map((pair, i) => ask(pair, 1000 + i)));
    const t0 = performance.now();
    await workflow.poll();
    const burstMs = performance.now() - t0;
    await Promise.all(PAIRS.slice(0, burst).map((pair, i) => cancel(pair, pending[i]!.id)));

    times.sort((a, b) => a - b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return {
      p50Ms: round1(percentile(times, 50)),
      p95Ms: round1(percentile(times, 95)),
      p99Ms: round1(percentile(times, 99)),
      graphRoundTrips: median(enrichCalls),
      perSecond: round1((burst / burstMs) * 1000),
      rounds,
      graphCallsPerPoll: median(pollCalls),
      cardsPerRequest: round1(cards / rounds),
    };
  } finally {
    counter.restore();
    workflow.stop();
    await service.close();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Round trips count both instances; the burst is told to one instance and shared out through the queue. */
export interface TwoInstancesResult extends TriageFigures {
  instances: 2;
  database: 'postgres';
  /** Requests each instance triaged in the timed rounds and the burst. */
  triagedBy: Record<string, number>;
}

/** The PostgreSQL server to use: DATABASE_URL's, else the test server; undefined when none answers. */
async function postgresServer(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function benchTriageTwoInstances(opts: TriageE2EOptions = {}): Promise<TwoInstancesResult | { skipped: string }> {
  const rounds = opts.rounds ?? 30;
  const burst = Math.min(opts.burst ?? PAIRS.length, PAIRS.length);
  const server = await postgresServer();
  if (!server) return { skipped: 'no PostgreSQL server answered (set DATABASE_URL)' };
  // A database of its own on that server, dropped afterwards.
  const name = `pim_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const sql = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // An idle connection closed by the server (a restart, the final DROP) must not end the benchmark.
  sql.on('error', () => undefined);
  const tenant = await startTenant();
  const instances: Instance[] = [];
  try {
    // Migrated here first: two instances creating the migrations table on an empty database at once collide.
    const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 1 });
    await migrate(db).finally(() => db.close());
    const env = tenant.env(url.toString());
    instances.push(...(await Promise.all([spawnInstance('a', env), spawnInstance('b', env)])));
    for (let until = Date.now() + 120_000; (await sql.query('SELECT 1 FROM triage_learn_state')).rows.length === 0; ) {
      if (Date.now() > until) throw new Error('the baseline was not learned within 2 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const approvers = new Map<string, number>();
    // Approval cards per request id, read from the stand-in's new calls only: the waiting must not
    // take the CPU the sandbox and the stand-in (in this process) need.
    const cardCount = new Map<string, number>();
    let scanned = 0;
    const cardsOf = (requestId: string) => {
      const calls = tenant.connector.calls;
      for (; scanned < calls.length; scanned++) {
        const c = calls[scanned]!;
        const text = c.method === 'POST' && c.activity ? JSON.stringify(c.activity.attachments?.[0]?.content ?? {}) : '';
        const id = text.includes('"Approve"') ? /"requestId":"([^"]+)"/.exec(text)?.[1] : undefined;
        if (id) cardCount.set(id, (cardCount.get(id) ?? 0) + 1);
      }
      return cardCount.get(requestId) ?? 0;
    };
    /** Resolves once every approver's card for the request has reached the stand-in. */
    const allCards = async (requestId: string) => {
      for (let until = Date.now() + 60_000; ; ) {
        let n = approvers.get(requestId);
        // The database is asked only once cards go out (the request is open by then), so that
        // waiting does not load the server the instances use.
        if (n === undefined && cardsOf(requestId) > 0) {
          const { rows } = await sql.query<{ approvers: string[] }>(`SELECT approvers FROM workflow_requests WHERE request_id = $1 AND state = 'open'`, [requestId]);
          if (rows[0]) approvers.set(requestId, (n = rows[0].approvers.length));
        }
        if (n !== undefined && cardsOf(requestId) >= n) return;
        if (Date.now() > until) throw new Error(`no cards for ${requestId} within a minute`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const tell = async (to: Instance, ids: string[]) => {
      const res = await to.event({ requestIds: ids });
      if (res.status !== 202) throw new Error(`the events route answered ${res.status}`);
    };
    const enrichCalls = (id: string, from: number) =>
      instances.flatMap((i) => i.graphCalls).filter((c) => c.at >= from && (c.path.startsWith('/v1.0/$batch') || c.path.includes(`/roleAssignmentScheduleRequests/${id}`))).length;
    const triagedBy: Record<string, number> = { a: 0, b: 0 };
    const countWorker = (id: string) => {
      for (const i of instances) if (i.graphCalls.some((c) => c.path.includes(`/roleAssignmentScheduleRequests/${id}`))) triagedBy[i.name]! += 1;
    };

    // Warm-up: both instances, every approver's chat opened, JIT settled.
    for (let i = 0; i < 4; i++) {
      const r = await tenant.request(i);
      await tell(instances[i % 2]!, [r.id]);
      await allCards(r.id);
      await tenant.cancel(i, r.id);
    }

    const times: number[] = [];
    const enrich: number[] = [];
    let cards = 0;
    for (let i = 0; i < rounds; i++) {
      const r = await tenant.request(100 + i);
      const started = performance.now();
      const from = Date.now();
      await tell(instances[i % 2]!, [r.id]);
      await allCards(r.id);
      times.push(performance.now() - started);
      enrich.push(enrichCalls(r.id, from));
      cards += cardsOf(r.id);
      countWorker(r.id);
      await tenant.cancel(100 + i, r.id);
    }

    const pending = await Promise.all(Array.from({ length: burst }, (_, i) => tenant.request(1000 + i)));
    const t0 = performance.now();
    await tell(instances[0]!, pending.map((r) => r.id));
    await Promise.all(pending.map((r) => allCards(r.id)));
    const burstMs = performance.now() - t0;
    for (const r of pending) countWorker(r.id);
    await Promise.all(pending.map((r, i) => tenant.cancel(1000 + i, r.id)));

    times.sort((a, b) => a - b);
    return {
      instances: 2,
      database: 'postgres',
      p50Ms: round1(percentile(times, 50)),
      p95Ms: round1(percentile(times, 95)),
      p99Ms: round1(percentile(times, 99)),
      graphRoundTrips: [...enrich].sort((a, b) => a - b)[Math.floor(enrich.length / 2)] ?? 0,
      perSecond: round1((burst / burstMs) * 1000),
      rounds,
      cardsPerRequest: round1(cards / rounds),
      triagedBy,
    };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await sql.end().catch(() => undefined);
    await tenant.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--instances');
  const instances = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  const rounds = args[0] ? Number(args[0]) : undefined;
  if (instances !== 1 && instances !== 2) throw new Error('--instances must be 1 or 2');
  (instances === 2 ? benchTriageTwoInstances({ rounds }) : benchTriageE2E({ rounds })).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
