import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, it } from 'node:test';
import { pino } from 'pino';
import { JobQueue, jobIdFor } from '../../src/store/jobs.js';
import { eachBackend } from '../support/backends.js';

const silent = pino({ level: 'silent' });

function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

/** A logger that keeps what it was given, to check failures are logged. */
function capturingLogger(lines: Array<Record<string, unknown>>) {
  return pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
}

it('derives the same job id from the same key, and different ids from different keys', () => {
  assert.equal(jobIdFor('triage', 'r1'), jobIdFor('triage', 'r1'));
  assert.notEqual(jobIdFor('triage', 'r1'), jobIdFor('triage', 'r2'));
  assert.notEqual(jobIdFor('triage', 'r1'), jobIdFor('deliver', 'r1'));
  assert.match(jobIdFor('triage', 'r1'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

await eachBackend('durable jobs', (backend) => {
  const queues: JobQueue[] = [];
  const queue = (log = silent) => {
    const b = backend();
    const schema = `jobs_${randomBytes(4).toString('hex')}`;
    const q = new JobQueue(b.db, log, b.url ? { connectionString: b.url, schema } : { schema });
    queues.push(q);
    return { q, schema };
  };
  after(async () => {
    for (const q of queues) await q.stop(2000);
  });

  it('runs a job sent twice with the same key once', async () => {
    const { q } = queue();
    await q.start();
    const seen: string[] = [];
    await q.createQueue('once');
    const first = await q.sendOnce('once', 'request-42', { requestId: 'request-42' });
    const second = await q.sendOnce('once', 'request-42', { requestId: 'request-42' });
    assert.ok(first);
    assert.equal(second, null, 'the second send is refused');
    await q.work<{ requestId: string }>('once', async (data) => void seen.push(data.requestId), { pollingIntervalSeconds: 0.5 });
    await until(() => seen.length >= 1, 10_000, 'the job to run');
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(seen, ['request-42']);
  });

  it('retries a job that throws, and logs the failure', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { q } = queue(capturingLogger(lines));
    await q.start();
    let attempts = 0;
    await q.work<{ n: number }>(
      'flaky',
      async () => {
        attempts++;
        if (attempts < 3) throw new Error(`Graph said 503 (attempt ${attempts})`);
      },
      { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false, pollingIntervalSeconds: 0.5 },
    );
    const id = await q.send('flaky', { n: 1 });
    await until(() => attempts >= 3, 20_000, 'three attempts');
    await until(() => lines.some((l) => l.msg === 'job done'), 5000, 'the job to complete');
    const failures = lines.filter((l) => String(l.msg).startsWith('job failed'));
    assert.equal(failures.length, 2);
    assert.equal(failures[0]!.jobId, id);
    assert.ok(failures[0]!.traceId, 'each log line carries the trace id');
    assert.match(JSON.stringify(failures[0]!.err), /attempt 1/);
  });

  // On PGlite both workers share one in-process database; on the server they are two pg-boss pools.
  it('never lets two workers run the same job', async () => {
    const schema = `jobs_${randomBytes(4).toString('hex')}`;
    const b = backend();
    const opts = b.url ? { connectionString: b.url, schema } : { schema };
    const a = new JobQueue(b.db, silent, opts);
    const c = new JobQueue(b.db, silent, opts);
    queues.push(a, c);
    await a.start();
    await c.start();
    const runs = new Map<number, number>();
    const handler = async (data: { n: number }) => {
      runs.set(data.n, (runs.get(data.n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    };
    await a.createQueue('shared');
    const total = 40;
    for (let n = 0; n < total; n++) await a.send('shared', { n });
    await a.work('shared', handler, { pollingIntervalSeconds: 0.5 });
    await c.work('shared', handler, { pollingIntervalSeconds: 0.5 });
    await until(() => runs.size === total, 30_000, 'every job to run');
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(runs.size, total);
    assert.ok([...runs.values()].every((count) => count === 1), 'each job ran exactly once');
  });
});
