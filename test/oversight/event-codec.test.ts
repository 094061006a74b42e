import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { fileURLToPath } from 'node:url';
import { EventCodec, isPimLifecycle } from '../../src/oversight/event-codec.js';
import { fromAudit, parseTime, type LogEvent } from '../../src/oversight/events.js';
import { loadSnapshot } from '../../src/tenant/snapshot.js';

const AT = Date.UTC(2026, 10, 2, 9, 30);

function audit(over: Partial<LogEvent> = {}): LogEvent {
  return {
    id: 'Directory_0f3c',
    source: 'audit',
    at: AT,
    iso: '2026-11-02T09:30:00.1234567Z',
    activity: 'Add member to role completed (PIM activation)',
    actorId: 'u-1',
    actorUpn: 'megan@contoso.example',
    actorName: 'Megan Bowen',
    targets: [
      { id: 'r-1', name: 'User Administrator', type: 'Role', upn: undefined },
      { id: 'u-1', name: 'Megan Bowen', type: 'User', upn: 'megan@contoso.example' },
    ],
    result: 'success',
    details: { Justification: 'Ticket CHG0001 — reset for Zoë 東京', RoleAssignmentRequestId: 'req-1', ExpirationTime: '2026-11-02T17:30:00Z' },
    ...over,
  };
}

function roundTrip(codec: EventCodec, e: LogEvent): LogEvent {
  const bytes = Buffer.from(codec.encode(e));
  // Read from the middle of a larger buffer, as the sort hands records over.
  const framed = Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')]);
  return codec.decode(framed, 2, 2 + bytes.length, e.at);
}

