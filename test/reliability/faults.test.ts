/**
 * The service, in its own process, through bad weather: Graph throttling (429 with Retry-After),
 * outages (503), slow answers and dropped connections, then its PostgreSQL going away for a few
 * seconds (a TCP proxy in front of it is cut). No request is lost, no card goes out twice, no
 * promise rejection goes unhandled, and /readyz says what is true at each moment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/store/db.js';
import { JobQueue } from '../../src/store/jobs.js';
import { recordFigure } from '../support/figures.js';
import { createTestDatabase, postgresSkipReason } from '../support/postgres.js';
import { approverOf, spawnInstance, tallyCards, startTenant, waitFor, type Instance, type Tenant } from './support/cluster.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const skip = await postgresSkipReason();
const SUITE = 'faults';
const GRAPH = '^/(v1\\.0|beta)/';
const OUTAGE_MS = 3000;

const rejectionsIn = (i: Instance) =>
  i
    .output()
    .split('\n')
    .filter((l, n, all) => l.startsWith('unhandled rejection') || all[n - 1]?.startsWith('unhandled rejection'))
    .join('\n');

describe('faults: Graph throttling, outages, slow and dropped connections; the database going away', { skip, timeout: 180_000 }, () => {
  let tenant: Tenant;
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let sql: pg.Client;
  let bot: Instance;
  const submitted: string[] = [];
  let ownRejections = 0;
  const countRejection = () => void (ownRejections += 1);

  before(async () => {
    process.on('unhandledRejection', countRejection);
    tenant = await startTenant();
    database = await createTestDatabase();
    const server = new URL(database.url);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    bot = await spawnInstance(
      'faults',
      tenant.env(proxy.urlFor(database.url), {
        // Polls and watch rounds every 2 s pick up what a failed attempt left behind.
        INTAKE_POLL_SECONDS: '2',
        TRIAGE_TIMEOUT_SECONDS: '15',
        JOBS_MAINTENANCE_SECONDS: '2',
        GRAPH_TIMEOUT_MS: '2000',
        GRAPH_MAX_RETRIES: '3',
      }),
    );
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await waitFor(async () => (await sql.query('SELECT 1 FROM triage_learn_state')).rows.length > 0, 'the triage baseline to be learned', 60_000);
  });

  after(async () => {
    tenant?.sandbox.faults.clear();
    proxy?.restore();
    await bot?.stop();
    await sql?.end();
    await proxy?.close();
    await tenant?.close();
    await database?.drop();
    process.off('unhandledRejection', countRejection);
  });

  const approversOf = async (requestId: string): Promise<string[]> => {
    const { rows } = await sql.query<{ approvers: string[] }>(`SELECT approvers FROM workflow_requests WHERE request_id = $1 AND state = 'open'`, [requestId]);
    return rows[0]?.approvers ?? [];
  };
  const delivered = (requestId: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const approvers = await approversOf(requestId);
        return approvers.length > 0 && tenant.cardsFor(requestId).length >= approvers.length ? approvers : undefined;
      },
      `every card of ${requestId}`,
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- instance output ---\n${bot.output().slice(-3000)}`);
    });
  const assertOnce = async (requestId: string) => {
    const n = await sql.query(`SELECT count(*) AS n FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = $1`, [requestId]);
    assert.equal(Number(n.rows[0].n), 1, `${requestId} triaged once`);
    const cards = tenant.cardsFor(requestId).map(approverOf);
    assert.deepEqual([...cards].sort(), [...(await approversOf(requestId))].sort(), `${requestId}: one card per approver`);
  };

  it('rides out a 429 storm, 503s, slow answers and dropped connections', async () => {
    const requests = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => tenant.request(i)));
    const ids = requests.map((r) => r.id);
    submitted.push(...ids);
    const mark = bot.graphResults.length;
    const faults = tenant.sandbox.faults;
    // A storm first: every Graph call throttled for a while, then a mix of the rest.
    faults.add({ route: new RegExp(GRAPH), throttleRate: 1, retryAfterSeconds: 1, count: 15 });
    faults.add({ route: new RegExp(GRAPH), unavailableRate: 0.2, retryAfterSeconds: 1, count: 200 });
    faults.add({ route: new RegExp(GRAPH), dropRate: 0.15, count: 200 });
    faults.add({ route: new RegExp(GRAPH), latencyMs: 400, count: 100 });
    faults.add({ route: new RegExp(GRAPH), latencyMs: 2500, count: 4 });
    assert.equal((await bot.event({ requestIds: ids })).status, 202);

    // Graph's weather is not the bot's readiness: it stays ready and keeps working.
    const ready = await bot.readyz();
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    for (const id of ids) await delivered(id, 90_000);
    faults.clear();
    await new Promise((r) => setTimeout(r, 2500));
    for (const id of ids) await assertOnce(id);
    assert.ok(bot.alive, 'the instance is still running');
    assert.equal(bot.unhandledRejections, 0, `no unhandled rejection in the instance:\n${rejectionsIn(bot)}`);

    const seen = bot.graphResults.slice(mark);
    const throttled = seen.filter((r) => r.status === 429).length;
    const unavailable = seen.filter((r) => r.status === 503).length;
    const timedOut = seen.filter((r) => r.error && /abort|timeout/i.test(r.error)).length;
    const dropped = seen.filter((r) => r.error && !/abort|timeout/i.test(r.error)).length;
    // Part of the storm lands on $batch parts, answered inside a 200: these are whole calls.
    assert.ok(throttled > 0, 'the storm was met');
    assert.ok(unavailable > 0, 'some 503s were met');
    assert.ok(dropped > 0, 'some connections were dropped');
    recordFigure({ suite: SUITE, name: 'Graph 429 answers (Retry-After) ridden out', value: throttled });
    recordFigure({ suite: SUITE, name: 'Graph 503 answers ridden out', value: unavailable });
    recordFigure({ suite: SUITE, name: 'Graph connections dropped without an answer, survived', value: dropped });
    recordFigure({ suite: SUITE, name: 'Graph calls timed out (slow answers), survived', value: timedOut });
  });

  it('says not ready while the database is away, recovers, and finishes the work submitted around the outage', async () => {
    const beforeCut = await tenant.request(8);
    const duringCut = await tenant.request(9);
    submitted.push(beforeCut.id, duringCut.id);
    assert.equal((await bot.readyz()).status, 200);
    // Told just before the cut: queued, not yet done when the database goes.
    assert.equal((await bot.event({ requestId: beforeCut.id })).status, 202);

    proxy.cut();
    const cutAt = Date.now();
    const notReady = await waitFor(
      async () => {
        const r = await bot.readyz();
        return r.status === 503 ? r : undefined;
      },
      '/readyz to report the outage',
      10_000,
    );
    assert.equal(notReady.body.status, 'not ready');
    assert.equal(notReady.body.checks?.database, false);
    assert.equal(notReady.body.checks?.jobs, false, 'the job queue cannot reach the database either');
    // Liveness is not readiness: the process itself is fine and must not be restarted.
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    // An event during the outage is refused with an error (its sender retries), not hung or crashed on.
    const refused = await fetch(`${bot.url}/api/pim/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer reliability-events-secret-0123` },
      body: JSON.stringify({ requestId: duringCut.id }),
      signal: AbortSignal.timeout(15_000),
    });
    assert.ok(refused.status >= 500, `refused with ${refused.status}`);
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    proxy.restore();
    const outageSeconds = (Date.now() - cutAt) / 1000;

    await waitFor(async () => ((await bot.readyz()).status === 200 ? true : undefined), '/readyz to report ready again', 30_000);
    // The sender tries again once the bot is back.
    assert.equal((await bot.event({ requestId: duringCut.id })).status, 202);
    for (const id of [beforeCut.id, duringCut.id]) await delivered(id, 60_000);
    await new Promise((r) => setTimeout(r, 2500));

    for (const id of submitted) await assertOnce(id);
    const { cards, duplicates } = tallyCards(tenant, submitted);
    assert.ok(bot.alive, 'the instance survived the outage');
    assert.equal(bot.unhandledRejections, 0, `no unhandled rejection in the instance:\n${rejectionsIn(bot)}`);
    assert.equal(ownRejections, 0, 'no unhandled rejection in the test process');
    const triaged = Number((await sql.query(`SELECT count(DISTINCT request_id) AS n FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = ANY($1)`, [submitted])).rows[0].n);
    recordFigure({ suite: SUITE, name: 'seconds of database outage survived', value: Math.round(outageSeconds * 10) / 10, unit: 's' });
    recordFigure({ suite: SUITE, name: 'database connections cut', value: proxy.dropped });
    recordFigure({ suite: SUITE, name: 'requests submitted', value: submitted.length });
    recordFigure({ suite: SUITE, name: 'requests triaged exactly once', value: triaged });
    recordFigure({ suite: SUITE, name: 'approval cards sent', value: cards });
    recordFigure({ suite: SUITE, name: 'duplicate cards', value: duplicates });
    recordFigure({ suite: SUITE, name: 'requests lost', value: submitted.length - triaged });
    recordFigure({ suite: SUITE, name: 'unhandled rejections', value: bot.unhandledRejections + ownRejections });
  });
});

describe('a job whose completion cannot be recorded, the database gone at that moment', () => {
  it('leaves no unhandled rejection, and the job stays active for its expiry to retry it', async () => {
    const real = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    let down = false;
    const gone = () => Promise.reject(new Error('Connection terminated unexpectedly'));
    const flaky: Database = {
      ...real,
      query: (text, params) => (down ? gone() : real.query(text, params)),
      exec: (text) => (down ? gone() : real.exec(text)),
    };
    let rejections = 0;
    const count = () => void (rejections += 1);
    process.on('unhandledRejection', count);
    const queue = new JobQueue(flaky, pino({ level: 'silent' }), { schema: 'completion_guard' });
    try {
      await queue.start();
      let ran = false;
      await queue.work(
        'guarded',
        async () => {
          ran = true;
          down = true; // the job is done; marking it done is what fails
        },
        { pollingIntervalSeconds: 0.5 },
      );
      const id = await queue.send('guarded', {});
      await waitFor(() => ran, 'the job to run', 10_000);
      await new Promise((r) => setTimeout(r, 300));
      down = false;
      await new Promise((r) => setImmediate(r));
      assert.equal(rejections, 0);
      assert.equal((await queue.getJob('guarded', id!))?.state, 'active', 'not marked done: it expires and runs again');
    } finally {
      down = false;
      process.off('unhandledRejection', count);
      await queue.stop(1000);
      await real.close();
    }
  });
});
