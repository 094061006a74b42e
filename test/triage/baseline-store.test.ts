/**
 * Learning into the database, on PGlite and on the PostgreSQL server: the stored baseline is the
 * one learned directly from the same history, whether it was learned at once or bit by bit.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import { learnBaseline } from '../../src/triage/baseline.js';
import { BaselineStore } from '../../src/triage/baseline-store.js';
import { defaultCaseFile } from '../../src/triage/eval-cli.js';
import { historyFromSnapshot, historySourceFromSnapshot } from '../../src/triage/from-snapshot.js';
import { HistoryIndex } from '../../src/triage/history-index.js';
import { learn } from '../../src/triage/learn.js';
import { eachBackend } from '../support/backends.js';
import type { Database } from '../../src/store/db.js';

const tenantFile = join(dirname(defaultCaseFile()), 'contoso.json');
const REQUESTS = 'roleManagement/directory/roleAssignmentScheduleRequests';
const SPLIT = '2026-10-15T00:00:00Z';
const NOW = new Date('2026-11-18T10:20:00Z');

/** JSON round trip: what a store gives back (no undefined fields). */
function plain(b: unknown): unknown {
  return JSON.parse(JSON.stringify(b));
}

async function reset(db: Database): Promise<void> {
  for (const table of ['triage_history', 'triage_baseline_users', 'triage_baseline_roles', 'triage_learn_state']) await db.query(`DELETE FROM ${table}`);
}

/** The tenant as it was at `at`: later requests not made yet, and the last day's still pending. */
function asOf(snap: TenantSnapshot, at: string): TenantSnapshot {
  const dayBefore = new Date(new Date(at).getTime() - 86_400_000).toISOString();
  const requests = snap[REQUESTS].filter((r) => (r.createdDateTime ?? '') < at).map((r) => ((r.createdDateTime ?? '') >= dayBefore ? { ...r, status: 'PendingApproval' } : r));
  return { ...snap, [REQUESTS]: requests };
}

await eachBackend('stored triage baselines', (backend) => {
  const skip = existsSync(tenantFile) ? false : `no tenant at ${tenantFile}`;
  let snap: TenantSnapshot;
  const load = async () => (snap ??= await loadSnapshot(tenantFile));

  it('learns afresh what learnBaseline learns from the same history', { skip }, async () => {
    const { db } = backend();
    await reset(db);
    const s = await load();
    const report = await learn(db, historySourceFromSnapshot(s), { now: NOW });
    assert.equal(report.full, true);
    assert.equal(report.added, historyFromSnapshot(s).filter((r) => r.status === 'approved' || r.status === 'denied').length);
    assert.deepEqual(plain(await new BaselineStore(db).load()), plain(learnBaseline(historyFromSnapshot(s), NOW)));
  });

  it('learns incrementally: only requests past the watermark are read, and the result is the same', { skip }, async () => {
    const { db } = backend();
    await reset(db);
    const s = await load();
    const first = await learn(db, historySourceFromSnapshot(asOf(s, SPLIT)), { now: new Date(SPLIT) });
    assert.equal(first.full, true);
    const state = await new BaselineStore(db).state();
    assert.ok(state?.watermark && state.watermark < SPLIT);

    const second = await learn(db, historySourceFromSnapshot(s), { now: NOW });
    assert.equal(second.full, false);
    const all = historyFromSnapshot(s);
    assert.ok(second.read < all.length / 2, `read ${second.read} of ${all.length}`);
    assert.ok(second.usersUpdated > 0 && second.rolesUpdated > 0);
    assert.deepEqual(plain(await new BaselineStore(db).load()), plain(learnBaseline(all, NOW)), 'same as learning everything at once');

    const stored = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM triage_history');
    assert.equal(stored.rows[0]?.n, all.filter((r) => r.status === 'approved' || r.status === 'denied').length, 'requests pending at the first run were learned once decided');

    const again = await learn(db, historySourceFromSnapshot(s), { now: NOW });
    assert.equal(again.added, 0);
    assert.equal(again.usersUpdated + again.rolesUpdated, 0, 'nothing new, nothing recomputed');
  });

  it('lets old requests leave the window as time moves on', { skip }, async () => {
    const { db } = backend();
    await reset(db);
    const s = await load();
    await learn(db, historySourceFromSnapshot(s), { now: NOW });
    const later = new Date(NOW.getTime() + 60 * 86_400_000);
    const report = await learn(db, historySourceFromSnapshot(s), { now: later });
    assert.equal(report.full, false);
    assert.equal(report.added, 0);
    assert.ok(report.usersUpdated + report.usersRemoved > 0);
    assert.deepEqual(plain(await new BaselineStore(db).load()), plain(learnBaseline(historyFromSnapshot(s), later)));
  });

  it('gives one request just its requester and role, and its context history', { skip }, async () => {
    const { db } = backend();
    await reset(db);
    const s = await load();
    await learn(db, historySourceFromSnapshot(s), { now: NOW });
    const history = historyFromSnapshot(s);
    const sample = history[history.length - 1];
    assert.ok(sample);
    const store = new BaselineStore(db);
    const full = await store.load();
    const part = await store.loadFor(sample.principalId, sample.roleDefinitionId);
    assert.deepEqual(plain(part?.users[sample.principalId]), plain(full?.users[sample.principalId]));
    assert.deepEqual(plain(part?.roles[sample.roleDefinitionId]), plain(full?.roles[sample.roleDefinitionId]));
    assert.equal(Object.keys(part?.users ?? {}).length, 1);

    const at = new Date(sample.createdDateTime);
    const fromStore = await store.historyFor(sample.principalId, sample.roleDefinitionId, at, 20);
    const fromIndex = new HistoryIndex(history.filter((r) => r.status === 'approved' || r.status === 'denied')).forRequest(sample.principalId, sample.roleDefinitionId, at, 20);
    assert.deepEqual(fromStore.map((r) => r.requestId).sort(), fromIndex.map((r) => r.requestId).sort());
  });

  it('refuses to mix two tenants in one database', { skip }, async () => {
    const { db } = backend();
    await reset(db);
    const s = await load();
    await learn(db, historySourceFromSnapshot(s), { now: NOW });
    const other = { ...s, organization: [{ id: '00000000-0000-0000-0000-0000000000ff' }] } as TenantSnapshot;
    await assert.rejects(learn(db, historySourceFromSnapshot(other), { now: NOW }), /belongs to tenant/);
  });
});
