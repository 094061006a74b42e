/** The streamed scan: state held stays that of what is open, and the file reader gives the in-memory answer. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TimelineItem } from '../../src/oversight/events.js';
import { readCollections } from '../../src/tenant/json-collections.js';
import { createScanner, scanOversight, timelineOf } from '../../src/oversight/scan.js';
import { scanSnapshotFile } from '../../src/oversight/scan-file.js';
import { FAN_IN, removeAbandonedRuns, TimeSorter } from '../../src/oversight/time-sorter.js';
import { DAY, SINCE, standardTenant } from './support/scenario.js';

const MINUTE = 60_000;

function timeline(t: ReturnType<typeof standardTenant>): TimelineItem[] {
  return timelineOf(t.input());
}

/** The tenant's collections as a snapshot file keys them (the caller puts `groups` first or last). */
function collectionsOf(input: ReturnType<ReturnType<typeof standardTenant>['input']>) {
  return {
    organization: [{ id: 'org' }],
    users: input.users,
    'roleManagement/directory/roleDefinitions': input.roleDefinitions,
    'roleManagement/directory/roleEligibilitySchedules': input.eligibilities,
    'roleManagement/directory/roleAssignmentSchedules': input.assignments,
    'roleManagement/directory/roleAssignmentScheduleRequests': input.requests,
    'auditLogs/directoryAudits': input.directoryAudits,
    'auditLogs/signIns': input.signIns,
  };
}

