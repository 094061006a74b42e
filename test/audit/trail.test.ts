import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuditTrail, digestOf, hashEntry, verifyDatabase, withTrail, GENESIS_HASH, type TrailEntry } from '../../src/audit/index.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { eachBackend } from '../support/backends.js';
import { BOB, BOT, decision, steppingClock, storyOf } from './support.js';

/** A database whose writes to the trail fail, as when the server goes away mid-request. */
function failingWrites(db: Database): Database {
  const fail = async () => {
    throw new Error('connection terminated unexpectedly');
  };
  return {
    ...db,
    kind: db.kind,
    query: (sql: string, params?: unknown[]) => (/audit_head|audit_trail/.test(sql) ? fail() : db.query(sql, params)),
    exec: (sql: string) => db.exec(sql),
    transaction: () => fail(),
    close: () => db.close(),
  } as Database;
}

await eachBackend('audit trail', (backend) => {
  it('appends entries into one chain: seq 1, 2, 3…, each linked to the hash before it', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db, { clock: steppingClock('2026-01-05T09:00:00Z').clock });
    const written: TrailEntry[] = [];
    for (const e of storyOf(1)) written.push(await trail.append(e));
    assert.deepEqual(
      written.map((e) => e.seq),
      [1, 2, 3],
    );
    assert.equal(written[0]!.prevHash, GENESIS_HASH);
    assert.equal(written[1]!.prevHash, written[0]!.hash);
    assert.equal(written[2]!.prevHash, written[1]!.hash);
    for (const e of written) assert.equal(hashEntry(e), e.hash);
    assert.equal(written[0]!.at, '2026-01-05T09:00:00.000Z');
    const result = await verifyDatabase(db);
    assert.equal(result.ok, true, result.broken?.detail);
    assert.equal(result.checked, 3);
  });

  it('groups concurrent appends into few transactions and keeps them in one linear chain', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db);
    const written = await Promise.all(Array.from({ length: 300 }, (_, i) => trail.append(decision(100 + i))));
    const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
    assert.equal(new Set(seqs).size, 300);
    assert.equal(seqs[299]! - seqs[0]!, 299, 'consecutive');
    assert.ok(new Set(written.map((e) => e.at)).size < 300, 'written in batches, not one by one');
    assert.equal((await verifyDatabase(db)).ok, true);
  });

  it('keeps the chain linear when two instances append to one database at once', async () => {
    const { db, url } = backend();
    // On the server each instance has its own connection pool; PGlite is one process by nature.
    const other = url ? await openDatabase({ kind: 'postgres', url }) : db;
    try {
      const a = new AuditTrail(db);
      const b = new AuditTrail(other);
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).append(decision(1000 + i))).concat(
          Array.from({ length: 10 }, (_, i) => b.appendMany([decision(2000 + i), decision(3000 + i)]).then((x) => x[0]!)),
        ),
      );
      const result = await verifyDatabase(db);
      assert.equal(result.ok, true, result.broken?.detail);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('commits the entry before the action runs', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db);
    const seen = await trail.record(decision(5000), async (entry) => {
      // Another connection (or PGlite after the transaction) already sees the committed entry.
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_trail WHERE hash = $1', [entry.hash]);
      return rows[0]!.n;
    });
    assert.equal(seen, 1);
  });

  it('does not perform an action whose entry could not be written (connection lost)', async () => {
    const { db } = backend();
    const trail = new AuditTrail(failingWrites(db));
    let performed = false;
    await assert.rejects(
      withTrail(trail, decision(5001), () => {
        performed = true;
      }),
      /connection terminated/,
    );
    assert.equal(performed, false);
  });

  it('does not perform an action whose entry the database refuses', async () => {
    const { db } = backend();
    // A real failing write: a trigger that rejects this one request's entries, dropped afterwards.
    await db.exec(`CREATE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.request_id = 'req-refused' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT ON audit_trail FOR EACH ROW EXECUTE FUNCTION test_refuse_insert();`);
    try {
      const trail = new AuditTrail(db);
      let performed = 0;
      const refused = trail.record({ ...decision(1), requestId: 'req-refused' }, () => performed++);
      // Queued in the same batch: it must still be written and performed.
      const fine = trail.record(decision(5002), () => performed++);
      await assert.rejects(refused, /disk full/);
      await fine;
      assert.equal(performed, 1);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_trail WHERE request_id = 'req-refused'`);
      assert.equal(rows[0]!.n, 0);
    } finally {
      await db.exec('DROP TRIGGER test_refuse ON audit_trail; DROP FUNCTION test_refuse_insert();');
    }
    assert.equal((await verifyDatabase(db)).ok, true);
  });

  it('records the failure of an action after its entry', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db);
    let announced: TrailEntry | undefined;
    await assert.rejects(
      trail.record(decision(5003), (entry) => {
        announced = entry;
        throw new Error('409: already decided by someone else');
      }),
      /409/,
    );
    const { rows } = await db.query<{ output: { failedSeq: number; error: string } }>(
      `SELECT output FROM audit_trail WHERE kind = 'action.failed' AND request_id = 'req-5003'`,
    );
    assert.equal(rows[0]?.output.failedSeq, announced!.seq);
    assert.match(rows[0]!.output.error, /already decided/);
  });

  it('stores what the model saw under its digest', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db);
    const inputs = { request: { id: 'req-6000', justification: 'fix prod' }, history: [1, 2, 3] };
    const entry = await trail.append({
      kind: 'recommendation',
      traceId: 't-6000',
      requestId: 'req-6000',
      actor: BOT,
      modelVersion: 'rules-1',
      inputs,
      output: { subject: 'activation', action: 'approve' },
    });
    assert.equal(entry.inputDigest, digestOf(inputs));
    const { rows } = await db.query<{ body: unknown }>('SELECT body FROM audit_inputs WHERE digest = $1', [entry.inputDigest]);
    assert.deepEqual(rows[0]?.body, inputs);
    const result = await verifyDatabase(db);
    assert.ok(result.ok && (result.inputsChecked ?? 0) >= 1);
  });

  it('refuses malformed entries before they reach the database', async () => {
    const { db } = backend();
    const trail = new AuditTrail(db);
    await assert.rejects(trail.append({ ...decision(1), kind: 'nonsense' } as never), /unknown entry kind/);
    await assert.rejects(trail.append({ ...decision(1), traceId: '' }), /trace id/);
    await assert.rejects(trail.append({ ...decision(1), actor: { type: 'user', id: '' } }), /actor/);
    await assert.rejects(trail.append({ ...decision(1), output: { decision: 'approve', via: 'teams', note: 'a\u0000b' } }), /NUL/);
    await assert.rejects(trail.append({ kind: 'triage.analysis', traceId: 't', actor: BOT, output: {} } as never), /model version/);
    let ran = false;
    await assert.rejects(trail.record({ ...decision(1), traceId: '' }, () => (ran = true)));
    assert.equal(ran, false);
  });

  it('never lets time run backwards along the chain, and opens a new month as it comes', async () => {
    const { db } = backend();
    const clock = steppingClock('2030-01-31T23:59:59.000Z', 0);
    const trail = new AuditTrail(db, { clock: clock.clock });
    const a = await trail.append(decision(7000));
    clock.set('2030-01-31T23:00:00.000Z'); // a clock that went back
    const b = await trail.append(decision(7001));
    assert.equal(b.at, a.at);
    clock.set('2030-02-01T00:00:01.000Z');
    const c = await trail.append({ ...decision(7002), actor: BOB });
    assert.equal(c.at, '2030-02-01T00:00:01.000Z');
    const { rows } = await db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname IN ('audit_trail_2030m01', 'audit_trail_2030m02') ORDER BY 1`);
    assert.deepEqual(
      rows.map((r) => r.name),
      ['audit_trail_2030m01', 'audit_trail_2030m02'],
    );
    assert.equal((await verifyDatabase(db)).ok, true);
  });
});
