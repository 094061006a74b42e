import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBursts } from '../../src/oversight/detectors/destructive-burst.js';
import type { LogEvent } from '../../src/oversight/events.js';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

describe('destructive-burst', () => {
  it('fires on a dozen group removals in six minutes, with the activation behind them', () => {
    const t = standardTenant();
    const a = t.activate('eli', 'groups', `${DAY}T10:00`, 'Tidy the marketing groups', { ticket: 'CHG0099001' });
    for (let i = 0; i < 12; i++) t.act('eli', a.start + 20 * 60_000 + i * 30_000, 'Remove member from group', `Member ${i}`);
    const r = scan(t);
    const [alert, ...rest] = alertsOn(r, t.id('eli'), 'destructive-burst');
    assert.ok(alert, 'burst alert');
    assert.equal(rest.length, 0);
    assert.equal(alert.events.length, 12);
    assert.equal(alert.roleName, 'Groups Administrator');
    assert.equal(alert.activation?.requestId, a.requestId);
    assert.equal(alert.activation?.justification, 'Tidy the marketing groups');
    assert.equal(alert.activation?.ticket, 'CHG0099001');
    assert.match(alert.summary, /removed 12 group members in 6 minutes/);
    assert.ok(['high', 'critical'].includes(alert.severity));
  });

  it('stays quiet on three deletions in an hour during a justified clean-up', () => {
    const t = standardTenant();
    const a = t.activate('alice', 'userAdmin', `${DAY}T10:00`, 'Leaver clean-up from the HR list');
    for (const minutes of [10, 35, 62]) t.act('alice', a.start + minutes * 60_000, 'Delete user', `Leaver ${minutes}`);
    const r = scan(t);
    assert.deepEqual(r.alerts, []);
  });

  it('measures the pace against what the role normally does', () => {
    const t = standardTenant();
    t.user('ruth', { name: 'Ruth Obi', eligible: ['intune'] });
    // Ruth's device clean-ups routinely retire five devices within a few minutes.
    for (let d = 1; d <= 20; d++) {
      const day = new Date(Date.parse('2026-02-27T00:00:00Z') - d * 86_400_000).toISOString().slice(0, 10);
      const w = t.activate('ruth', 'intune', `${day}T10:00`, 'Retire stale devices');
      for (let i = 0; i < 5; i++) t.act('ruth', w.start + 15 * 60_000 + i * 60_000, 'Delete device', `Device ${d}-${i}`);
    }
    const w = t.activate('ruth', 'intune', `${DAY}T10:00`, 'Retire stale devices');
    for (let i = 0; i < 8; i++) t.act('ruth', w.start + 15 * 60_000 + i * 60_000, 'Delete device', `Device now-${i}`);
    const r = scan(t);
    assert.deepEqual(alertsOn(r, t.id('ruth')), []);
  });

  it('groups marked events into separate bursts when they are far apart', () => {
    const ev = (at: number) => ({ at }) as LogEvent;
    const minute = 60_000;
    const times = [0, 1, 2, 3, 4, 5, 100, 101, 102, 103, 104, 105, 300].map((m) => ev(m * minute));
    const bursts = findBursts(times, 15 * minute, 6);
    assert.deepEqual(bursts.map((b) => b.length), [6, 6]);
  });
});
