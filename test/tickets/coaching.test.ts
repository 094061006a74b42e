/**
 * Coaching before submission: for a ticket that would not back the request, one line per problem
 * saying what to fix; nothing for a ticket that does, or when no ticket was checked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TicketChecker } from '../../src/tickets/checker.js';
import { coachTicket, type CoachRequest } from '../../src/tickets/coach.js';
import { checkerFor, JIRA, SN, startSystems, type Systems } from './support.js';

describe('coachTicket', () => {
  let systems: Systems;
  let checker: TicketChecker;
  before(async () => {
    systems = await startSystems();
    checker = checkerFor(systems.connectors);
  });
  after(() => systems.close());

  const nina = { userPrincipalName: 'nina@example.test', displayName: 'Nina Requester' };
  const draft: CoachRequest = { requester: nina, role: 'Exchange Administrator', start: '2026-03-18T10:20:00Z', duration: 'PT2H' };
  const advise = async (number: string, request: CoachRequest = draft) => coachTicket(await checker.check({ ticketNumber: number }, request.requester), request);

  it('says nothing about a ticket that backs the request, or when nothing was checked', async () => {
    assert.deepEqual(await advise(SN.good), []);
    assert.deepEqual(await advise(JIRA.good), []);
    assert.deepEqual(coachTicket(undefined, draft), []);
  });

  it('a ticket that does not exist: check the number', async () => {
    assert.deepEqual(await advise(SN.missing), ["I couldn't find CHG0099999 in ServiceNow. Check the number, or cite the ticket that covers this work."]);
  });

  it('a closed ticket: cite the open one or have it reopened', async () => {
    assert.deepEqual(await advise(SN.resolvedIncident), ['INC0048400 is Resolved. Cite the open ticket for this work, or ask for INC0048400 to be reopened.']);
  });

  it("someone else's ticket: get on it, or cite your own", async () => {
    assert.deepEqual(await advise(SN.someoneElse), [
      "You're not on CHG0048301 (assigned to Bo Chan, requested by Bo Chan, opened by Ada Approver). Ask to be made its assignee or added to Collaboration Team, or cite a ticket you're on.",
    ]);
  });

  it('outside the change window: ask inside it, or shorten to end with it', async () => {
    assert.deepEqual(await advise(SN.later), ['CHG0048303 is planned for 20 Mar 2026 18:00–22:00 UTC. Ask for the role inside that window, or have the change rescheduled first.']);
    assert.deepEqual(await advise(SN.partly), ["CHG0048304's window closes 18 Mar 2026 11:00 UTC, but you asked for 2 hours: ask for 30 minutes or less, or have the window extended."]);
  });

  it('a ticket about other work, and an emergency change', async () => {
    assert.deepEqual(await advise(SN.unrelated), ['CHG0048305 is about Microsoft Teams, not Exchange Administrator work. Cite the ticket for this task, or ask for the role that fits CHG0048305.']);
    assert.deepEqual(await advise(JIRA.emergency), ['OPS-104 is an emergency change; say in the justification who authorised it.']);
  });

  it('a ticket system that could not be asked: says approvers will see it unverified', async () => {
    systems.serviceNow.faults.status = 503;
    try {
      assert.deepEqual(await advise(SN.good), ["I couldn't check CHG0048213 in ServiceNow just now (ServiceNow failed (503)); approvers will see it as unverified."]);
    } finally {
      systems.serviceNow.faults.status = undefined;
    }
  });

  it('every problem at once, in the order to fix them; the role by template id works too', async () => {
    const lines = await advise(SN.someoneElse, { ...draft, role: '29232cdf-9323-42fd-ade2-1d097af3e4de', start: '2026-03-21T10:00:00Z' });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^You're not on CHG0048301/);
    assert.match(lines[1]!, /^CHG0048301 is planned for 18 Mar 2026 09:00–14:00 UTC/);
  });
});
