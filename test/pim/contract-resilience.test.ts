/** Contract: batching limits, throttling storms, timeouts and dropped connections, on the sandbox. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BadRequestError,
  GraphTimeoutError,
  NetworkError,
  ThrottledError,
  batch,
  createGraphClient,
  getRoleDefinition,
  getUser,
  listPendingRequests,
  listRoleDefinitions,
  outcomeBody,
  schemas,
  type BatchStep,
  type User,
} from '../../src/pim/index.js';
import { call } from '../../src/pim/call.js';
import { CountingCredential, ROLES, startHarness, type Harness } from './sandbox-harness.js';

describe('contract: batching and resilience', () => {
  let h: Harness;
  let userIds: string[];
  // Storm settings: many quick retries, every wait capped low so the test stays fast.
  const stormy = () => {
    const credential = new CountingCredential(h.appCalls);
    return { credential, client: createGraphClient({ baseUrl: h.sandbox.url, credential, timeoutMs: 5_000, maxRetries: 30, retryBaseDelayMs: 2, retryMaxDelayMs: 20 }) };
  };

  before(async () => {
    h = await startHarness();
    userIds = h.snapshot.users.map((u) => u.id!).slice(0, 45);
    await h.gateway.listRoleDefinitions(); // warm the app token before faults reach the token endpoint
  });
  after(() => h.close());

  const steps = (n: number): BatchStep[] => userIds.slice(0, n).map((id, i) => ({ id: String(i), url: `/users/${id}?$expand=manager` }));

  it('sandbox refuses a 21-request $batch; the helper sends 45 in chunks', async () => {
    const raw = { requests: steps(21).map((s) => ({ ...s, method: 'GET' })) };
    await assert.rejects(call(() => h.app.api('/$batch').post(raw)), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.match(err.graphMessage ?? '', /limit of 20/);
      return true;
    });
    const before = h.appCalls.calls;
    const out = await batch(h.app, steps(45));
    assert.equal(h.appCalls.calls - before, 3, '20 + 20 + 5');
    assert.equal(out.size, 45);
    for (const [i, id] of userIds.entries()) assert.equal(outcomeBody<User>(out.get(String(i)), schemas.userSchema, 'user').id, id);
  });

  it('rides out a 429 storm (60% throttled, Retry-After) without a failed call', async () => {
    const { client, credential } = stormy();
    h.sandbox.faults.set({ throttleRate: 0.6, retryAfterSeconds: 0.01 });
    try {
      const calls: Array<Promise<unknown>> = [];
      for (let i = 0; i < 10; i++) {
        calls.push(getRoleDefinition(client, ROLES.globalAdmin));
        calls.push(getUser(client, userIds[i]!));
        calls.push(listPendingRequests(client));
      }
      calls.push(listRoleDefinitions(client));
      calls.push(batch(client, steps(45)));
      const results = await Promise.allSettled(calls);
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 0, String((failed[0] as PromiseRejectedResult | undefined)?.reason));
      const out = (results.at(-1) as PromiseFulfilledResult<Map<string, { status: number }>>).value;
      assert.ok([...out.values()].every((o) => o.status === 200), 'every batch step succeeded after its own retries');
      assert.ok(credential.calls > results.length, `throttling happened: ${credential.calls} attempts for ${results.length} calls`);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('gives up with a typed Throttled error when retries run out', async () => {
    const client = createGraphClient({ baseUrl: h.sandbox.url, credential: h.appCalls, maxRetries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 10 });
    h.sandbox.faults.set({ route: '/roleDefinitions', throttleRate: 1, retryAfterSeconds: 0.005 });
    try {
      await assert.rejects(listRoleDefinitions(client), (err: unknown) => err instanceof ThrottledError && err.retryAfterMs === 5);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('times out slow calls; a GET is retried past one slow answer', async () => {
    const impatient = createGraphClient({ baseUrl: h.sandbox.url, credential: h.appCalls, timeoutMs: 100, maxRetries: 0 });
    h.sandbox.faults.set({ route: '/roleDefinitions', latencyMs: 400 });
    try {
      const started = Date.now();
      await assert.rejects(listRoleDefinitions(impatient), (err: unknown) => err instanceof GraphTimeoutError && err.timeoutMs === 100);
      assert.ok(Date.now() - started < 350, 'fired at the timeout, not when the answer came');
    } finally {
      h.sandbox.faults.clear();
    }
    const patient = createGraphClient({ baseUrl: h.sandbox.url, credential: h.appCalls, timeoutMs: 100, maxRetries: 2, retryBaseDelayMs: 1 });
    h.sandbox.faults.set({ route: '/roleDefinitions', latencyMs: 400, count: 1 });
    try {
      assert.equal((await listRoleDefinitions(patient)).length, 20);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('resends reads over dropped connections, never a write', async () => {
    const { client } = stormy();
    h.sandbox.faults.set({ route: '/roleDefinitions', dropRate: 0.5 });
    try {
      for (let i = 0; i < 10; i++) assert.equal((await getRoleDefinition(client, ROLES.globalAdmin)).id, ROLES.globalAdmin);
    } finally {
      h.sandbox.faults.clear();
    }
    const lgu = await h.as('lgu');
    // Only the first POST is dropped: a resend would have succeeded, so the rejection proves none was made.
    h.sandbox.faults.set({ route: '/roleAssignmentScheduleRequests', dropRate: 1, count: 1 });
    try {
      await assert.rejects(
        lgu.selfActivate({ principalId: h.userId('lgu'), roleDefinitionId: ROLES.securityReader, duration: 'PT1H', justification: 'Review alerts' }),
        (err: unknown) => err instanceof NetworkError && /fetch failed/.test(err.message),
      );
    } finally {
      h.sandbox.faults.clear();
    }
  });
});
