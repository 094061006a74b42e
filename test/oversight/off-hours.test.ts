import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

describe('off-hours', () => {
  it("fires on resets at 02:30 on the admin's own clock", () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T02:20`, 'Service desk shift: password resets');
    t.act('bruno', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    t.act('bruno', a.start + 9 * 60_000, 'Reset password (by admin)', 'Alice Nguyen');
    const r = scan(t);
    const [alert] = alertsOn(r, t.id('bruno'), 'off-hours');
    assert.ok(alert);
    assert.match(alert.summary, /02:3\d/);
    assert.match(alert.summary, /Australia\/Sydney/);
    assert.equal(alert.activation?.requestId, a.requestId);
    assert.equal(alertsOn(r, t.id('bruno'), 'destructive-burst').length, 0);
    // Resets are his routine: the hour alone makes it medium.
    assert.equal(alert.severity, 'medium');
  });

  it('is high when the night brings risky work the admin does not do by day', () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T02:20`, 'Service desk shift: password resets');
    t.act('bruno', a.start + 5 * 60_000, 'Delete user', 'Omar Haddad');
    const [alert] = alertsOn(scan(t), t.id('bruno'), 'off-hours');
    assert.equal(alert?.severity, 'high');
  });

  it('stays quiet on one reset at 03:00 UTC by an admin for whom that is midday', () => {
    const t = standardTenant();
    const at = Date.parse(`${DAY}T03:00:00Z`);
    const a = t.activate('hana', 'helpdesk', `${DAY}T11:50`, 'Tokyo desk shift');
    assert.ok(a.start < at && at < a.end);
    t.act('hana', at, 'Reset password (by admin)', 'Omar Haddad');
    const r = scan(t);
    assert.deepEqual(r.alerts, []);
  });

  it('stays quiet for a night-shift admin whose history is at night', () => {
    const t = standardTenant();
    const a = t.activate('ivan', 'helpdesk', `${DAY}T02:40`, 'Night shift: lockouts');
    t.act('ivan', a.start + 10 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const r = scan(t);
    assert.deepEqual(r.alerts, []);
  });

  it('flags a weekend session of someone who never works weekends, at low severity', () => {
    const t = standardTenant();
    const a = t.activate('chen', 'exchange', '2026-03-07T11:00', 'Mailbox permissions and shared mailboxes');
    t.act('chen', a.start + 10 * 60_000, 'Update group', 'Finance shared mailbox');
    const r = scan(t);
    const [alert] = alertsOn(r, t.id('chen'), 'off-hours');
    assert.ok(alert);
    assert.equal(alert.severity, 'low');
    assert.match(alert.summary, /Saturday/);
  });
});
