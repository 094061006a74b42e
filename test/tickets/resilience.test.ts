/**
 * A slow, dead or failing ticket system never holds triage up beyond the check's timeout and never
 * makes it fail: the analysis says the ticket could not be checked and scores as without it.
 * Answers are cached for a short while; failures are not.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { triageWithTicket } from '../../src/tickets/analysis.js';
import { ServiceNowConnector } from '../../src/tickets/servicenow.js';
import { triage } from '../../src/triage/engine.js';
import { build, NOW } from '../triage/fixtures.js';
import { checkerFor, JIRA, SN, SN_PASSWORD, SN_USER, startSystems, type Systems } from './support.js';

const TIMEOUT = 300;

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ticket systems that are slow, dead or failing', () => {
  let systems: Systems;
  const routine = build();
  const plain = triage(routine.ctx, routine.baseline, NOW);

  before(async () => {
    systems = await startSystems();
  });
  afterEach(() => {
    systems.serviceNow.faults.latencyMs = 0;
    systems.serviceNow.faults.status = undefined;
    systems.jira.faults.latencyMs = 0;
    systems.jira.faults.status = undefined;
  });
  after(() => systems.close());

  const unchanged = (a: Awaited<ReturnType<typeof triageWithTicket>>) => {
    assert.equal(a.riskScore, plain.riskScore);
    assert.equal(a.riskBand, plain.riskBand);
    assert.deepEqual(a.flags, plain.flags);
  };

  it('a slow ServiceNow: triage returns within the timeout, with a factor saying the ticket was not checked', async () => {
    systems.serviceNow.faults.latencyMs = 5_000;
    const checker = checkerFor(systems.connectors, { timeoutMs: TIMEOUT });
    const started = Date.now();
    const a = await triageWithTicket(routine.ctx, routine.baseline, NOW, checker);
    const took = Date.now() - started;
    assert.ok(took < TIMEOUT + 400, `took ${took} ms`);
    unchanged(a);
    const f = a.factors.find((x) => x.id === 'ticket-unchecked');
    assert.equal(f?.points, 0);
    assert.equal(f?.detail, `ServiceNow change CHG0048213 could not be checked: ServiceNow did not answer within ${TIMEOUT} ms. Whether it exists, is open and covers this activation is unverified.`);
    assert.equal(a.ticketFacts?.status, 'unavailable');
  });

  it('a slow Jira: the same', async () => {
    systems.jira.faults.latencyMs = 5_000;
    const checker = checkerFor(systems.connectors, { timeoutMs: TIMEOUT });
    const b = build((ctx) => (ctx.request.ticketNumber = JIRA.good));
    const started = Date.now();
    const a = await triageWithTicket(b.ctx, b.baseline, NOW, checker);
    assert.ok(Date.now() - started < TIMEOUT + 400);
    assert.equal(a.ticketFacts?.status, 'unavailable');
    assert.equal(a.ticketFacts?.system, 'Jira');
  });

  it('a dead ServiceNow (nothing listening): unchecked at once', async () => {
    const dead = new ServiceNowConnector({ instanceUrl: `http://127.0.0.1:${await deadPort()}`, auth: { kind: 'basic', username: SN_USER, password: SN_PASSWORD } });
    const started = Date.now();
    const a = await triageWithTicket(routine.ctx, routine.baseline, NOW, checkerFor([dead], { timeoutMs: 2_000 }));
    assert.ok(Date.now() - started < 1_000);
    unchanged(a);
    assert.match(a.ticketFacts?.problem ?? '', /^ServiceNow could not be reached \(ECONNREFUSED\)$/);
  });

  it('a failing ServiceNow (500) or a throttling one (429): unchecked, with the reason', async () => {
    const checker = checkerFor(systems.connectors);
    for (const [status, reason] of [
      [500, 'ServiceNow failed (500)'],
      [429, 'ServiceNow is rate limiting the service account (429)'],
    ] as const) {
      systems.serviceNow.faults.status = status;
      const a = await triageWithTicket(routine.ctx, routine.baseline, NOW, checker);
      unchanged(a);
      assert.equal(a.ticketFacts?.problem, reason);
    }
  });

  it('keeps answers (found and not found) for the cache time, shares concurrent checks, and never keeps a failure', async () => {
    const checker = checkerFor(systems.connectors, { cacheSeconds: 60 });
    const who = { userPrincipalName: 'nina@example.test' };
    const count = () => systems.serviceNow.calls.filter((c) => c.path === '/api/now/table/change_request').length;

    let before = count();
    await Promise.all([checker.check({ ticketNumber: SN.closed }, who), checker.check({ ticketNumber: SN.closed }, who)]);
    await checker.check({ ticketNumber: SN.closed }, who);
    assert.equal(count() - before, 1);

    before = count();
    assert.equal((await checker.check({ ticketNumber: SN.missing }, who))?.status, 'not-found');
    assert.equal((await checker.check({ ticketNumber: SN.missing }, who))?.status, 'not-found');
    assert.equal(count() - before, 1);

    systems.serviceNow.faults.status = 503;
    assert.equal((await checker.check({ ticketNumber: SN.later }, who))?.status, 'unavailable');
    systems.serviceNow.faults.status = undefined;
    assert.equal((await checker.check({ ticketNumber: SN.later }, who))?.status, 'found');
  });
});
