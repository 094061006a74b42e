import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditTrail, escapeCefHeader, escapeCefValue, streamEntries, toCef, toJsonl, verifyDatabase, verifyFile, type TrailEntry } from '../../src/audit/index.js';
import { eachBackend } from '../support/backends.js';
import { ALICE, BOT, steppingClock, storyOf } from './support.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-export-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

async function exportTo(file: string, entries: AsyncIterable<TrailEntry>): Promise<number> {
  const lines: string[] = [];
  for await (const e of entries) lines.push(toJsonl(e));
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
  return lines.length;
}

await eachBackend('audit export', (backend) => {
  it('round-trips: a JSON Lines export verifies on its own, from genesis or from any date', async () => {
    const { db } = backend();
    const clock = steppingClock('2026-03-02T10:00:00Z', 60_000);
    const trail = new AuditTrail(db, { clock: clock.clock });
    for (let i = 1; i <= 6; i++) for (const e of storyOf(i)) await trail.append(e);
    const db_ = await verifyDatabase(db);

    const full = join(dir, `${db.kind}-full.jsonl`);
    assert.equal(await exportTo(full, streamEntries(db, { since: '2026-01-01T00:00:00Z', pageSize: 4 })), 18);
    const fromFile = await verifyFile(full);
    assert.equal(fromFile.ok, true, fromFile.broken?.detail);
    assert.equal(fromFile.checked, 18);
    assert.equal(fromFile.lastHash, db_.lastHash);
    assert.equal(fromFile.anchor.nextSeq, 1);

    // From a date: the file starts mid-chain and says which hash it hangs on.
    const since = '2026-03-02T10:09:00.000Z';
    const tail = join(dir, `${db.kind}-tail.jsonl`);
    const n = await exportTo(tail, streamEntries(db, { since }));
    const fromTail = await verifyFile(tail);
    assert.equal(fromTail.ok, true);
    assert.equal(fromTail.checked, n);
    const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_trail WHERE seq = $1', [fromTail.anchor.nextSeq - 1]);
    assert.equal(fromTail.anchor.prevHash, rows[0]!.hash);
  });

  it('notices an exported line that was edited, dropped or moved', async () => {
    const { db } = backend();
    const file = join(dir, `${db.kind}-edit.jsonl`);
    await exportTo(file, streamEntries(db));
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const variants: [string, string[]][] = [
      ['edited', lines.map((l, i) => (i === 4 ? l.replace('"traceId":"trace-2"', '"traceId":"trace-x"') : l))],
      ['dropped', lines.filter((_, i) => i !== 4)],
      ['moved', [...lines.slice(0, 4), lines[5]!, lines[4]!, ...lines.slice(6)]],
      ['not JSON', lines.map((l, i) => (i === 4 ? l.slice(0, 20) : l))],
    ];
    for (const [what, content] of variants) {
      assert.notDeepEqual(content, lines, `${what}: the file must differ`);
      const changed = join(dir, `${db.kind}-${what.replace(' ', '-')}.jsonl`);
      await writeFile(changed, `${content.join('\n')}\n`);
      const result = await verifyFile(changed);
      assert.equal(result.ok, false, what);
      assert.equal(result.broken?.seq, 5, `${what}: ${result.broken?.detail}`);
    }
  });
});

/** Splits a CEF line into its 7 header fields and the extension, honouring `\|` and `\\`. */
function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const header: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < line.length && header.length < 7; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      cur += line[++i];
    } else if (ch === '|') {
      header.push(cur);
      cur = '';
    } else cur += ch;
  }
  const ext: Record<string, string> = {};
  const rest = line.slice(i);
  // Keys are runs of word characters followed by an unescaped '='.
  const re = /(?:^| )(\w+)=((?:\\.|[^\\=])*?)(?= \w+=|$)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(rest))) {
    ext[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\(.)/g, '$1');
    consumed = re.lastIndex;
  }
  assert.equal(consumed, rest.length, `extension not fully parsed: ${rest.slice(consumed)}`);
  return { header, ext };
}

describe('CEF export', () => {
  const entry: TrailEntry = {
    seq: 42,
    at: '2026-03-02T10:00:00.000Z',
    kind: 'decision.human',
    traceId: 'trace|1',
    requestId: 'req=1',
    actor: { type: 'user', id: ALICE.id, name: 'Alice | Ops\\Team' },
    modelVersion: null,
    inputDigest: null,
    output: { decision: 'approve', via: 'teams', note: 'a=b | c\\d\nnext line' },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };

  it('writes CEF:0 with seven header fields and a key=value extension', () => {
    const line = toCef(entry, '0.1.0');
    assert.ok(!line.includes('\n'), 'one line per event');
    assert.match(line, /^CEF:0\|PIM Copilot\|pim-copilot\|0\.1\.0\|decision\.human\|Human decision\|\d+\|/);
    const { header, ext } = parseCef(line);
    assert.deepEqual(header, ['CEF:0', 'PIM Copilot', 'pim-copilot', '0.1.0', 'decision.human', 'Human decision', '2']);
    assert.equal(ext.rt, String(Date.parse(entry.at)));
    assert.equal(ext.externalId, '42');
    assert.equal(ext.suid, ALICE.id);
    assert.equal(ext.suser, 'Alice | Ops\\Team');
    assert.equal(ext.cs1Label, 'requestId');
    assert.equal(ext.cs1, 'req=1');
    assert.equal(ext.cs2, 'trace|1');
    assert.equal(ext.cs5, entry.hash);
    assert.equal(ext.msg, 'approve; a=b | c\\d\nnext line');
  });

  it('escapes | and \\ in the header, and \\, = and line breaks in values', () => {
    assert.equal(escapeCefHeader('a|b\\c'), 'a\\|b\\\\c');
    assert.equal(escapeCefValue('a=b\\c|d\ne\r'), 'a\\=b\\\\c|d\\ne\\r');
    const alert: TrailEntry = { ...entry, kind: 'alert', actor: BOT, output: { detector: 'break|glass', severity: 'critical', summary: 'x=y' } };
    const { header, ext } = parseCef(toCef(alert, '1|2'));
    assert.equal(header[3], '1|2');
    assert.equal(header[6], '10');
    assert.equal(ext.sproc, 'pim-copilot');
    assert.equal(ext.msg, 'x=y');
  });
});
