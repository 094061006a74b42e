import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { AuditTrail, GENESIS, archiveOldPartitions, trailPartitions, verifyDatabase, verifyFile } from '../../src/audit/index.js';
import type { Queryable } from '../../src/store/db.js';
import { eachBackend } from '../support/backends.js';
import { decision, steppingClock } from './support.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-archive-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

await eachBackend('audit trail retention', (backend) => {
  it('archives whole old months to verified JSON Lines, and the chain carries on from them', async () => {
    const { db } = backend();
    const out = join(dir, db.kind);
    const clock = steppingClock('2026-01-10T00:00:00Z', 1000);
    const trail = new AuditTrail(db, { clock: clock.clock });
    for (let i = 0; i < 5; i++) await trail.append(decision(i));
    clock.set('2026-02-10T00:00:00Z');
    for (let i = 5; i < 8; i++) await trail.append(decision(i));
    clock.set('2026-03-10T00:00:00Z');
    for (let i = 8; i < 10; i++) await trail.append(decision(i));

    // The cutoff falls inside March: only January and February end before it.
    const done = await archiveOldPartitions(db, { before: '2026-03-15T00:00:00Z', dir: out });
    assert.deepEqual(
      done.map((m) => [m.partition, m.firstSeq, m.lastSeq, m.entries]),
      [
        ['audit_trail_2026m01', 1, 5, 5],
        ['audit_trail_2026m02', 6, 8, 3],
      ],
    );
    assert.deepEqual(
      (await trailPartitions(db)).map((p) => p.name),
      ['audit_trail_2026m03'],
    );
    // The files verify on their own, January from genesis, February from January's last hash.
    const jan = await verifyFile(done[0]!.file, GENESIS);
    assert.equal(jan.ok, true);
    const feb = await verifyFile(done[1]!.file, { nextSeq: 6, prevHash: jan.lastHash });
    assert.equal(feb.ok, true);
    assert.equal(createHash('sha256').update(await readFile(done[1]!.file)).digest('hex'), done[1]!.sha256);

    // The database keeps March, verified from where the archives end.
    let result = await verifyDatabase(db);
    assert.equal(result.ok, true, result.broken?.detail);
    assert.equal(result.checked, 2);
    assert.deepEqual(result.anchor, { nextSeq: 9, prevHash: feb.lastHash });

    await trail.append(decision(10));
    result = await verifyDatabase(db);
    assert.equal(result.ok, true);
    assert.equal(result.lastSeq, 11);

    // The record of what left is itself append-only.
    await assert.rejects(db.query('DELETE FROM audit_archives'), /append-only/);
    await assert.rejects(db.query(`UPDATE audit_archives SET last_hash = 'x'`), /append-only/);
    assert.deepEqual(await archiveOldPartitions(db, { before: '2026-03-15T00:00:00Z', dir: out }), []);
  });

  it('notices entries cut from the start of what stays in the database', async () => {
    const { db } = backend();
    let result: Awaited<ReturnType<typeof verifyDatabase>> | undefined;
    // As superuser with triggers off (see tamper.test.ts), then rolled back.
    await db
      .transaction(async (tx: Queryable) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query('DELETE FROM audit_trail WHERE seq = 9');
        result = await verifyDatabase(tx);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    assert.equal(result?.ok, false);
    assert.equal(result?.broken?.seq, 9);
  });

  it('refuses to archive a month whose chain is broken', async () => {
    const { db } = backend();
    const clock = steppingClock('2026-04-10T00:00:00Z');
    const trail = new AuditTrail(db, { clock: clock.clock });
    await trail.append(decision(20));
    clock.set('2026-05-10T00:00:00Z');
    await trail.append(decision(21));
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE audit_trail SET output = '{"decision": "deny"}' WHERE seq = 10`);
    });
    await assert.rejects(archiveOldPartitions(db, { before: '2026-05-01T00:00:00Z', dir: join(dir, `${db.kind}-broken`) }), /chain is broken at entry 10/);
    assert.ok((await trailPartitions(db)).some((p) => p.name === 'audit_trail_2026m03'), 'nothing was dropped');
  });
});
