import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

describe('justification-mismatch', () => {
  it('fires when a transport-rule activation is used to assign roles', () => {
    const t = standardTenant();
    const a = t.activate('chen', 'exchange', `${DAY}T10:00`, 'Transport rule update for partner mail flow', { ticket: 'CHG0099002' });
    t.act('chen', a.start + 12 * 60_000, 'Add member to role', 'Omar Haddad');
    t.act('chen', a.start + 14 * 60_000, 'Add member to role', 'Gus Moreau');
    const r = scan(t);
    const [alert] = alertsOn(r, t.id('chen'), 'justification-mismatch');
    assert.ok(alert);
    assert.equal(alert.severity, 'high');
    assert.equal(alert.events.length, 2);
    assert.equal(alert.activation?.justification, 'Transport rule update for partner mail flow');
    assert.match(alert.summary, /Exchange Online/);
    assert.match(alert.summary, /Role management/);
  });

  it('stays quiet when the work matches the stated reason', () => {
    const t = standardTenant();
    const a = t.activate('chen', 'exchange', `${DAY}T10:00`, 'Shared mailbox permissions for the finance team');
    t.act('chen', a.start + 12 * 60_000, 'Add member to group', 'Finance mailbox users');
    t.act('chen', a.start + 30 * 60_000, 'Update group', 'Finance mailbox users');
    assert.deepEqual(scan(t).alerts, []);
  });

  it('stays quiet on routine work that drifts from a one-line reason', () => {
    const t = standardTenant();
    // Alice's routine covers users and groups; a licensing reason does not make that suspicious.
    const a = t.activate('alice', 'userAdmin', `${DAY}T10:00`, 'Bulk licence assignment for new hires');
    t.act('alice', a.start + 12 * 60_000, 'Update user', 'Omar Haddad');
    t.act('alice', a.start + 20 * 60_000, 'Add member to group', 'Omar Haddad');
    assert.deepEqual(scan(t).alerts, []);
  });

  it('says nothing about fit when the justification names no service', () => {
    const t = standardTenant();
    const a = t.activate('dana', 'security', `${DAY}T11:00`, 'As discussed');
    t.act('dana', a.start + 10 * 60_000, 'Add member to role', 'Omar Haddad');
    const r = scan(t);
    assert.equal(alertsOn(r, t.id('dana'), 'justification-mismatch').length, 0);
    assert.equal(alertsOn(r, t.id('dana'), 'unusual-activity').length, 1);
  });
});
