/** Off-hours on each person's own clock, in a tenant that mostly works on UTC. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zoneFromLocation } from '../../src/oversight/local-time.js';
import { scanOversight } from '../../src/oversight/scan.js';
import type { OversightInput, OversightResult } from '../../src/oversight/types.js';
import { TenantBuilder } from './support/tenant-builder.js';

const SINCE = '2026-03-02T00:00:00Z';
/** A Wednesday. */
const DAY = '2026-03-04';

function tenant(): TenantBuilder {
  const t = new TenantBuilder('litware.example', 'UTC');
  t.user('kenji', { name: 'Kenji Mori', zone: 'Tokyo Standard Time', eligible: ['helpdesk'] });
  t.user('lena', { name: 'Lena Fox', eligible: ['helpdesk'] });
  t.user('omar', { name: 'Omar Haddad' });
  const common = { until: SINCE.slice(0, 10), days: 60, activities: ['Reset password (by admin)', 'Update user'] };
  // Kenji's history is his own working day in Tokyo (00:00–06:00 UTC).
  t.routine('kenji', 'helpdesk', { ...common, justification: 'Tokyo desk shift', seed: 11 });
  t.routine('lena', 'helpdesk', { ...common, justification: 'London desk shift', seed: 12 });
  return t;
}

function offHours(r: OversightResult, userId: string) {
  return r.alerts.filter((a) => a.userId === userId && a.kind === 'off-hours');
}

/** Kenji's mailbox zone removed, with other location facts put in its place. */
function withoutMailbox(input: OversightInput, userId: string, facts: { officeLocation?: string; usageLocation?: string }): OversightInput {
  return { ...input, users: input.users?.map((u) => (u.id === userId ? { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, ...facts } : u)) };
}

describe('off-hours on the local clock', () => {
  it('leaves a 09:10 Tokyo reset alone, though it is just after midnight UTC', () => {
    const t = tenant();
    const a = t.activate('kenji', 'helpdesk', `${DAY}T09:00`, 'Tokyo desk shift');
    assert.match(new Date(a.start).toISOString(), /T00:05/, 'PIM completes the activation five minutes after the request');
    t.act('kenji', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    assert.deepEqual(scanOversight(t.input(), { since: SINCE }).alerts, []);
  });

  it('flags a 03:10 Tokyo reset, though it is 18:10 UTC, naming his zone', () => {
    const t = tenant();
    const a = t.activate('kenji', 'helpdesk', `${DAY}T03:00`, 'Tokyo desk shift');
    assert.match(new Date(a.start).toISOString(), /T18:05/);
    t.act('kenji', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const [alert] = offHours(scanOversight(t.input(), { since: SINCE }), t.id('kenji'));
    assert.ok(alert, 'the 03:10 reset is off-hours on his clock');
    assert.match(alert.summary, /03:10/);
    assert.match(alert.summary, /Asia\/Tokyo/);
    assert.equal(alert.activation?.requestId, a.requestId);
  });

  it('without his mailbox zone, an office in Tokyo puts him on Tokyo time; with no clue he is read on the tenant clock', () => {
    const t = tenant();
    const a = t.activate('kenji', 'helpdesk', `${DAY}T03:00`, 'Tokyo desk shift');
    t.act('kenji', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const kenji = t.id('kenji');
    const byOffice = scanOversight(withoutMailbox(t.input(), kenji, { officeLocation: 'Tokyo, Marunouchi 2F' }), { since: SINCE });
    assert.match(offHours(byOffice, kenji)[0]?.summary ?? '', /Asia\/Tokyo/);
    const byCountry = scanOversight(withoutMailbox(t.input(), kenji, { usageLocation: 'JP' }), { since: SINCE });
    assert.equal(offHours(byCountry, kenji).length, 1);
    // On UTC, 18:10 is inside the working day: the same action passes unnoticed.
    const blind = scanOversight(withoutMailbox(t.input(), kenji, {}), { since: SINCE });
    assert.deepEqual(offHours(blind, kenji), []);
  });

  it('gives a newcomer in Tokyo the working day on his clock: 09:10 there is fine, though on UTC it would not be', () => {
    const t = new TenantBuilder('litware.example', 'UTC');
    t.user('lena', { name: 'Lena Fox', eligible: ['helpdesk'] });
    t.user('yuki', { name: 'Yuki Abe', zone: 'Tokyo Standard Time', eligible: ['helpdesk'] });
    t.user('omar', { name: 'Omar Haddad' });
    t.routine('lena', 'helpdesk', { until: SINCE.slice(0, 10), days: 60, activities: ['Reset password (by admin)', 'Update user'], justification: 'London desk shift', seed: 12 });
    const a = t.activate('yuki', 'helpdesk', `${DAY}T09:00`, 'First Tokyo desk shift');
    t.act('yuki', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const yuki = t.id('yuki');
    assert.deepEqual(offHours(scanOversight(t.input(), { since: SINCE }), yuki), []);
    const onUtc = offHours(scanOversight(withoutMailbox(t.input(), yuki, {}), { since: SINCE }), yuki);
    assert.match(onUtc[0]?.summary ?? '', /00:10/, 'read on the tenant clock, the same reset looks like midnight work');
  });

  it('judges the hour against the person’s own history: a London 03:00 is off-hours for Lena', () => {
    const t = tenant();
    const a = t.activate('lena', 'helpdesk', `${DAY}T03:00`, 'London desk shift');
    t.act('lena', a.start + 5 * 60_000, 'Reset password (by admin)', 'Omar Haddad');
    const [alert] = offHours(scanOversight(t.input(), { since: SINCE }), t.id('lena'));
    assert.match(alert?.summary ?? '', /03:10/);
  });

  it('maps office cities and one-zone countries, and leaves many-zone countries to other clues', () => {
    assert.equal(zoneFromLocation('Building 4, New York', 'US'), 'America/New_York');
    assert.equal(zoneFromLocation(undefined, 'de'), 'Europe/Berlin');
    assert.equal(zoneFromLocation('Room 12', 'US'), undefined);
    assert.equal(zoneFromLocation('', ''), undefined);
  });
});
