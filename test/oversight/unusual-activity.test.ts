import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

describe('unusual-activity', () => {
  it('fires when a session does what neither the user nor the role has ever done', () => {
    const t = standardTenant();
    const a = t.activate('dana', 'security', `${DAY}T11:00`, 'Review risky sign-ins');
    t.act('dana', a.start + 10 * 60_000, 'Dismiss user risk', 'Omar Haddad');
    t.act('dana', a.start + 20 * 60_000, 'Update application – Certificates and secrets management', 'Payroll Connector');
    const r = scan(t);
    const [alert] = alertsOn(r, t.id('dana'), 'unusual-activity');
    assert.ok(alert);
    assert.equal(alert.events.length, 1);
    assert.equal(alert.events[0]?.activityDisplayName, 'Update application – Certificates and secrets management');
    assert.equal(alert.severity, 'high');
    assert.match(alert.summary, /never seen before/);
    // The stated reason (risky sign-ins) does not cover app credentials either; nothing else is raised.
    assert.deepEqual(alertsOn(r, t.id('dana')).map((x) => x.kind).sort(), ['justification-mismatch', 'unusual-activity']);
  });

  it("stays quiet on the user's own routine and on what the role's other holders routinely do", () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T09:30`, 'Service desk shift: password resets');
    t.act('bruno', a.start + 15 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    // Gus has never revoked sessions himself, but the helpdesk role does it all the time.
    const g = t.activate('gus', 'helpdesk', `${DAY}T13:00`, 'Service desk cover');
    t.act('gus', g.start + 15 * 60_000, 'Invalidate all refresh tokens for user', 'Omar Haddad');
    const r = scan(t);
    assert.deepEqual(r.alerts, []);
  });

  it('fires on a session far busier than the role ever is', () => {
    const t = standardTenant();
    const a = t.activate('chen', 'exchange', `${DAY}T10:00`, 'Mailbox permissions and shared mailboxes');
    for (let i = 0; i < 20; i++) t.act('chen', a.start + (10 + i * 4) * 60_000, i % 2 ? 'Update group' : 'Add member to group', `Group ${i}`);
    const r = scan(t);
    const [alert] = alertsOn(r, t.id('chen'), 'unusual-activity');
    assert.ok(alert);
    assert.match(alert.summary, /20 actions in one session/);
  });

  it('fires when a routine activity reaches a kind of object the role never touches', () => {
    const t = standardTenant();
    const a = t.activate('bruno', 'helpdesk', `${DAY}T10:00`, 'Service desk shift: password resets');
    t.act('bruno', a.start + 10 * 60_000, 'Update user', 'Payroll Sync', 'ServicePrincipal');
    const [alert] = alertsOn(scan(t), t.id('bruno'), 'unusual-activity');
    assert.ok(alert);
    assert.match(alert.summary, /acted on ServicePrincipal objects/);
  });
});
