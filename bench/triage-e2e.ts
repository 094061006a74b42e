/**
 * From a pending request appearing in the sandbox to the last approver card sent, excluding the
 * poll interval: each round makes one request pending, runs one intake poll (list, claim, enrich,
 * score, record, route, deliver to the Bot Connector stand-in) and times it, then cancels the
 * request so the pair can ask again. Graph calls are counted on the wire, per phase.
 * `node --import tsx bench/triage-e2e.ts [rounds]` runs it alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createAdapter } from '../src/bot/app.js';
import { loadConfig } from '../src/config.js';
import { SandboxCredential, type UserPim } from '../src/pim/index.js';
import { startService } from '../src/service.js';
import { startBotConnector } from '../src/standins/bot-connector.js';
import { Workflow } from '../src/workflow/index.js';

export interface TriageE2EOptions {
  /** Timed rounds (after warm-up). */
  rounds?: number;
  /** Requests made pending together for the throughput figure. */
  burst?: number;
  tenantFile?: string;
}

export interface TriageE2EResult {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Graph round trips to enrich one request, steady state (median). */
  graphRoundTrips: number;
  /** Requests taken from pending to cards sent per second, in a burst through one poll. */
  perSecond: number;
  rounds: number;
  /** Every Graph call of one poll, steady state: the list, enrichment, anything for delivery. */
  graphCallsPerPoll: number;
  cardsPerRequest: number;
}

const NOW = '2026-11-18T10:18:00Z';
const TENANT = '/work/shared/eval/triage/contoso.json';
// Requester, role, and the role's approvers (Service Owners): each an assist-mode role with four cards.
const PAIRS: Array<[string, string]> = [
  ['isayers', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['jsherman', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['pfernandez', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['pgupta', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['nwilke', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['hmueller', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c'],
  ['dsiciliani', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c'],
  ['thughes', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['rrazo', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['sdavis', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
];

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
    const users = new Map<string, { id: string; pim: UserPim }>();
    const as = async (prefix: string) => {
      let u = users.get(prefix);
      if (!u) {
        const upn = `${prefix}@contoso.example`;
        const credential = new SandboxCredential({
          authorityHost: sandbox.url,
          tenantId: sandbox.tenantId,
          clientId: service.graph.identity.clientId,
          clientSecret: 'sandbox',
          grant: { kind: 'password', username: upn, password: 'sandbox' },
        });
        const sso = await credential.getToken(`api://${service.graph.identity.clientId}/access_as_user`);
        users.set(prefix, (u = { id: (await service.graph.pim.getUser(upn)).id, pim: service.graph.pim.forUser(sso.token) }));
      }
      return u;
    };
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rounds = process.argv[2] ? Number(process.argv[2]) : undefined;
  benchTriageE2E({ rounds }).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
