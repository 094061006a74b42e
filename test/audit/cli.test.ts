import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { recordActivation, steppingClock } from './support.js';
import { freshDataDir } from '../support/data-dir.js';

const BIN = new URL('../../bin/pim-copilot.js', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('pim-copilot audit and report commands', () => {
  let dataDir: string;
  let env: Record<string, string>;
  before(async () => {
    dataDir = await freshDataDir('audit-cli-');
    env = { DATA_DIR: dataDir };
    const db = await openDatabase({ kind: 'pglite', dataDir });
    await migrate(db);
    const clock = steppingClock('2026-04-06T00:00:00Z', 0);
    await recordActivation(new AuditTrail(db, { clock: clock.clock }), clock.set);
    await db.close();
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('verifies, exports, shows and reports', async () => {
    const verified = await cli(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.err);
    assert.match(verified.out, /audit trail intact: 11 entries, 1 stored model input,/);

    const file = join(dataDir, 'export.jsonl');
    const exported = await cli(['audit', 'export', '--since', '2026-04-06T21:45:00Z', '--out', file], env);
    assert.equal(exported.code, 0, exported.err);
    assert.equal((await readFile(file, 'utf8')).trimEnd().split('\n').length, 7);
    const fromFile = await cli(['audit', 'verify', '--file', file], env);
    assert.equal(fromFile.code, 0, fromFile.out);
    assert.match(fromFile.out, /intact: 7 entries \(from entry 5/);

    const cef = await cli(['audit', 'export', '--since', '2026-01-01', '--format', 'cef'], env);
    assert.equal(cef.out.trimEnd().split('\n').length, 11);
    assert.ok(cef.out.split('\n').filter(Boolean).every((l) => l.startsWith('CEF:0|PIM Copilot|pim-copilot|')));

    const shown = await cli(['audit', 'show', 'req-ga-1'], env);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /request req-ga-1: 11 entries/);
    assert.match(shown.out, /Alice Ng \(alice@contoso\.example\) asked to activate Global Administrator/);

    const report = await cli(['report', '--since', '2026-04-01', '--until', '2026-04-13'], env);
    assert.equal(report.code, 0, report.err);
    assert.match(report.out, /Global Administrator \(role-ga\)/);
    assert.match(report.out, /req-ga-1: AI said deny \(risk 7\), Bob Stone chose approve — “Confirmed with the incident lead on the bridge”/);
  });

  it('exits non-zero and names the first broken link', async () => {
    // Tampering as a superuser would (triggers off), straight in the database files.
    const db = await openDatabase({ kind: 'pglite', dataDir });
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE audit_trail SET output = jsonb_set(output, '{decision}', '"deny"') WHERE seq = 7`);
    });
    await db.close();
    const verified = await cli(['audit', 'verify'], env);
    assert.equal(verified.code, 1);
    assert.match(verified.out, /audit trail BROKEN at entry 7 \(hash-mismatch\)/);
    assert.match(verified.out, /6 entries before it verified/);
  });

  it('refuses wrong usage with exit code 2', async () => {
    assert.equal((await cli(['audit', 'export'], env)).code, 2);
    assert.equal((await cli(['audit', 'frobnicate'], env)).code, 2);
    assert.equal((await cli(['report'], env)).code, 2);
  });
});