describe('event codec', () => {
  it('gives back the event it was given, strings shared or written out, ASCII or not', () => {
    const codec = new EventCodec();
    const e = audit();
    assert.deepEqual(roundTrip(codec, e), e);
    // The second time its names come from the table.
    const again = audit({ id: 'Directory_0f3d' });
    assert.deepEqual(roundTrip(codec, again), again);
    assert.ok(codec.encode(again).length < 150, 'names are not written twice');
  });

  it('keeps absent members absent and sign-in details with their codes', () => {
    const codec = new EventCodec();
    const bare = audit({ actorId: undefined, actorUpn: undefined, actorName: undefined, result: undefined, targets: [], details: {} });
    assert.deepEqual(roundTrip(codec, bare), bare);
    const signIn: LogEvent = {
      ...audit({ targets: [], details: {} }),
      source: 'sign-in',
      activity: 'Sign-in to Azure Portal',
      signIn: { app: 'Azure Portal', ip: '2001:db8::1', city: 'São Paulo', country: 'BR', risk: 'none', errorCode: 0 },
    };
    assert.deepEqual(roundTrip(codec, signIn), signIn);
    const failed: LogEvent = { ...signIn, signIn: { errorCode: 50126 } };
    assert.deepEqual(roundTrip(codec, failed), { ...failed, signIn: { app: undefined, ip: undefined, city: undefined, country: undefined, risk: undefined, errorCode: 50126 } });
  });

  it('keeps any error code Graph sends, and a damaged record fails instead of hanging', { timeout: 5000 }, () => {
    const codec = new EventCodec();
    const base: LogEvent = { ...audit({ targets: [], details: {} }), source: 'sign-in', activity: 'Sign-in to Azure Portal' };
    for (const errorCode of [-1, 2 ** 31, 2 ** 40 + 3, 1.5]) {
      const e: LogEvent = { ...base, signIn: { app: 'Azure Portal', errorCode } };
      assert.equal(roundTrip(codec, e).signIn?.errorCode, errorCode);
    }
    // Cut inside a two-byte length, so the count runs off the end of the buffer.
    const bytes = Buffer.from(codec.encode(audit({ details: { Justification: 'x'.repeat(300) } })));
    const cut = bytes.indexOf('x'.repeat(300)) - 1;
    assert.throws(() => codec.decode(bytes.subarray(0, cut), 0, cut, AT), /damaged|decode/);
  });

  it('writes out long strings and, once its table is full, new names', () => {
    const codec = new EventCodec(3);
    const long = 'é'.repeat(5_000) + 'x'.repeat(70_000);
    const e = audit({ details: { Justification: long }, targets: Array.from({ length: 40 }, (_, i) => ({ id: `t-${i}`, name: `Target ${i} ✓`, type: 'User', upn: undefined })) });
    assert.deepEqual(roundTrip(codec, e), e);
    assert.equal(codec.size, 3);
  });

  it('gives back a request as windows read it', () => {
    const codec = new EventCodec();
    const full = {
      id: 'req-1',
      principalId: 'u-1',
      roleDefinitionId: 'role-1',
      action: 'selfActivate' as const,
      status: 'Provisioned',
      justification: 'Mailbox migration — ticket INC42',
      ticketInfo: { ticketNumber: 'INC42' },
      createdDateTime: '2026-11-02T09:00:00Z',
      completedDateTime: '2026-11-02T09:01:00Z',
      scheduleInfo: { startDateTime: '2026-11-02T09:01:00Z', expiration: { endDateTime: undefined, duration: 'PT4H' } },
    };
    const bytes = Buffer.from(codec.encodeRequest(full));
    assert.deepEqual(codec.decodeRequest(bytes, 0, bytes.length), full);
    const bare = { id: 'req-2', principalId: 'u-2', roleDefinitionId: 'role-1', action: 'selfDeactivate' as const, status: 'Revoked', justification: null, createdDateTime: '2026-11-02T10:00:00Z', completedDateTime: null, scheduleInfo: {} };
    const back = codec.decodeRequest(Buffer.from(codec.encodeRequest(bare)), 0, codec.encodeRequest(bare).length);
    assert.deepEqual(back, { ...bare, justification: undefined, completedDateTime: undefined, scheduleInfo: { startDateTime: undefined } });
  });

  it('writes a Graph audit record directly as it writes the event fromAudit makes of it', async () => {
    const snapshot = await loadSnapshot(fileURLToPath(new URL('../../../shared/eval/oversight/contoso-oversight.json', import.meta.url))).catch(() => undefined);
    const odd: Graph.DirectoryAudit[] = [
      { id: 'a-1', activityDateTime: '2026-11-02T09:30:00Z', activityDisplayName: '  Delete user  ', initiatedBy: { user: null, app: { displayName: 'Sync' } }, targetResources: [{ id: null, displayName: 'Zoë', type: 'User', userPrincipalName: null }] },
      { id: 'a-2', activityDateTime: '2026-11-02T09:30:00.5Z', activityDisplayName: 'Add member to role completed (PIM activation)', result: 'success', initiatedBy: { user: { id: 'u-1', displayName: 'Megan Bowen', userPrincipalName: null } }, targetResources: [],
        additionalDetails: [{ key: 'Justification', value: 'first' }, { key: '7', value: 'number-like key' }, { key: 'Justification', value: 'last' }, { key: '', value: 'no key' }, { key: 'Count', value: null }] },
      { id: 'a-3', activityDateTime: '2026-11-02T09:31:00Z', additionalDetails: [{ key: 'Justification', value: 'not PIM: dropped' }] },
      // Not Graph's shapes (a snapshot written by other hands): read with those members absent, never thrown on.
      { id: 'a-4', activityDateTime: '2026-11-02T09:32:00Z', activityDisplayName: 42, initiatedBy: { user: 'u-1' }, targetResources: { id: 't-1' }, result: false } as unknown as Graph.DirectoryAudit,
      { id: 'a-5', activityDateTime: '2026-11-02T09:33:00Z', activityDisplayName: 'Add member to role completed (PIM activation)', initiatedBy: { user: { id: 7, displayName: ['x'] } }, targetResources: [null, 5, { id: 9, displayName: 'Role', type: 'Role' }], additionalDetails: { key: 'x', value: 'y' } } as unknown as Graph.DirectoryAudit,
      { id: 'a-6', activityDateTime: '2026-11-02T09:34:00Z', activityDisplayName: 'Add member to role completed (PIM activation)', additionalDetails: [null, 'text', { key: 3, value: 'numeric key' }, { key: 'Justification', value: { nested: true } }, { key: 'RequestId', value: 'req-6' }] } as unknown as Graph.DirectoryAudit,
    ];
    const records = [...odd, ...((snapshot?.['auditLogs/directoryAudits'] ?? []) as Graph.DirectoryAudit[])];
    const direct = new EventCodec();
    const viaEvent = new EventCodec();
    // Not placed in time, or no id: left out on both paths.
    for (const bad of [{ id: 'b-1', activityDateTime: 1_762_000_000_000 }, { id: 12, activityDateTime: '2026-11-02T09:30:00Z' }, { activityDateTime: '2026-11-02T09:30:00Z' }]) {
      assert.equal(fromAudit(bad as unknown as Graph.DirectoryAudit), undefined);
    }
    for (const a of records) {
      const e = fromAudit(a);
      assert.ok(e, a.id ?? '');
      if (!isPimLifecycle(e.activity)) e.details = {};
      const bytes = Buffer.from(direct.encodeAudit(a, e.at));
      assert.deepEqual(bytes, Buffer.from(viaEvent.encode(e)), a.id ?? '');
      assert.deepEqual(direct.decode(bytes, 0, bytes.length, e.at), e);
    }
  });

  it('refuses bytes that do not decode to their length', () => {
    const codec = new EventCodec();
    const bytes = Buffer.from(codec.encode(audit()));
    assert.throws(() => codec.decode(Buffer.concat([bytes, Buffer.from([0])]), 0, bytes.length + 1, AT), /does not decode/);
  });
});

describe('log times', () => {
  it('reads Graph times as Date.parse does, whatever the fraction, and leaves other forms to it', () => {
    const cases = [
      '2026-11-02T09:30:00Z',
      '2026-11-02T09:30:00.5Z',
      '2026-11-02T09:30:00.05Z',
      '2026-11-02T09:30:00.1234567Z',
      '2026-11-02T09:30:00.9999999Z',
      '2024-02-29T23:59:59.999Z',
      '2024-02-30T10:00:00Z',
      '2026-11-02T24:00:00Z',
      '2026-11-02T09:30:00+02:00',
      '2026-13-02T09:30:00Z',
      '2026-11-02T09:30:00.Z',
      '2026-11-02T09:30:00.12a4Z',
      'not a time',
    ];
    for (const c of cases) {
      const expected = Date.parse(c);
      assert.equal(parseTime(c), Number.isFinite(expected) ? expected : undefined, c);
    }
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2090, 0, 1); t += 86_399_917) assert.equal(parseTime(new Date(t).toISOString()), t);
  });
});
