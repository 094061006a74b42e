/**
 * Building contexts at scale: the history index answers without passing over the history, the
 * snapshot index gives the same context as a one-off build, similar decisions are the ones a full
 * sort would pick; and the learn and triage commands work on a stored baseline.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadSnapshot } from '../../src/tenant/snapshot.js';
import { run as runTriage } from '../../src/triage/cli.js';
import { defaultCaseFile } from '../../src/triage/eval-cli.js';
import { contextFromSnapshot } from '../../src/triage/from-snapshot.js';
import { HistoryIndex } from '../../src/triage/history-index.js';
import { run as runLearn } from '../../src/triage/learn-cli.js';
import { similarDecisions } from '../../src/triage/similar.js';
import { indexSnapshot } from '../../src/triage/snapshot-index.js';
import type { ActivationRecord, TriageContext } from '../../src/triage/types.js';
import { build, EXCHANGE, NOW, routineHistory, USER } from './fixtures.js';

describe('history index', () => {
  const records: ActivationRecord[] = [];
  for (let i = 0; i < 40; i += 1) records.push(...routineHistory(10, EXCHANGE, `u-${i}`, 'Messaging'));
  records.push(...routineHistory(5));

  it('gives the requester’s own requests and the role’s latest by others, up to now', () => {
    const got = new HistoryIndex(records).forRequest(USER, EXCHANGE, NOW, 7);
    assert.equal(got.filter((r) => r.principalId === USER).length, 5);
    const others = got.filter((r) => r.principalId !== USER);
    assert.equal(others.length, 7);
    const newestOthers = records.filter((r) => r.principalId !== USER).map((r) => r.createdDateTime).sort().slice(-7);
    assert.deepEqual(others.map((r) => r.createdDateTime).sort(), newestOthers);
    assert.deepEqual(new HistoryIndex(records).forRequest(USER, EXCHANGE, new Date('2020-01-01T00:00:00Z')), []);
  });

  it('never reads the whole history to answer', () => {
    let reads = 0;
    const counted = new Proxy([...records], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    const index = new HistoryIndex(counted);
    reads = 0;
    for (let i = 0; i < 100; i += 1) index.forRequest(USER, EXCHANGE, NOW, 7);
    assert.equal(reads, 0);
  });
});

describe('similar decisions', () => {
  /** The plain definition: score every candidate, sort, take the top, keep the closest denial. */
  function reference(ctx: TriageContext, limit = 3): string[] {
    const terms = (t?: string) => new Set((t ?? '').toLowerCase().replace(/\b[a-z]{2,6}\d{4,}\b/g, ' ').match(/[\p{L}]{3,}/gu) ?? []);
    const jac = (a: Set<string>, b: Set<string>) => (a.size && b.size ? [...a].filter((x) => b.has(x)).length / (a.size + b.size - [...a].filter((x) => b.has(x)).length) : 0);
    const mine = terms(ctx.request.justification);
    const scored = ctx.history
      .filter((r) => (r.status === 'approved' || r.status === 'denied') && r.requestId !== ctx.request.id && r.createdDateTime < ctx.request.createdDateTime)
      .filter((r) => r.roleDefinitionId === ctx.request.roleDefinitionId || r.principalId === ctx.requester.id)
      .map((r) => ({
        r,
        s: (r.roleDefinitionId === ctx.request.roleDefinitionId ? 0.4 : 0) + (r.principalId === ctx.requester.id ? 0.25 : 0) + 0.25 * jac(mine, terms(r.justification)) + (ctx.requester.department && r.department?.toLowerCase() === ctx.requester.department.toLowerCase() ? 0.1 : 0),
      }))
      .sort((a, b) => b.s - a.s || (a.r.createdDateTime < b.r.createdDateTime ? 1 : a.r.createdDateTime > b.r.createdDateTime ? -1 : 0));
    const top = scored.slice(0, limit);
    const denial = scored.find((x) => x.r.status === 'denied' && x.s >= 0.4);
    if (denial && !top.includes(denial) && top.length === limit) top[limit - 1] = denial;
    return top.map((x) => x.r.requestId);
  }

  const words = ['transport', 'rule', 'change', 'mailbox', 'export', 'quota', 'site', 'reset', 'mfa', 'guest'];
  const recordArb = fc.record({
    own: fc.boolean(),
    sameRole: fc.boolean(),
    denied: fc.boolean(),
    day: fc.integer({ min: 1, max: 60 }),
    text: fc.array(fc.constantFrom(...words), { maxLength: 5 }),
    dept: fc.constantFrom('Messaging', 'messaging', 'Finance', undefined),
  });

  it('are the ones a full sort picks, denials included', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.array(fc.constantFrom(...words), { maxLength: 5 }), (specs, mine) => {
        const { ctx } = build((c) => {
          c.request.justification = mine.join(' ');
          c.history = specs.map((s, i) => ({
            requestId: `r${i}`,
            principalId: s.own ? USER : `u-${i % 4}`,
            roleDefinitionId: s.sameRole ? EXCHANGE : 'other-role',
            createdDateTime: new Date(NOW.getTime() - s.day * 86_400_000).toISOString(),
            status: s.denied ? 'denied' : 'approved',
            justification: s.text.join(' '),
            department: s.dept,
          }));
        });
        assert.deepEqual(similarDecisions(ctx).map((d) => d.requestId), reference(ctx));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

const casesFile = defaultCaseFile();

describe('contexts from a snapshot, and the commands on a stored baseline', { skip: existsSync(casesFile) ? false : `no case file at ${casesFile}` }, () => {
  const tenantFile = join(dirname(casesFile), 'contoso.json');
  const at = '2026-11-18T10:20:00Z';

  it('builds the same context from an index as from the snapshot', async () => {
    const snap = await loadSnapshot(tenantFile);
    const index = indexSnapshot(snap);
    for (const r of snap['roleManagement/directory/roleAssignmentScheduleRequests'].slice(-25)) {
      assert.deepEqual(contextFromSnapshot(index, r.id as string, at), contextFromSnapshot(snap, r.id as string, at));
    }
  });

  it('learns into DATA_DIR, then triages against the stored baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pim-learn-'));
    const saved = process.env.DATA_DIR;
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.env.DATA_DIR = dir;
    process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
    try {
      assert.equal(await runLearn(['--tenant', tenantFile, '--now', at, '--json']), 0);
      const report = JSON.parse(out) as { full: boolean; added: number };
      assert.equal(report.full, true);
      assert.ok(report.added > 900);
      const snap = await loadSnapshot(tenantFile);
      const last = snap['roleManagement/directory/roleAssignmentScheduleRequests'].at(-1);
      out = '';
      assert.equal(await runTriage(['--tenant', tenantFile, '--request', last?.id as string, '--now', at, '--baseline', 'stored', '--json']), 0);
      const analysis = JSON.parse(out) as { requestId: string; riskScore: number };
      assert.equal(analysis.requestId, last?.id);
      out = '';
      assert.equal(await runTriage(['--tenant', tenantFile, '--request', last?.id as string, '--now', at, '--json']), 0);
      assert.equal((JSON.parse(out) as { riskScore: number }).riskScore, analysis.riskScore, 'the stored baseline scores as the snapshot’s own');
    } finally {
      process.stdout.write = write;
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
