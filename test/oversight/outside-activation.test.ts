import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

describe('outside-activation', () => {
  it('fires on a policy change by a PIM user with no role active', () => {
    const t = standardTenant();
    t.act('dana', t.at('dana', `${DAY}T11:15`), 'Update conditional access policy', 'Block legacy authentication');
    t.act('dana', t.at('dana', `${DAY}T11:17`), 'Update conditional access policy', 'Require MFA for admins');
    const r = scan(t);
    const alerts = alertsOn(r, t.id('dana'));
    assert.equal(alerts.length, 1);
    const [alert] = alerts;
    assert.equal(alert?.kind, 'outside-activation');
    assert.equal(alert?.severity, 'high');
    assert.equal(alert?.activation, undefined);
    assert.equal(alert?.events.length, 2);
    assert.match(alert?.summary ?? '', /no PIM role active/);
    assert.match(alert?.summary ?? '', /last activation \(Security Administrator\)/);
  });

  it('fires when someone PIM does not know assigns a role', () => {
    const t = standardTenant();
    t.act('omar', t.at('omar', `${DAY}T14:00`), 'Add member to role', 'Gus Moreau');
    const [alert] = alertsOn(scan(t), t.id('omar'), 'outside-activation');
    assert.ok(alert);
    assert.match(alert.summary, /not eligible for any role/);
  });

  it('stays quiet inside an activation, on self-service, and for standing assignments', () => {
    const t = standardTenant();
    const a = t.activate('dana', 'security', `${DAY}T11:00`, 'Tune conditional access after incident review');
    t.act('dana', a.start + 10 * 60_000, 'Update conditional access policy', 'Block legacy authentication');
    t.act('alice', t.at('alice', `${DAY}T15:00`), 'User registered security info', 'Alice Nguyen');
    t.act('omar', t.at('omar', `${DAY}T15:00`), 'Update user', 'Omar Haddad');
    t.standing('gus', 'helpdesk');
    t.act('gus', t.at('gus', `${DAY}T10:00`), 'Reset password (by admin)', 'Omar Haddad');
    assert.deepEqual(scan(t).alerts, []);
  });

  it('allows for a few minutes of clock skew at the edges of a window', () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T10:00`, 'Service desk shift: password resets');
    t.act('bruno', a.start - 3 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    assert.deepEqual(scan(t).alerts, []);
  });
});
