/**
 * A small settled tenant (Fabrikam, Sydney time) with two months of ordinary PIM work before
 * SINCE, shared by the detector tests: each test adds one session after SINCE and scans.
 */
import { scanOversight } from '../../../src/oversight/scan.js';
import type { Alert, OversightOptions, OversightResult } from '../../../src/oversight/types.js';
import { TenantBuilder } from './tenant-builder.js';

export const SINCE = '2026-03-02T00:00:00Z';
/** A Wednesday, Sydney time. */
export const DAY = '2026-03-04';

export function standardTenant(): TenantBuilder {
  const t = new TenantBuilder('fabrikam.example', 'AUS Eastern Standard Time');
  t.user('alice', { name: 'Alice Nguyen', eligible: ['userAdmin'] });
  t.user('bruno', { name: 'Bruno Rossi', eligible: ['helpdesk'] });
  t.user('chen', { name: 'Chen Wei', eligible: ['exchange'] });
  t.user('dana', { name: 'Dana Kim', eligible: ['security'] });
  t.user('eli', { name: 'Eli Cohen', eligible: ['groups'] });
  t.user('farah', { name: 'Farah Aziz', eligible: ['globalAdmin', 'privRole'] });
  t.user('gus', { name: 'Gus Moreau', eligible: ['helpdesk'] });
  t.user('hana', { name: 'Hana Sato', zone: 'Tokyo Standard Time', eligible: ['helpdesk'] });
  t.user('ivan', { name: 'Ivan Petrov', eligible: ['helpdesk'] });
  t.user('omar', { name: 'Omar Haddad' });
  const until = SINCE.slice(0, 10);
  const days = 60;
  t.routine('alice', 'userAdmin', { until, days, activities: ['Add user', 'Update user', 'Delete user', 'Add member to group'], justification: 'Joiners and leavers from the HR feed', seed: 1 });
  t.routine('bruno', 'helpdesk', { until, days, activities: ['Reset password (by admin)', 'Update user', 'Invalidate all refresh tokens for user'], justification: 'Service desk shift: password resets', seed: 2 });
  t.routine('gus', 'helpdesk', { until, days, every: 7, activities: ['Reset password (by admin)', 'Update user'], justification: 'Service desk cover', seed: 3 });
  t.routine('hana', 'helpdesk', { until, days, every: 2, activities: ['Reset password (by admin)', 'Update user'], justification: 'Tokyo desk shift', seed: 4 });
  t.routine('ivan', 'helpdesk', { until, days, activities: ['Reset password (by admin)', 'Update user'], justification: 'Night shift: lockouts', startHour: [0, 3], weekends: true, seed: 5 });
  t.routine('chen', 'exchange', { until, days, activities: ['Update group', 'Add member to group'], justification: 'Mailbox permissions and shared mailboxes', seed: 6 });
  t.routine('dana', 'security', { until, days, every: 2, activities: ['Update conditional access policy', 'Update named location', 'Dismiss user risk'], justification: 'Tune conditional access after incident review', seed: 7 });
  t.routine('eli', 'groups', { until, days, activities: ['Add group', 'Update group', 'Add member to group', 'Remove member from group'], justification: 'Group membership requests', seed: 8 });
  t.routine('farah', 'globalAdmin', { until, days, every: 5, activities: ['Update authorization policy', 'Set domain authentication', 'Update company settings'], justification: 'Tenant settings change approved in CAB', seed: 9 });
  t.routine('farah', 'privRole', { until, days, every: 4, activities: ['Add eligible member to role in PIM completed (permanent)', 'Update role setting in PIM'], justification: 'Role assignments for new starters', seed: 10 });
  t.group('Break Glass Accounts', []);
  return t;
}

export function scan(t: TenantBuilder, options: Partial<OversightOptions> = {}): OversightResult {
  return scanOversight(t.input(), { since: SINCE, ...options });
}

export function alertsOn(result: OversightResult, userId: string, kind?: Alert['kind']): Alert[] {
  return result.alerts.filter((a) => a.userId === userId && (!kind || a.kind === kind));
}
