import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusCard, statusCardData } from '../../src/bot/status-card.js';
import { requestFormCard } from '../../src/cards/request-form.js';
import type { RolePolicy, ScheduleRequest } from '../../src/pim/index.js';
import { cardProblems } from '../cards/validate.js';

const now = new Date('2026-11-26T09:00:00Z');
const policy: RolePolicy = {
  policyId: 'p',
  roleDefinitionId: 'r',
  maxDuration: 'PT8H',
  maxDurationMinutes: 480,
  requiresJustification: true,
  requiresTicket: true,
  requiresMfa: true,
  authenticationContext: null,
  approvalRequired: true,
  approvers: [{ kind: 'groupMembers', groupId: 'g', description: 'PIM Approvers - Service Owners' }],
  escalationApprovers: [],
  approverJustificationRequired: false,
};

function request(status: string, extra: Partial<ScheduleRequest> = {}): ScheduleRequest {
  return {
    id: 'req-1',
    status,
    action: 'selfActivate',
    principalId: 'u',
    roleDefinitionId: 'r',
    createdDateTime: '2026-11-26T08:55:00Z',
    justification: 'Fix the transport rule',
    ticketInfo: { ticketNumber: 'CHG0048213' },
    scheduleInfo: { startDateTime: '2026-11-26T08:55:00Z', expiration: { type: 'afterDuration', duration: 'PT2H' } },
    ...extra,
  } as ScheduleRequest;
}

function actionsOf(card: Record<string, unknown>) {
  return card.actions as Array<{ type: string; verb?: string; data?: { verb?: string }; fallback?: { type: string; data?: { verb?: string } } }>;
}

describe('the request form card', () => {
  const card = requestFormCard({
    roles: [{ id: 'r1', title: 'Exchange Administrator (up to 8 hours)' }],
    durations: [{ value: 'PT1H', title: '1 hour' }],
    selectedRoleId: 'r1',
    message: 'Why do you need it?',
  });
  it('is an Adaptive Card 1.5 the SDK parses without warnings, whose role picker holds the given roles', () => {
    assert.equal(card.version, '1.5');
    assert.deepEqual(cardProblems(card), []);
    const body = card.body as Array<{ id?: string; type: string; value?: string; choices?: unknown[]; text?: string }>;
    assert.deepEqual(body.find((b) => b.id === 'roleId')?.choices, [{ title: 'Exchange Administrator (up to 8 hours)', value: 'r1' }]);
    assert.equal(body.find((b) => b.id === 'roleId')?.value, 'r1');
    assert.ok(body.some((b) => b.text === 'Why do you need it?'));
    assert.deepEqual(body.filter((b) => b.id).map((b) => b.id), ['roleId', 'duration', 'justification', 'ticket']);
  });
  it('submits with Action.Execute (verb submitActivation) and falls back to Action.Submit with the same verb', () => {
    const [submit] = actionsOf(card);
    assert.equal(submit?.type, 'Action.Execute');
    assert.equal(submit?.verb, 'submitActivation');
    assert.equal(submit?.fallback?.type, 'Action.Submit');
    assert.equal(submit?.fallback?.data?.verb, 'submitActivation');
  });
  it('leaves out the message when there is none', () => {
    const plain = requestFormCard({ roles: [], durations: [] });
    assert.equal((plain.body as Array<{ color?: string }>).filter((b) => b.color === 'Attention').length, 0);
  });
});

describe('the status card', () => {
  it('shows a waiting request with its approvers, a cancel button and an automatic refresh for the requester', () => {
    const card = statusCard({ request: request('PendingApproval'), roleName: 'Exchange Administrator', policy, zone: 'UTC', now, teamsUserId: '29:abc' });
    assert.deepEqual(cardProblems(card), []);
    const json = JSON.stringify(card);
    assert.match(json, /Waiting for approval/);
    assert.match(json, /PIM Approvers - Service Owners/);
    assert.deepEqual(actionsOf(card).map((a) => a.verb), ['refreshStatus', 'cancelActivation']);
    assert.deepEqual((card.refresh as { userIds: string[] }).userIds, ['29:abc']);
  });
  it('shows an active role with the time left, and stops refreshing once it is over', () => {
    const active = statusCardData({ request: request('Provisioned'), roleName: 'Exchange Administrator', policy, zone: 'UTC', now, teamsUserId: '29:abc' });
    assert.equal(active.headline, 'Active until 10:55 (1 hour 55 minutes left)');
    assert.equal(active.style, 'good');
    assert.equal(active.canCancel, false);
    const over = statusCardData({ request: request('Provisioned'), roleName: 'Exchange Administrator', policy, zone: 'UTC', now: new Date('2026-11-26T12:00:00Z'), teamsUserId: '29:abc' });
    assert.equal(over.headline, 'Ended at 10:55');
    assert.deepEqual(over.refreshFor, []);
  });
  it('shows typed text as typed, not as markup', () => {
    const data = statusCardData({ request: request('Denied', { justification: '**urgent** [click](http://evil.example)' }), roleName: 'X', zone: 'UTC', now });
    assert.equal(data.facts.find((f) => f.title === 'Justification')?.value, String.raw`\*\*urgent\*\* \[click\](http://evil.example)`);
    const card = statusCard({ request: request('Denied', { justification: '**urgent**' }), roleName: 'X', zone: 'UTC', now });
    assert.deepEqual(cardProblems(card), []);
  });

  it('points to the reason of a denial', () => {
    const denied = statusCardData({ request: request('Denied'), roleName: 'Exchange Administrator', policy, zone: 'UTC', now });
    assert.equal(denied.style, 'attention');
    assert.match(denied.next, /why was my request denied/);
    assert.equal(statusCard({ request: request('Denied'), roleName: 'X', zone: 'UTC', now }).refresh, undefined);
  });
});
