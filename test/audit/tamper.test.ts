import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { AuditTrail, verifyDatabase, type VerifyOptions, type VerifyResult } from '../../src/audit/index.js';
import type { Queryable } from '../../src/store/db.js';
import { eachBackend } from '../support/backends.js';
import { steppingClock, storyOf } from './support.js';

const ROLLBACK = new Error('rollback');

await eachBackend('audit trail tampering', (backend) => {
  before(async () => {
    const trail = new AuditTrail(backend().db, { clock: steppingClock('2026-02-02T08:00:00Z').clock });
    for (let i = 1; i <= 4; i++) for (const e of storyOf(i)) await trail.append(e);
    await trail.append({
      kind: 'triage.analysis',
      traceId: 'trace-9',
      requestId: 'req-9',
      actor: { type: 'service', id: 'pim-copilot' },
      modelVersion: 'pim-copilot-triage 1.0.0',
      inputDigest: 'f'.repeat(64),
      output: { requestId: 'req-9', riskScore: 4, riskBand: 'medium', recommendedAction: 'review' } as never,
    });
  });

  /**
   * Tampering as an attacker with superuser rights would: `session_replication_role = replica`
   * (superuser only; the test databases run as superuser) stops ordinary triggers, so the
   * append-only trigger lets the change through. Verification runs inside the same transaction,
   * which is then rolled back, so every case starts from the intact trail.
   */
  async function tampered(sql: string, params: unknown[] = [], options: VerifyOptions = {}): Promise<VerifyResult> {
    let result: VerifyResult | undefined;
    await backend()
      .db.transaction(async (tx: Queryable) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        const changed = await tx.query(sql, params);
        assert.ok(changed.rowCount > 0, `the tampering statement changed nothing: ${sql}`);
        result = await verifyDatabase(tx, options);
        throw ROLLBACK;
      })
      .catch((err: unknown) => {
        if (err !== ROLLBACK) throw err;
      });
    return result!;
  }

  it('verifies the intact trail', async () => {
    const result = await verifyDatabase(backend().db);
    assert.equal(result.ok, true, result.broken?.detail);
    assert.equal(result.checked, 13);
  });

  const CHANGES: [column: string, set: string][] = [
    ['at', `at = at + interval '1 second'`],
    ['at (by one microsecond)', `at = at + interval '1 microsecond'`],
    ['kind', `kind = 'alert'`],
    ['trace_id', `trace_id = trace_id || 'x'`],
    ['request_id', `request_id = 'req-other'`],
    ['actor', `actor = jsonb_set(actor, '{id}', '"u-mallory"')`],
    ['model_version', `model_version = 'model-x'`],
    ['input_digest', `input_digest = repeat('e', 64)`],
    ['output', `output = output || '{"note": "edited"}'`],
    ['prev_hash', `prev_hash = repeat('a', 64)`],
    ['hash', `hash = repeat('b', 64)`],
  ];

  for (const seq of [1, 7, 13]) {
    for (const [column, set] of CHANGES) {
      it(`notices a change to ${column} of entry ${seq}`, async () => {
        const result = await tampered(`UPDATE audit_trail SET ${set} WHERE seq = $1`, [seq]);
        assert.equal(result.ok, false);
        assert.equal(result.broken?.seq, seq, result.broken?.detail);
      });
    }
  }

  it('finds the same first break when pages of 2 are hashed on worker threads', async () => {
    const threaded = { pageSize: 2, threads: true };
    const intact = await verifyDatabase(backend().db, threaded);
    assert.equal(intact.ok, true, intact.broken?.detail);
    assert.equal(intact.checked, 13);
    // Entry 5 opens a page, entry 6 ends one: breaks on both sides of a page boundary.
    for (const [sql, seq] of [
      [`UPDATE audit_trail SET output = output || '{"x": 1}' WHERE seq = 5`, 5],
      [`UPDATE audit_trail SET prev_hash = repeat('a', 64) WHERE seq = 5`, 5],
      [`UPDATE audit_trail SET hash = repeat('a', 64) WHERE seq = 6`, 6],
      [`DELETE FROM audit_trail WHERE seq = 5`, 5],
      [`UPDATE audit_trail SET at = at - interval '1 hour' WHERE seq = 7`, 7],
    ] as const) {
      const result = await tampered(sql, [], threaded);
      assert.equal(result.broken?.seq, seq, `${sql}: ${result.broken?.detail}`);
      const inline = await tampered(sql, [], { ...threaded, threads: false });
      assert.deepEqual(result.broken, inline.broken);
    }
  });

  it('notices a deleted entry, first, middle or last', async () => {
    for (const seq of [1, 6, 13]) {
      const result = await tampered('DELETE FROM audit_trail WHERE seq = $1', [seq]);
      assert.equal(result.ok, false);
      assert.equal(result.broken?.seq, seq, result.broken?.detail);
      assert.equal(result.broken?.reason, seq === 13 ? 'head-mismatch' : 'seq-gap');
    }
  });

  it('notices two entries swapped', async () => {
    const result = await tampered(`UPDATE audit_trail SET seq = CASE seq WHEN 4 THEN 5 ELSE 4 END WHERE seq IN (4, 5)`);
    assert.equal(result.ok, false);
    assert.equal(result.broken?.seq, 4);
  });

  it('notices a forged entry written raw at the end, with a well-formed hash', async () => {
    const result = await tampered(
      `INSERT INTO audit_trail (seq, at, kind, trace_id, request_id, actor, model_version, input_digest, output, prev_hash, hash)
       SELECT seq + 1, at, kind, trace_id, request_id, actor, model_version, input_digest, output, hash, repeat('c', 64)
       FROM audit_trail WHERE seq = 13`,
    );
    assert.equal(result.ok, false);
    assert.equal(result.broken?.seq, 14);
  });

  it('notices a changed stored model input', async () => {
    const { db } = backend();
    await new AuditTrail(db).append({ ...storyOf(20)[0]!, inputs: { seen: 'the request' } });
    const result = await tampered(`UPDATE audit_inputs SET body = '{"seen": "something else"}'`);
    assert.equal(result.ok, false);
    assert.match(result.broken!.detail, /model input/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the trail and its partitions', async () => {
    const { db } = backend();
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_trail'::regclass LIMIT 1`,
    );
    const partition = rows[0]!.name;
    for (const sql of [
      `UPDATE audit_trail SET kind = 'alert' WHERE seq = 2`,
      'DELETE FROM audit_trail WHERE seq = 2',
      'TRUNCATE audit_trail',
      `UPDATE ${partition} SET kind = 'alert'`,
      `DELETE FROM ${partition}`,
      `TRUNCATE ${partition}`,
      'DELETE FROM audit_head',
      'UPDATE audit_head SET seq = seq - 1',
      'TRUNCATE audit_head',
      `UPDATE audit_inputs SET body = '{}'`,
      'DELETE FROM audit_inputs',
      'TRUNCATE audit_archives',
    ]) {
      await assert.rejects(db.query(sql), /append-only|only moves forward/, sql);
    }
    assert.equal((await verifyDatabase(db)).ok, true);
  });
});
