import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { approverCandidates, isOutOfOffice, type DirectoryLookup } from '../../src/triage/approver-candidates.js';
import { suggestApprovers } from '../../src/triage/approvers.js';
import { readPolicy, type PolicyRule } from '../../src/triage/policy-rules.js';
import type { ApproverCandidate } from '../../src/triage/types.js';
import { build, EXCHANGE, NOW, routineHistory, USER } from './fixtures.js';

function candidate(id: string, availability?: string, extra: Partial<ApproverCandidate> = {}): ApproverCandidate {
  return { id, userPrincipalName: `${id}@example.test`, displayName: id, via: 'Approvers', availability, ...extra };
}

function ranked(approvers: ApproverCandidate[], tweak: Parameters<typeof build>[0] = () => {}): string[] {
  const b = build((c) => {
    c.approvers = approvers;
    tweak(c);
  });
  return suggestApprovers(b.ctx).map((s) => s.id);
}

describe('approver ranking', () => {
  it('orders by presence: Available, Busy, Away, Offline', () => {
    const order = ranked([candidate('off', 'Offline'), candidate('away', 'Away'), candidate('busy', 'Busy'), candidate('avail', 'Available')], (c) => (c.history = []));
    assert.deepEqual(order, ['avail', 'busy', 'away', 'off']);
  });

  it('puts people out of office last and never suggests the requester', () => {
    const order = ranked([candidate('ooo', 'Available', { outOfOffice: true }), candidate(USER, 'Available'), candidate('off', 'Offline')]);
    assert.deepEqual(order, ['off', 'ooo']);
  });

  it('prefers primary approvers to escalation ones', () => {
    assert.deepEqual(ranked([candidate('esc', 'Available', { escalation: true }), candidate('prim', 'Busy')]), ['prim', 'esc']);
  });

  it('among equally present people, prefers who decided similar requests, and says so', () => {
    const b = build((c) => {
      c.approvers = [candidate('new', 'Available'), candidate('seasoned', 'Available')];
      c.history = [...routineHistory(6, EXCHANGE, 'u-peer1').map((r) => ({ ...r, reviewerId: 'seasoned' })), ...routineHistory(4)];
    });
    const suggested = suggestApprovers(b.ctx);
    assert.deepEqual(suggested.map((s) => s.id), ['seasoned', 'new']);
    assert.match(suggested[0]?.reason ?? '', /decided 6 earlier Exchange Administrator request/);
    assert.match(suggested[0]?.reason ?? '', /available/);
  });
});

describe('out of office', () => {
  const user = (setting: Record<string, unknown>): Graph.User => ({ id: 'u', mailboxSettings: { automaticRepliesSetting: setting } }) as Graph.User;
  it('counts automatic replies that are on, not those that are off', () => {
    assert.equal(isOutOfOffice(user({ status: 'alwaysEnabled' }), undefined, NOW), true);
    assert.equal(isOutOfOffice(user({ status: 'disabled' }), undefined, NOW), false);
    assert.equal(isOutOfOffice(undefined, { id: 'u', outOfOfficeSettings: { isOutOfOffice: true } } as Graph.Presence, NOW), true);
  });
  it('counts scheduled replies only within their window, read in its time zone', () => {
    // NOW is 10:20 UTC; 11:00 in Tokyo on that day is 02:00 UTC, so a window from then has begun.
    const scheduled = (start: string, end: string, timeZone: string) =>
      user({ status: 'scheduled', scheduledStartDateTime: { dateTime: start, timeZone }, scheduledEndDateTime: { dateTime: end, timeZone } });
    assert.equal(isOutOfOffice(scheduled('2026-03-18T11:00:00.0000000', '2026-03-20T09:00:00.0000000', 'Tokyo Standard Time'), undefined, NOW), true);
    assert.equal(isOutOfOffice(scheduled('2026-03-18T11:00:00.0000000', '2026-03-20T09:00:00.0000000', 'UTC'), undefined, NOW), false);
    assert.equal(isOutOfOffice(scheduled('2026-03-10T09:00:00', '2026-03-12T09:00:00', 'UTC'), undefined, NOW), false);
  });
});

describe('approvers from the policy', () => {
  const rules = [
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
      id: 'Approval_EndUser_Assignment',
      target: { caller: 'EndUser', level: 'Assignment' },
      setting: {
        isApprovalRequired: true,
        approvalStages: [
          {
            primaryApprovers: [
              { '@odata.type': '#microsoft.graph.singleUser', userId: 'solo' },
              { '@odata.type': '#microsoft.graph.groupMembers', groupId: 'g1', description: 'Approvers' },
            ],
            escalationApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: 'backup' }],
          },
        ],
      },
    },
  ] as unknown as PolicyRule[];
  const users: Record<string, Graph.User> = Object.fromEntries(['solo', 'm1', 'm2', 'backup', USER].map((id) => [id, { id, userPrincipalName: `${id}@example.test`, displayName: id } as Graph.User]));
  users.m2 = { ...users.m2, mailboxSettings: { automaticRepliesSetting: { status: 'alwaysEnabled' } } } as Graph.User;
  const dir: DirectoryLookup = {
    user: (id) => users[id],
    group: (id) => (id === 'g1' ? ({ id: 'g1', displayName: 'PIM Approvers', members: [{ id: 'm1' }, { id: 'm2' }, { id: USER }] } as unknown as Graph.Group) : undefined),
    presence: (id) => ({ id, availability: id === 'm1' ? 'Busy' : 'Available' }) as Graph.Presence,
  };

  it('expands single users and group members, marks escalation approvers and reads presence and absence', () => {
    const { policy, approvers } = readPolicy(rules);
    assert.equal(policy.approvalRequired, true);
    const found = approverCandidates(approvers, users[USER] as Graph.User, dir, NOW);
    assert.deepEqual(
      found.map((a) => [a.id, a.via, a.availability, Boolean(a.outOfOffice), Boolean(a.escalation)]),
      [
        ['solo', 'named approver', 'Available', false, false],
        ['m1', 'PIM Approvers', 'Busy', false, false],
        ['m2', 'PIM Approvers', 'Available', true, false],
        [USER, 'PIM Approvers', 'Available', false, false],
        ['backup', 'named approver (escalation)', 'Available', false, true],
      ],
    );
    const b = build((c) => (c.approvers = found));
    assert.deepEqual(suggestApprovers(b.ctx).map((s) => s.id), ['solo', 'm1', 'backup', 'm2']);
  });
});
