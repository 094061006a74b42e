/** The `$batch` helper over a scripted server: chunking, per-step retries, typed step errors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, batch, createGraphClient, outcomeBody, type BatchStep } from '../../src/pim/index.js';
import { z } from 'zod/v4';
import { FakeGraph, StaticCredential, graphError, json } from './fake-graph.js';

interface BatchBody {
  requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown }>;
}

describe('$batch helper', () => {
  let fake: FakeGraph;
  const seen = new Map<string, number>();
  before(async () => {
    fake = await new FakeGraph((req, res) => {
      const body = JSON.parse(req.body) as BatchBody;
      if (body.requests.length > 20) return graphError(res, 400, 'BadRequest', 'Too many requests in the batch: limit is 20');
      const responses = body.requests.map((r) => {
        const n = (seen.get(r.id) ?? 0) + 1;
        seen.set(r.id, n);
        if (r.url.startsWith('/missing')) return { id: r.id, status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'no such thing' } } };
        // Every third step is throttled on its first two tries.
        if (Number(r.id) % 3 === 0 && n <= 2) return { id: r.id, status: 429, headers: { 'Retry-After': '0.01' }, body: { error: { code: 'TooManyRequests', message: 'later' } } };
        return { id: r.id, status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: r.id, url: r.url, method: r.method, sent: r.body ?? null } };
      });
      json(res, 200, { responses: responses.reverse() });
    }).start();
  });
  after(() => fake.close());

  it('splits 45 steps into calls of at most 20 and resends only the throttled steps', async () => {
    const client = createGraphClient({ baseUrl: fake.url, credential: new StaticCredential(), retryBaseDelayMs: 5, retryMaxDelayMs: 100 });
    const steps: BatchStep[] = Array.from({ length: 45 }, (_, i) => ({ id: String(i + 1), url: `/users/u${i + 1}` }));
    const out = await batch(client, steps);
    assert.equal(out.size, 45);
    for (const step of steps) assert.equal(out.get(step.id)!.status, 200, `step ${step.id}`);
    const posts = fake.requests.filter((r) => r.url === '/v1.0/$batch');
    assert.ok(posts.every((p) => (JSON.parse(p.body) as BatchBody).requests.length <= 20));
    assert.equal(posts.slice(0, 3).map((p) => (JSON.parse(p.body) as BatchBody).requests.length).reduce((a, b) => a + b), 45);
    // Only throttled steps come back: 15 of them, two extra tries each.
    const resent = posts.slice(3).flatMap((p) => (JSON.parse(p.body) as BatchBody).requests.map((r) => Number(r.id)));
    assert.equal(resent.length, 30);
    assert.ok(resent.every((id) => id % 3 === 0));
  });

  it('gives each failed step its typed error, and adds Content-Type to steps with a body', async () => {
    const client = createGraphClient({ baseUrl: fake.url, credential: new StaticCredential(), retryBaseDelayMs: 5 });
    const out = await batch(client, [
      { id: '1', url: '/missing/thing' },
      { id: '2', method: 'POST', url: '/communications/getPresencesByUserId', body: { ids: ['a'] } },
    ], { version: 'beta' });
    assert.throws(() => outcomeBody(out.get('1'), z.unknown(), 'thing'), NotFoundError);
    const last = JSON.parse(fake.requests.at(-1)!.body) as BatchBody;
    assert.equal(fake.requests.at(-1)!.url, '/beta/$batch');
    assert.equal(last.requests.find((r) => r.id === '2')!.headers!['Content-Type'], 'application/json');
    assert.deepEqual((out.get('2')!.body as { sent: unknown }).sent, { ids: ['a'] });
  });

  it('refuses duplicate step ids', async () => {
    const client = createGraphClient({ baseUrl: fake.url, credential: new StaticCredential() });
    await assert.rejects(batch(client, [{ id: 'a', url: '/x' }, { id: 'a', url: '/y' }]), /unique/);
  });
});
