/**
 * The edges of the findings: what counts as inside a window, who counts as on a ticket, and when
 * a ticket's subject cannot be told apart from the role's work. Where it cannot be told, nothing is said.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TicketFacts } from '../../src/tickets/facts.js';
import { requesterOnTicket, ticketFindings, type TicketRequestView } from '../../src/tickets/findings.js';

const facts: TicketFacts = {
  number: 'CHG0048213',
  system: 'ServiceNow',
  status: 'found',
  checkedAt: '2026-03-18T10:20:00Z',
  kind: 'change',
  shortDescription: 'Apply transport rule change',
  state: 'Implement',
  open: true,
  plannedStart: '2026-03-18T10:00:00Z',
  plannedEnd: '2026-03-18T12:00:00Z',
  emergency: false,
  people: [{ role: 'assignee', name: 'Nina Requester', email: 'nina.requester@example.test', userName: 'nina' }],
};
const view: TicketRequestView = {
  requester: { userPrincipalName: 'nina@example.test', displayName: 'Nina Requester' },
  role: { displayName: 'Exchange Administrator', domains: ['exchange', 'groups'], coversAll: false },
  start: '2026-03-18T10:00:00Z',
  minutes: 120,
};
const kinds = (f: TicketFacts, v: TicketRequestView = view) => ticketFindings(f, v).map((x) => x.kind);

describe('ticket findings', () => {
  it('a quarter of an hour either side of the window still counts as inside', () => {
    assert.deepEqual(kinds(facts, { ...view, start: '2026-03-18T09:50:00Z' }), []);
    assert.deepEqual(kinds(facts, { ...view, start: '2026-03-18T10:10:00Z' }), []);
    assert.deepEqual(kinds(facts, { ...view, start: '2026-03-18T09:30:00Z' }), ['outside-window']);
    const both = ticketFindings(facts, { ...view, start: '2026-03-18T09:00:00Z', minutes: 240 })[0];
    assert.equal(both?.extent, 'partial');
    assert.match(both?.detail ?? '', /starts before and runs past the end of/);
  });

  it('a window with only an end, or only a start, is judged on the side it has', () => {
    assert.deepEqual(kinds({ ...facts, plannedStart: undefined }, { ...view, start: '2026-03-17T10:00:00Z' }), []);
    assert.deepEqual(kinds({ ...facts, plannedEnd: undefined }, { ...view, start: '2026-03-17T10:00:00Z' }), ['outside-window']);
  });

  it('the requester is on a ticket by UPN, mail, user name or display name, not by having opened it', () => {
    assert.equal(requesterOnTicket(facts, { userPrincipalName: 'NINA@example.test' }), true);
    assert.equal(requesterOnTicket(facts, { mail: 'nina.requester@example.test' }), true);
    assert.equal(requesterOnTicket(facts, { displayName: 'nina requester' }), true);
    assert.equal(requesterOnTicket({ ...facts, people: [{ role: 'opened by', email: 'nina@example.test' }] }, { userPrincipalName: 'nina@example.test' }), undefined);
    assert.equal(requesterOnTicket({ ...facts, people: [{ role: 'caller', name: 'Bo Chan' }] }, { userPrincipalName: 'nina@example.test' }), false);
  });

  it('says nothing about the requester when the ticket names no one, or its group could not be asked', () => {
    assert.deepEqual(kinds({ ...facts, people: [] }), []);
    assert.deepEqual(kinds({ ...facts, people: [{ role: 'assignee', name: 'Bo Chan' }], assignmentGroup: 'Messaging Team', problem: 'ServiceNow did not say whether the requester is in Messaging Team' }), []);
    assert.deepEqual(kinds({ ...facts, people: [{ role: 'assignee', name: 'Bo Chan' }], assignmentGroup: 'Messaging Team', requesterInGroup: false }), ['not-on-ticket']);
  });

  it('says nothing about the subject for roles that cover everything or no known service, or loose words', () => {
    const teams = { ...facts, shortDescription: 'Set up a Teams live event' };
    assert.deepEqual(kinds(teams), ['unrelated']);
    assert.deepEqual(kinds(teams, { ...view, role: { displayName: 'Global Administrator', domains: [], coversAll: true } }), []);
    assert.deepEqual(kinds(teams, { ...view, role: { displayName: 'Contoso Custom Role', domains: [], coversAll: false } }), []);
    assert.deepEqual(kinds({ ...facts, shortDescription: 'Quota report for user sites' }), []);
  });

  it('a ticket not found or not checked is that finding alone', () => {
    assert.deepEqual(kinds({ number: 'OPS-1', system: 'Jira', status: 'not-found', checkedAt: facts.checkedAt }), ['not-found']);
    assert.deepEqual(kinds({ number: 'OPS-1', system: 'Jira', status: 'unavailable', checkedAt: facts.checkedAt, problem: 'Jira failed (502)' }), ['unchecked']);
  });
});
