import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { breakGlassMembers } from '../../src/oversight/people.js';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

function withEmergencyAccount() {
  const t = standardTenant();
  t.user('bg1', { name: 'Emergency Access 1' });
  t.standing('bg1', 'globalAdmin');
  return t;
}

describe('break-glass', () => {
  it('raises a critical alert with the story of the session', () => {
    const t = withEmergencyAccount();
    t.signIn('bg1', t.at('bg1', `${DAY}T22:05`), { app: 'Azure Portal' });
    t.act('bg1', t.at('bg1', `${DAY}T22:09`), 'Update conditional access policy', 'Require MFA for admins');
    t.act('bg1', t.at('bg1', `${DAY}T22:12`), 'Add member to role', 'Omar Haddad');
    const r = scan(t, { breakGlassUserIds: [t.id('bg1')] });
    const alerts = alertsOn(r, t.id('bg1'));
    assert.equal(alerts.length, 1, 'one alert per session, and no other detector repeats it');
    const [alert] = alerts;
    assert.equal(alert?.kind, 'break-glass');
    assert.equal(alert?.severity, 'critical');
    assert.equal(alert?.events.length, 3);
    assert.match(alert?.narrative ?? '', /signed in to Azure Portal/);
    assert.match(alert?.narrative ?? '', /Add member to role → Omar Haddad/);
    assert.match(alert?.summary ?? '', /2 directory changes/);
  });

  it('alerts on a directory change even when the sign-in is not in the log', () => {
    const t = withEmergencyAccount();
    t.act('bg1', t.at('bg1', `${DAY}T10:00`), 'Reset password (by admin)', 'Farah Aziz');
    const [alert] = alertsOn(scan(t, { breakGlassUserIds: [t.id('bg1')] }), t.id('bg1'), 'break-glass');
    assert.equal(alert?.severity, 'critical');
  });

  it('lists a sign-in with nothing done after it for confirmation instead of alerting, unless asked to', () => {
    const t = withEmergencyAccount();
    t.signIn('bg1', t.at('bg1', `${DAY}T09:00`));
    const quiet = scan(t, { breakGlassUserIds: [t.id('bg1')] });
    assert.deepEqual(quiet.alerts, []);
    assert.equal(quiet.breakGlassSignIns.length, 1);
    const loud = scan(t, { breakGlassUserIds: [t.id('bg1')], alertOnBreakGlassSignIn: true });
    assert.equal(alertsOn(loud, t.id('bg1'), 'break-glass').length, 1);
  });

  it('alerts on a risky sign-in alone', () => {
    const t = withEmergencyAccount();
    t.signIn('bg1', t.at('bg1', `${DAY}T09:00`), { risk: 'high' });
    const [alert] = alertsOn(scan(t, { breakGlassUserIds: [t.id('bg1')] }), t.id('bg1'), 'break-glass');
    assert.match(alert?.narrative ?? '', /sign-in risk high/);
  });

  it('reads the accounts from the configured group, nested groups included', () => {
    const groups: Graph.Group[] = [
      { id: 'g1', displayName: 'Emergency Access Accounts', members: [{ '@odata.type': '#microsoft.graph.user', id: 'u1' } as Graph.DirectoryObject, { '@odata.type': '#microsoft.graph.group', id: 'g2' } as Graph.DirectoryObject] },
      { id: 'g2', displayName: 'Vault accounts', members: [{ '@odata.type': '#microsoft.graph.user', id: 'u2' } as Graph.DirectoryObject] },
    ];
    assert.deepEqual(breakGlassMembers(groups, 'emergency access accounts').sort(), ['u1', 'u2']);
    assert.throws(() => breakGlassMembers(groups, 'Break Glass'), /no group named/);
  });
});
