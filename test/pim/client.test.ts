/** The client layer over a scripted HTTP server: auth, retries, timeouts, error mapping, paging. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AlreadyDecidedError,
  ForbiddenError,
  GraphTimeoutError,
  PimError,
  NetworkError,
  NotFoundError,
  PolicyValidationError,
  ThrottledError,
  createGraphClient,
  decideApproval,
  getRequest,
  listAll,
  parseFailedRules,
  ResponseShapeError,
  selfActivate,
  selfDeactivate,
  selfExtend,
} from '../../src/pim/index.js';
import { FakeGraph, StaticCredential, graphError, json } from './fake-graph.js';

const fast = { retryBaseDelayMs: 5, retryMaxDelayMs: 2_000, timeoutMs: 2_000 };

const request = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  status: 'PendingApproval',
  action: 'SelfActivate',
  principalId: 'p1',
  roleDefinitionId: 'r1',
  directoryScopeId: '/',
  createdDateTime: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('graph client layer', () => {
  let fake: FakeGraph;
  before(async () => {
    fake = await new FakeGraph(() => undefined).start();
  });
  after(() => fake.close());

  it('sends the bearer token to its own base URL, on the version asked for', async () => {
    const cred = new StaticCredential('tok-1');
    fake.handler = (req, res) => json(res, 200, request('a'));
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: cred });
    const got = await getRequest(client, 'a');
    const last = fake.requests.at(-1)!;
    assert.equal(last.headers.authorization, 'Bearer tok-1');
    assert.equal(last.url, '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/a');
    assert.equal(got.action, 'selfActivate', 'enum casing normalised');
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    let calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      if (calls <= 2) return graphError(res, 429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': '0.15' });
      json(res, 200, request('b'));
    };
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    const started = Date.now();
    await getRequest(client, 'b');
    assert.equal(calls, 3);
    assert.ok(Date.now() - started >= 290, `waited ${Date.now() - started} ms, expected two Retry-After waits`);
    assert.equal(fake.requests.at(-1)!.headers['retry-attempt'], '2');
  });

  it('backs off on 503/504 without Retry-After, and gives a typed Throttled error when 429 never ends', async () => {
    let calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      if (calls === 1) return graphError(res, 503, 'ServiceUnavailable', 'down');
      if (calls === 2) return graphError(res, 504, 'GatewayTimeout', 'slow');
      json(res, 200, request('c'));
    };
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    await getRequest(client, 'c');
    assert.equal(calls, 3);

    fake.handler = (_req, res) => graphError(res, 429, 'TooManyRequests', 'slow down', { 'Retry-After': '0.01' });
    const limited = createGraphClient({ ...fast, maxRetries: 2, baseUrl: fake.url, credential: new StaticCredential() });
    const before = fake.requests.length;
    await assert.rejects(getRequest(limited, 'c'), (err: unknown) => {
      assert.ok(err instanceof ThrottledError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterMs, 10);
      return true;
    });
    assert.equal(fake.requests.length - before, 3, 'one try and two retries');
  });

  it('times out a slow call, retries a GET after a timeout, never a POST', async () => {
    let calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      setTimeout(() => json(res, 200, request('d')), calls === 1 ? 300 : 0);
    };
    const client = createGraphClient({ ...fast, timeoutMs: 100, baseUrl: fake.url, credential: new StaticCredential() });
    await getRequest(client, 'd');
    assert.equal(calls, 2, 'the timed-out GET was sent again');

    calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      setTimeout(() => json(res, 201, request('e')), 300);
    };
    await assert.rejects(
      selfActivate(client, { principalId: 'p1', roleDefinitionId: 'r1', duration: 'PT1H', justification: 'x' }),
      (err: unknown) => err instanceof GraphTimeoutError && err.timeoutMs === 100,
    );
    assert.equal(calls, 1, 'a POST is not resent blind');

    const noRetry = createGraphClient({ ...fast, maxRetries: 0, timeoutMs: 50, baseUrl: fake.url, credential: new StaticCredential() });
    await assert.rejects(getRequest(noRetry, 'f'), GraphTimeoutError);

    // A gateway timeout may come after PIM acted: a POST is not sent again on 504 either, but is on 503.
    calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      graphError(res, 504, 'GatewayTimeout', 'the gateway timed out');
    };
    await assert.rejects(selfActivate(client, { principalId: 'p1', roleDefinitionId: 'r1', duration: 'PT1H', justification: 'x' }), (err: unknown) => err instanceof PimError && err.status === 504);
    assert.equal(calls, 1, 'a POST is not resent after a 504');
    calls = 0;
    fake.handler = (_req, res) => {
      calls++;
      if (calls === 1) return graphError(res, 503, 'ServiceUnavailable', 'down');
      json(res, 201, request('g'));
    };
    await selfActivate(client, { principalId: 'p1', roleDefinitionId: 'r1', duration: 'PT1H', justification: 'x' });
    assert.equal(calls, 2, 'a 503 was not processed: the POST is sent again');
  });

  it('maps Graph errors to typed errors', async () => {
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    fake.handler = (_req, res) =>
      graphError(res, 400, 'RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["TicketingRule","JustificationRule"]');
    await assert.rejects(selfActivate(client, { principalId: 'p', roleDefinitionId: 'r', duration: 'PT1H' }), (err: unknown) => {
      assert.ok(err instanceof PolicyValidationError);
      assert.deepEqual(err.rules, ['TicketingRule', 'JustificationRule']);
      assert.equal(err.kind, 'policy');
      assert.match(err.message, /TicketingRule/);
      return true;
    });
    fake.handler = (_req, res) => graphError(res, 404, 'ResourceNotFound', 'nope');
    await assert.rejects(getRequest(client, 'x'), NotFoundError);
    fake.handler = (req, res) =>
      req.method === 'GET'
        ? json(res, 200, { id: 'ap', steps: [{ id: 'ap', status: 'Completed', reviewResult: 'Approve', assignedToMe: true }] })
        : graphError(res, 409, 'Conflict', 'already reviewed');
    await assert.rejects(decideApproval(client, 'ap', { reviewResult: 'Approve', justification: 'ok' }), AlreadyDecidedError);
    assert.equal(fake.requests.at(-1)!.url, '/beta/roleManagement/directory/roleAssignmentApprovals/ap/steps/ap');
    fake.handler = (_req, res) => graphError(res, 403, 'Forbidden', 'apps cannot approve');
    await assert.rejects(decideApproval(client, 'ap', { reviewResult: 'Approve', justification: 'ok', stepId: 'ap' }), (err: unknown) => {
      assert.ok(err instanceof ForbiddenError);
      assert.match(err.message, /apps cannot approve/);
      return true;
    });
  });

  it('reports a refused connection as a NetworkError', async () => {
    const dead = await new FakeGraph(() => undefined).start();
    await dead.close();
    const client = createGraphClient({ ...fast, maxRetries: 1, baseUrl: dead.url, credential: new StaticCredential() });
    await assert.rejects(getRequest(client, 'x'), NetworkError);
  });

  it('follows http nextLinks with the same client', async () => {
    fake.handler = (req, res) => {
      const page = new URL(req.url, fake.url).searchParams.get('$skiptoken');
      if (!page) return json(res, 200, { value: [request('1'), request('2')], '@odata.nextLink': `${fake.url}/v1.0/things?$skiptoken=p2` });
      if (page === 'p2') return json(res, 200, { value: [request('3')], '@odata.nextLink': `${fake.url}/v1.0/things?$skiptoken=p3` });
      json(res, 200, { value: [request('4')] });
    };
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    const all = await listAll<{ id: string }>(client, client.api('/things'));
    assert.deepEqual(all.map((r) => r.id), ['1', '2', '3', '4']);
    assert.ok(fake.requests.slice(-3).every((r) => r.headers.authorization === 'Bearer test-token'));
    const two = await listAll<{ id: string }>(client, client.api('/things'), { limit: 2 });
    assert.deepEqual(two.map((r) => r.id), ['1', '2']);
  });

  it('sends the request bodies Graph documents for self-service actions', async () => {
    fake.handler = (req, res) => json(res, 201, { ...request('n'), ...(JSON.parse(req.body) as object) });
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    const base = { principalId: 'p1', roleDefinitionId: 'r1', duration: 'PT2H', justification: 'why', ticket: { number: 'T-1' } };
    await selfActivate(client, { ...base, validationOnly: true });
    assert.deepEqual(JSON.parse(fake.requests.at(-1)!.body), {
      action: 'selfActivate',
      principalId: 'p1',
      roleDefinitionId: 'r1',
      directoryScopeId: '/',
      justification: 'why',
      ticketInfo: { ticketNumber: 'T-1', ticketSystem: null },
      isValidationOnly: true,
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT2H' } },
    });
    const extended = await selfExtend(client, { ...base, startDateTime: '2026-01-01T10:00:00Z' });
    assert.equal(extended.action, 'selfExtend');
    assert.deepEqual((JSON.parse(fake.requests.at(-1)!.body) as { scheduleInfo: unknown }).scheduleInfo, {
      startDateTime: '2026-01-01T10:00:00Z',
      expiration: { type: 'afterDuration', duration: 'PT2H' },
    });
    await selfDeactivate(client, { principalId: 'p1', roleDefinitionId: 'r1' });
    assert.deepEqual(JSON.parse(fake.requests.at(-1)!.body), { action: 'selfDeactivate', principalId: 'p1', roleDefinitionId: 'r1', directoryScopeId: '/' });
    assert.equal(fake.requests.at(-1)!.url, '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests');
  });

  it('refuses a response without the fields the bot reads', async () => {
    fake.handler = (_req, res) => json(res, 200, { id: 'x', status: 'Granted' });
    const client = createGraphClient({ ...fast, baseUrl: fake.url, credential: new StaticCredential() });
    await assert.rejects(getRequest(client, 'x'), (err: unknown) => {
      assert.ok(err instanceof ResponseShapeError);
      assert.match(err.message, /principalId/);
      return true;
    });
  });

  it('parses rule names from Graph messages', () => {
    assert.deepEqual(parseFailedRules('The following policy rules failed: ["MfaRule"]'), ['MfaRule']);
    assert.deepEqual(parseFailedRules('The following policy rules failed: [TicketingRule, ExpirationRule]'), ['TicketingRule', 'ExpirationRule']);
    assert.deepEqual(parseFailedRules(undefined), []);
  });
});
