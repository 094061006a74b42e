import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromStored, toStored } from '../../src/oversight/baseline-store.js';
import { learnSessionBaseline } from '../../src/oversight/baseline.js';
import { scanOversight } from '../../src/oversight/scan.js';
import { buildActivationWindows } from '../../src/oversight/windows.js';
import { DAY, SINCE, standardTenant } from './support/scenario.js';

describe('incremental scans', () => {
  function tenant() {
    const t = standardTenant();
    t.user('bg1', { name: 'Emergency Access 1' });
    t.standing('bg1', 'globalAdmin');
    t.signIn('bg1', t.at('bg1', `${DAY}T21:50`));
    t.act('bg1', t.at('bg1', `${DAY}T22:20`), 'Add member to role', 'Omar Haddad');
    const a = t.activate('eli', 'groups', `${DAY}T10:00`, 'Tidy the marketing groups');
    for (let i = 0; i < 10; i++) t.act('eli', a.start + 20 * 60_000 + i * 30_000, 'Remove member from group', `Member ${i}`);
    return t;
  }

  it('gives the same alerts, with the same ids, over consecutive watermarks as in one pass', () => {
    const t = tenant();
    const input = t.input();
    const bg = [t.id('bg1')];
    const whole = scanOversight(input, { since: SINCE, breakGlassUserIds: bg });
    // Cut between the break-glass sign-in and what was done with it.
    const cut = new Date(t.at('bg1', `${DAY}T22:00`)).toISOString();
    const first = scanOversight(input, { since: SINCE, now: cut, breakGlassUserIds: bg });
    const second = scanOversight(input, { since: first.watermark, breakGlassUserIds: bg });
    assert.equal(first.watermark, cut);
    assert.deepEqual(first.alerts.filter((a) => a.kind === 'break-glass'), [], 'a sign-in alone waits for what follows');
    const split = [...first.alerts, ...second.alerts].map((a) => a.id).sort();
    assert.deepEqual(split, whole.alerts.map((a) => a.id).sort());
    const bgAlert = second.alerts.find((a) => a.kind === 'break-glass');
    assert.match(bgAlert?.narrative ?? '', /signed in/, 'the story starts with the sign-in from the earlier pass');
  });

  it('accepts a baseline learned once from stored history', () => {
    const t = tenant();
    const input = t.input();
    const windows = buildActivationWindows(input.directoryAudits, input.requests);
    const baseline = learnSessionBaseline(windows, input.directoryAudits, { until: Date.parse(SINCE), zoneOf: () => 'Australia/Sydney' });
    const withStored = scanOversight(input, { since: SINCE, baseline });
    const learned = scanOversight(input, { since: SINCE });
    assert.deepEqual(withStored.alerts.map((a) => a.id), learned.alerts.map((a) => a.id));
    assert.equal(baseline.roles.size, 7);
    assert.ok(baseline.users.size >= 8);
  });

  it('keeps a baseline through JSON as it was learned', () => {
    const t = tenant();
    const input = t.input();
    const windows = buildActivationWindows(input.directoryAudits, input.requests);
    const baseline = learnSessionBaseline(windows, input.directoryAudits, { until: Date.parse(SINCE), zoneOf: () => 'Europe/Berlin' });
    const back = fromStored(JSON.parse(JSON.stringify(toStored(baseline))) as ReturnType<typeof toStored>);
    assert.deepEqual(back, baseline);
    assert.deepEqual(scanOversight(input, { since: SINCE, baseline: back }).alerts, scanOversight(input, { since: SINCE, baseline }).alerts);
  });
});
