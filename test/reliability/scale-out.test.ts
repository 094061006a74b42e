/**
 * Two bot processes on one PostgreSQL, in tenant mode against one sandbox tenant: each pending
 * request is triaged once and each approver gets one card; a process killed (kill -9) in the middle
 * of a triage leaves its job to the other; restarted, it takes the work that waited for it, and
 * nothing is sent twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/store/db.js';
import { JobQueue } from '../../src/store/jobs.js';
import { migrate } from '../../src/store/migrate.js';
import { enqueueTriage } from '../../src/workflow/index.js';
import { recordFigure } from '../support/figures.js';
import { createTestDatabase, postgresSkipReason } from '../support/postgres.js';
import { approverOf, spawnInstance, tallyCards, startTenant, waitFor, type Instance, type Tenant } from './support/cluster.js';

const skip = await postgresSkipReason();
const SUITE = 'scale-out';
// Short enough for a test: a dead instance's triage is retried elsewhere within about 15 s.
const SETTINGS = { TRIAGE_TIMEOUT_SECONDS: '5', JOBS_MAINTENANCE_SECONDS: '1' };

describe('scale-out: two instances on one PostgreSQL', { skip, timeout: 150_000 }, () => {
  let tenant: Tenant;
  let database: { url: string; drop: () => Promise<void> };
  let sql: pg.Client;
  const instances: Instance[] = [];
  let env: Record<string, string>;
  const submitted: string[] = [];
  const frozen = new Set<number>();

  before(async () => {
    tenant = await startTenant();
    database = await createTestDatabase();
    env = tenant.env(database.url, SETTINGS);
    // Migrated first, as a release step would: two instances creating schema_migrations on an
    // empty database at the same moment still collide (src/store/migrate.ts creates it before its lock).
    const first: Database = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1 });
    await migrate(first);
    await first.close();
    // Started together, as a deployment rolls out: pg-boss and its queues are set up concurrently.
    instances.push(...(await Promise.all([spawnInstance('a', env), spawnInstance('b', env)])));
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await waitFor(async () => (await sql.query('SELECT 1 FROM triage_learn_state')).rows.length > 0, 'the triage baseline to be learned', 60_000);
  });

  after(async () => {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    await Promise.all(instances.map((i) => i.stop()));
    await sql?.end();
    await tenant?.close();
    await database?.drop();
  });

  const analyses = async (requestId: string) => Number((await sql.query(`SELECT count(*) AS n FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = $1`, [requestId])).rows[0].n);
  const approversOf = async (requestId: string): Promise<string[]> => {
    const { rows } = await sql.query<{ approvers: string[] | null }>('SELECT approvers FROM workflow_requests WHERE request_id = $1', [requestId]);
    return rows[0]?.approvers ?? [];
  };
  /** Every approver's card is out; resolves to the approvers. */
  const delivered = (requestId: string, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const approvers = await approversOf(requestId);
        return approvers.length > 0 && tenant.cardsFor(requestId).length >= approvers.length ? approvers : undefined;
      },
      `cards for ${requestId}`,
      timeoutMs,
    );
  /** Exactly one analysis, and exactly one card for each approver the route named. */
  const assertOnce = async (requestId: string) => {
    assert.equal(await analyses(requestId), 1, `${requestId} triaged once`);
    const approvers = await approversOf(requestId);
    const cards = tenant.cardsFor(requestId).map(approverOf);
    assert.deepEqual([...cards].sort(), [...approvers].sort(), `${requestId}: one card per approver, no more`);
    const sent = await sql.query(`SELECT count(*) AS n FROM card_messages WHERE request_id = $1 AND kind = 'approval' AND state = 'sent'`, [requestId]);
    assert.equal(Number(sent.rows[0].n), approvers.length);
  };

  it('triages each pending request once, whichever instance is told, with one card per approver', async () => {
    // More than one instance's four triage workers, so both must take some.
    const requests = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => tenant.request(i)));
    const ids = requests.map((r) => r.id);
    submitted.push(...ids);
    // Both instances hear of every request, twice, as a webhook retried by its sender would tell them.
    const answers = await Promise.all([instances[0]!.event({ requestIds: ids }), instances[1]!.event({ requestIds: ids }), instances[0]!.event({ requestIds: ids })]);
    assert.ok(answers.every((a) => a.status === 202));
    for (const id of ids) await delivered(id);
    await new Promise((r) => setTimeout(r, 1000));
    for (const id of ids) await assertOnce(id);
    const workers = instances.filter((i) => i.graphCalls.some((c) => ids.some((id) => c.path.includes(id))));
    assert.equal(workers.length, 2, 'both instances took part');
    // Two requesters ask again later; their first requests are withdrawn (the watch would close them).
    await Promise.all([0, 1].map((i) => tenant.cancel(i, ids[i]!)));
  });

  it('finishes on the other instance a triage whose instance was killed mid-way', async () => {
    const r = await tenant.request(8);
    submitted.push(r.id);
    // The request's first GET hangs, so whoever takes the job is caught in the middle of it.
    tenant.sandbox.faults.set({ route: r.id, latencyMs: 30_000, count: 1 });
    const mark = Date.now();
    assert.equal((await instances[0]!.event({ requestId: r.id })).status, 202);
    const victim = await waitFor(() => instances.find((i) => i.graphCalls.some((c) => c.at >= mark && c.path.includes(r.id))), 'an instance to start the triage');
    const claimed = await sql.query<{ state: string }>('SELECT state FROM workflow_requests WHERE request_id = $1', [r.id]);
    assert.equal(claimed.rows[0]?.state, 'triaging', 'the victim holds the claim');
    await victim.crash();
    const killedAt = Date.now();
    const survivor = instances.find((i) => i !== victim)!;
    assert.ok(survivor.alive);

    await delivered(r.id, 45_000);
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    await new Promise((res) => setTimeout(res, 1000));
    await assertOnce(r.id);
    const row = await sql.query<{ attempts: number }>('SELECT attempts FROM workflow_requests WHERE request_id = $1', [r.id]);
    assert.equal(row.rows[0]?.attempts, 2, 'the claim was taken over once');
    assert.ok(survivor.graphCalls.some((c) => c.at >= killedAt && c.path.includes(r.id)), 'the survivor did the work');
    recordFigure({ suite: SUITE, name: 'instances killed (kill -9) mid-triage', value: 1 });
    recordFigure({ suite: SUITE, name: 'seconds until the other instance finished the killed triage', value: Math.round(recoverySeconds * 10) / 10, unit: 's' });
    instances.splice(instances.indexOf(victim), 1);
  });

  it('a restarted instance takes the work that waited for it, and nothing is sent twice', async () => {
    const survivor = instances[0]!;
    // The survivor is frozen (as in a long pause), so only the restarted instance can do this work.
    process.kill(survivor.pid, 'SIGSTOP');
    frozen.add(survivor.pid);
    const requests = await Promise.all([9, 10, 11].map((i) => tenant.request(i)));
    const ids = requests.map((r) => r.id);
    submitted.push(...ids);
    const db: Database = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 2 });
    const sender = new JobQueue(db, pino({ level: 'silent' }), { connectionString: database.url });
    await sender.start();
    try {
      for (const id of ids) assert.equal(await enqueueTriage(sender, id, 'webhook'), true);
    } finally {
      await sender.stop();
      await db.close();
    }

    const restarted = await spawnInstance('a-restarted', env);
    instances.push(restarted);
    for (const id of ids) await delivered(id);
    assert.ok(ids.every((id) => restarted.graphCalls.some((c) => c.path.includes(id))), 'the restarted instance triaged them');

    process.kill(survivor.pid, 'SIGCONT');
    frozen.delete(survivor.pid);
    // Everything told again, to both, and a poll: all of it is known, so nothing more goes out.
    const approvalCards = () => submitted.reduce((n, id) => n + tenant.cardsFor(id).length, 0);
    const before = approvalCards();
    const again = await Promise.all([survivor.event({ requestIds: submitted }), restarted.event({ requestIds: submitted }), restarted.event({ event: 'poll' })]);
    assert.deepEqual(again[0]!.body.queued, []);
    assert.deepEqual(again[1]!.body.queued, []);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(approvalCards(), before, 'no approval card sent again');

    for (const id of submitted) await assertOnce(id);
    const { cards, duplicates } = tallyCards(tenant, submitted);
    const triagedOnce = Number((await sql.query(`SELECT count(DISTINCT request_id) AS n FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = ANY($1)`, [submitted])).rows[0].n);
    const rejections = instances.reduce((n, i) => n + i.unhandledRejections, 0);
    assert.equal(rejections, 0, 'no unhandled rejection in any instance');
    recordFigure({ suite: SUITE, name: 'service instances on one PostgreSQL', value: 2 });
    recordFigure({ suite: SUITE, name: 'requests submitted', value: submitted.length });
    recordFigure({ suite: SUITE, name: 'requests triaged exactly once', value: triagedOnce });
    recordFigure({ suite: SUITE, name: 'approval cards sent', value: cards });
    recordFigure({ suite: SUITE, name: 'duplicate cards', value: duplicates });
    recordFigure({ suite: SUITE, name: 'requests lost', value: submitted.length - triagedOnce });
    recordFigure({ suite: SUITE, name: 'unhandled rejections', value: rejections });
  });
});
