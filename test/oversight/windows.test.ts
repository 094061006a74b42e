import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildActivationWindows, durationMs } from '../../src/oversight/windows.js';
import { resolveTimeZone, localClock } from '../../src/oversight/local-time.js';
import { TenantBuilder } from './support/tenant-builder.js';

describe('activation windows', () => {
  it('pairs each completed activation with its expiry or deactivation, and takes reason and ticket from the request', () => {
    const t = new TenantBuilder();
    t.user('kim', { eligible: ['exchange', 'helpdesk'] });
    const expired = t.activate('kim', 'exchange', '2026-03-04T09:00', 'Transport rule change', { hours: 3, ticket: 'CHG1' });
    const deactivated = t.activate('kim', 'helpdesk', '2026-03-04T10:00', 'Lockouts', { hours: 4, deactivateAfterMinutes: 30 });
    const input = t.input();
    const windows = buildActivationWindows(input.directoryAudits, input.requests);
    assert.equal(windows.length, 2);
    const [a, b] = windows;
    assert.equal(a?.requestId, expired.requestId);
    assert.equal(a?.roleName, 'Exchange Administrator');
    assert.equal(a?.end, expired.end);
    assert.equal(a?.endedBy, 'expired');
    assert.equal(a?.justification, 'Transport rule change');
    assert.equal(a?.ticket, 'CHG1');
    assert.equal(b?.requestId, deactivated.requestId);
    assert.equal(b?.endedBy, 'deactivated');
    assert.equal(b?.end, deactivated.end);
  });

  it('marks a window still running at `now`, and falls back to the request when the audit log lacks it', () => {
    const t = new TenantBuilder();
    t.user('kim', { eligible: ['exchange'] });
    const a = t.activate('kim', 'exchange', '2026-03-04T09:00', 'Connector renewal', { hours: 2 });
    const input = t.input();
    const running = buildActivationWindows(input.directoryAudits.filter((x) => !/expired/.test(x.activityDisplayName ?? '')), input.requests, { now: a.start + 3600_000 });
    assert.equal(running[0]?.endedBy, 'open');
    const fromRequests = buildActivationWindows([], input.requests);
    assert.equal(fromRequests.length, 1);
    assert.equal((fromRequests[0]?.end ?? 0) - (fromRequests[0]?.start ?? 0), 2 * 3600_000);
  });

  it('reads ISO durations as PIM writes them', () => {
    assert.equal(durationMs('PT8H'), 8 * 3600_000);
    assert.equal(durationMs('PT30M'), 30 * 60_000);
    assert.equal(durationMs('P1DT2H'), 26 * 3600_000);
    assert.equal(durationMs('soon'), undefined);
  });
});

describe('local time', () => {
  it('maps Windows zone names as Exchange reports them, and accepts IANA names', () => {
    assert.equal(resolveTimeZone('GMT Standard Time'), 'Europe/London');
    assert.equal(resolveTimeZone('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(resolveTimeZone('Europe/Paris'), 'Europe/Paris');
    assert.equal(resolveTimeZone('Mars Standard Time'), undefined);
    assert.equal(resolveTimeZone(undefined), undefined);
  });

  it('reads the hour on the local clock across daylight saving', () => {
    const london = resolveTimeZone('GMT Standard Time') as string;
    assert.equal(localClock(Date.parse('2026-07-01T03:30:00Z'), london).hour, 4);
    assert.equal(localClock(Date.parse('2026-12-01T03:30:00Z'), london).hour, 3);
    const tokyo = localClock(Date.parse('2026-11-14T03:18:00Z'), resolveTimeZone('Tokyo Standard Time') as string);
    assert.deepEqual([tokyo.hour, tokyo.weekday, tokyo.time], [12, 6, '12:18']);
  });
});