describe('streamed scan state', () => {
  it('forgets each window once it is over and judged, and each burst once told', () => {
    const t = standardTenant();
    const a = t.activate('eli', 'groups', `${DAY}T10:00`, 'Tidy the marketing groups');
    for (let i = 0; i < 10; i++) t.act('eli', a.start + 20 * MINUTE + i * 30_000, 'Remove member from group', `Member ${i}`);
    const next = t.activate('chen', 'exchange', '2026-03-05T10:00', 'Mailbox permissions and shared mailboxes');
    t.act('chen', next.start + 10 * MINUTE, 'Update group', 'Finance shared mailbox');
    const scanner = createScanner(t.input(), { since: SINCE });
    const items = timeline(t);
    let mostWindows = 0;
    let sawSession = false;
    let later: ReturnType<typeof scanner.state> | undefined;
    for (const item of items) {
      scanner.push(item);
      const s = scanner.state();
      mostWindows = Math.max(mostWindows, s.windows);
      if (s.sessions > 0) sawSession = true;
      // Once the log is well past the end of Eli's window (and before Chen acts).
      if (!later && item.at > a.end + 40 * MINUTE) later = s;
    }
    assert.ok(later, 'the log goes on after the session');
    // 60 days of history hold hundreds of windows; at most a handful are open at any one time.
    assert.ok(items.filter((x) => x.source === 'request').length > 250);
    assert.ok(mostWindows <= 8, `held ${mostWindows} windows at once`);
    assert.ok(sawSession, 'the session was held while its window was open');
    assert.equal(later.sessions, 0, 'the session was judged and dropped when its window ended');
    assert.equal(later.burstUsers, 0, 'the burst was told and dropped');
    assert.ok(later.queued <= 5, 'only the last few minutes wait to be judged');
    const result = scanner.finish();
    assert.ok(result.alerts.some((x) => x.kind === 'destructive-burst' && x.userId === t.id('eli')));
  });

  it('gives the same alerts, ids and counts as windows rebuilt in one batch', () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T02:20`, 'Service desk shift: password resets');
    t.act('bruno', a.start + 5 * MINUTE, 'Reset password (by admin)', 'Omar Haddad');
    t.act('dana', t.at('dana', `${DAY}T11:15`), 'Update conditional access policy', 'Block legacy authentication');
    const whole = scanOversight(t.input(), { since: SINCE });
    const scanner = createScanner(t.input(), { since: SINCE });
    for (const item of timeline(t)) scanner.push(item);
    const streamed = scanner.finish();
    assert.deepEqual(streamed.alerts.map((x) => x.id), whole.alerts.map((x) => x.id));
    assert.ok(whole.alerts.some((x) => x.kind === 'off-hours') && whole.alerts.some((x) => x.kind === 'outside-activation'));
    assert.equal(streamed.windows, whole.windows);
  });
});

describe('snapshot file reader', () => {
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'oversight-stream-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('splits elements across read blocks, with escapes, braces and non-ASCII inside strings', async () => {
    const tricky = [
      { id: 'a', text: 'quote " and backslash \\ and brace } ] {' },
      { id: 'b', text: '\\\\"', nested: { list: [1, { deep: '}' }] } },
      { id: 'c', text: 'Zürich — 東京 ' + 'x'.repeat(3 << 20) },
    ];
    const file = join(dir, 'tricky.json');
    writeFileSync(file, JSON.stringify({ skip: [{ a: '[' }], 'odd "key"': tricky, tail: [] }, null, 1));
    const got: unknown[] = [];
    const bytes = readFileSync(file);
    const keys = await readCollections(file, (key) =>
      key === 'odd "key"'
        ? (json, offset) => {
            assert.ok(bytes.subarray(offset, offset + json.length).equals(json), 'the offset is where the element is in the file');
            got.push(JSON.parse(json.toString('utf8')));
          }
        : undefined,
    );
    assert.deepEqual(keys, ['skip', 'odd "key"', 'tail']);
    assert.deepEqual(got, tricky);
  });

  it('sorts through disk when the log outgrows the buffer, and answers as the in-memory scan does', async () => {
    const t = standardTenant();
    t.user('bg1', { name: 'Emergency Access 1' });
    t.standing('bg1', 'globalAdmin');
    t.group('Emergency Access Accounts', ['bg1']);
    t.signIn('bg1', t.at('bg1', `${DAY}T22:05`));
    t.act('bg1', t.at('bg1', `${DAY}T22:12`), 'Add member to role', 'Omar Haddad');
    const a = t.activate('eli', 'groups', `${DAY}T10:00`, 'Tidy the marketing groups');
    for (let i = 0; i < 10; i++) t.act('eli', a.start + 20 * MINUTE + i * 30_000, 'Remove member from group', `Member ${i}`);
    const input = t.input();
    const file = join(dir, 'tenant.json');
    // Logs newest first, as Graph returns them: the reader cannot rely on the order.
    writeFileSync(
      file,
      JSON.stringify({ ...collectionsOf(input), groups: t.groups() }),
    );
    const bg = [t.id('bg1')];
    const memory = scanOversight(input, { since: SINCE, breakGlassUserIds: bg });
    const streamed = await scanSnapshotFile(file, { since: SINCE, breakGlassGroup: 'Emergency Access Accounts', maxBufferedBytes: 16 << 10 });
    assert.ok(streamed.spills >= 5, `went to disk ${streamed.spills} times`);
    assert.deepEqual(streamed.breakGlassUserIds, bg);
    assert.deepEqual(streamed.result.alerts, memory.alerts);
    assert.equal(streamed.result.eventsScanned, memory.eventsScanned);
    assert.equal(streamed.result.watermark, memory.watermark);
  });

  it("counts other people's sign-ins from their first members, and answers as the in-memory scan does", async () => {
    const t = standardTenant();
    t.user('bg1', { name: 'Emergency Access 1' });
    t.standing('bg1', 'globalAdmin');
    t.group('Emergency Access Accounts', ['bg1']);
    t.signIn('bg1', t.at('bg1', `${DAY}T22:05`), { app: 'Azure Portal' });
    t.act('bg1', t.at('bg1', `${DAY}T22:12`), 'Add member to role', 'Omar Haddad');
    // Routine sign-ins by everyone else, before and after `since`, and the newest record of all.
    for (const key of ['eli', 'eli', 'eli']) for (let d = 0; d < 20; d++) t.signIn(key, Date.parse(SINCE) + (d - 10) * 86_400_000 + 9 * 3_600_000, { app: 'Outlook' });
    t.signIn('eli', t.at('eli', `${DAY}T23:59`), { app: 'Teams' });
    const input = t.input();
    const file = join(dir, 'sign-ins.json');
    // Pretty-printed, groups ahead of the logs as Graph exports put them.
    writeFileSync(
      file,
      JSON.stringify({ groups: t.groups(), ...collectionsOf(input) }, null, 2),
    );
    const memory = scanOversight(input, { since: SINCE, breakGlassUserIds: [t.id('bg1')] });
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => ((parsed += text.includes('"createdDateTime"') && text.includes('"appDisplayName"') ? 1 : 0), parse(text, reviver))) as typeof JSON.parse;
    let streamed;
    try {
      streamed = await scanSnapshotFile(file, { since: SINCE, breakGlassGroup: 'Emergency Access Accounts' });
    } finally {
      JSON.parse = parse;
    }
    assert.ok(input.signIns!.length > 60, `${input.signIns!.length} sign-ins`);
    assert.ok(parsed <= 3, `only the emergency account's sign-in and each person's first are parsed whole (${parsed})`);
    assert.deepEqual(streamed.result.alerts, memory.alerts);
    assert.ok(memory.alerts.some((a) => a.kind === 'break-glass' && a.eventIds.length >= 2), 'the emergency account’s sign-in and action');
    assert.equal(streamed.result.eventsScanned, memory.eventsScanned);
    assert.equal(streamed.result.watermark, memory.watermark);
  });

  it('closes its run files when a merge is left unfinished (their space is freed, not kept by open handles)', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const sorter = new TimeSorter(4096);
    for (let i = 0; i < 500; i++) sorter.add(500 - i, 0, Buffer.from(`record ${i} ${'x'.repeat(40)}`));
    assert.ok(sorter.spills >= 5);
    const merge = sorter.sorted();
    merge.next();
    assert.ok(openFiles() >= before + sorter.spills, 'the merge holds its runs open');
    sorter.close();
    assert.equal(openFiles(), before);
  });

  it('removes the run folders of killed scans, and nothing a running one or anyone else holds', () => {
    const root = mkdtempSync(join(tmpdir(), 'oversight-runs-'));
    try {
      const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
      const hour = 3_600_000;
      const now = Date.now();
      const folders: Array<[string, number]> = [
        [`pim-oversight-${gone}-aB3xYz`, 2 * hour],
        [`pim-oversight-${gone}-fresh1`, 0.5 * hour],
        [`pim-oversight-${process.pid}-mine12`, 5 * hour],
        [`pim-oversight-${process.ppid}-parent`, 5 * hour],
        ['pim-oversight-Q1w2E3', 30 * hour],
        ['pim-oversight-R4t5Y6', 2 * hour],
        ['someone-else-old', 90 * hour],
      ];
      for (const [name, age] of folders) {
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, 'run-0'), 'x');
        utimesSync(join(root, name), new Date(now - age), new Date(now - age));
      }
      assert.deepEqual(removeAbandonedRuns(root, now).sort(), [`pim-oversight-${gone}-aB3xYz`, 'pim-oversight-Q1w2E3'].sort());
      assert.deepEqual(readdirSync(root).sort(), folders.map(([n]) => n).filter((n) => n !== `pim-oversight-${gone}-aB3xYz` && n !== 'pim-oversight-Q1w2E3').sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('merges runs as they pile up, so reading back holds at most FAN_IN of them however long the log, still stable', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const items = Array.from({ length: 6000 }, (_, i) => ({ at: Math.floor(((i * 7919) % 6000) / 4), kind: i % 5, text: `r${i} ${'ü'.repeat(i % 7)}` }));
    const sorter = new TimeSorter(512);
    for (const r of items) sorter.add(r.at, r.kind, Buffer.from(r.text));
    assert.ok(sorter.spills > 8 * FAN_IN, `went to disk ${sorter.spills} times`);
    assert.ok(sorter.merges >= 8, `merged ${sorter.merges} times`);
    let held = 0;
    const out = [];
    for (const r of sorter.sorted()) {
      held = Math.max(held, openFiles() - before);
      out.push({ at: r.at, kind: r.kind, text: r.buf.toString('utf8', r.start, r.end) });
    }
    assert.ok(held <= FAN_IN, `held ${held} run files open at once`);
    assert.deepEqual(out, [...items].sort((a, b) => a.at - b.at));
    assert.equal(openFiles(), before);
  });

  it('sorts any order through runs on disk, stable among equal times, and removes its files', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ at: Math.floor(((i * 7919) % 500) / 3), kind: i % 3, text: `record ${i} ${'é'.repeat(i % 50)}` }));
    const sorter = new TimeSorter(4096);
    for (const r of items) sorter.add(r.at, r.kind, Buffer.from(r.text));
    assert.ok(sorter.spills >= 5, `went to disk ${sorter.spills} times`);
    const out = Array.from(sorter.sorted(), (r) => ({ at: r.at, kind: r.kind, text: r.buf.toString('utf8', r.start, r.end) }));
    assert.deepEqual(out, [...items].sort((a, b) => a.at - b.at));
  });
});
