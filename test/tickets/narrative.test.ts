/**
 * What the approval card and the audit narrative quote: the analysis carries the ticket's facts
 * (short description, state, window, system, link) and describeTicket says them in one sentence.
 * The card itself belongs to the cards engineer: this checks what it is given to show.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approvalView } from '../../src/cards/approval-view.js';
import { triageWithTicket } from '../../src/tickets/analysis.js';
import { describeTicket } from '../../src/tickets/describe.js';
import type { TicketFacts } from '../../src/tickets/facts.js';
import { build, NOW } from '../triage/fixtures.js';
import { checkerFor, JIRA, SN, startSystems, type Systems } from './support.js';

describe('ticket facts for the approval card and the audit narrative', () => {
  let systems: Systems;
  before(async () => {
    systems = await startSystems();
  });
  after(() => systems.close());

  it('the analysis carries ticketFacts with what the card shows: short description, state, window, system, link', async () => {
    const b = build();
    const a = await triageWithTicket(b.ctx, b.baseline, NOW, checkerFor(systems.connectors));
    const t = a.ticketFacts;
    assert.ok(t);
    assert.equal(t.number, SN.good);
    assert.equal(t.system, 'ServiceNow');
    assert.equal(t.shortDescription, 'Apply transport rule change for the partner connector');
    assert.equal(t.state, 'Implement');
    assert.equal(t.plannedStart, '2026-03-18T09:00:00Z');
    assert.equal(t.plannedEnd, '2026-03-18T14:00:00Z');
    assert.ok(t.url?.startsWith(systems.serviceNow.url));
    // Plain JSON: it can be kept with the request and redrawn later.
    assert.deepEqual(JSON.parse(JSON.stringify(a)).ticketFacts, t);
    // The approver card's view quotes the ticket as looked up, not just its number.
    const view = approvalView({ request: { ...b.ctx.request, id: 'r1' } as never, requester: { id: 'u1', displayName: 'Nina' } as never, analysis: a, approverJustificationRequired: false });
    assert.match(String(view.ticket), /"Apply transport rule change for the partner connector": Implement, planned 18 Mar 2026 09:00–14:00 UTC/);
  });

  it('describeTicket quotes the short description, state and window', async () => {
    const checker = checkerFor(systems.connectors);
    const who = { userPrincipalName: 'nina@example.test' };
    const good = (await checker.check({ ticketNumber: SN.good }, who))!;
    assert.equal(
      describeTicket({ ...good, checkedAt: '2026-03-18T10:20:00Z' }),
      'ServiceNow change CHG0048213 "Apply transport rule change for the partner connector": Implement, planned 18 Mar 2026 09:00–14:00 UTC, assigned to Nina Requester, group Messaging Team (checked 18 Mar 2026 10:20 UTC).',
    );
    const emergency = (await checker.check({ ticketNumber: JIRA.emergency }, who))!;
    assert.match(describeTicket(emergency), /^Jira change OPS-104 "Block the phishing sender in mail flow": Implementing, an emergency change, planned 18 Mar 2026 10:00–16:00 UTC, assigned to Nina Requester \(checked /);
    const task = (await checker.check({ ticketNumber: JIRA.task }, who))!;
    assert.match(describeTicket(task), /^Jira issue OPS-105 "Clean up distribution lists": To Do, assigned to Nina Requester \(checked /);
  });

  it('describeTicket says when a ticket was missing or could not be checked', () => {
    const base: TicketFacts = { number: 'CHG0099999', system: 'ServiceNow', kind: 'change', status: 'not-found', checkedAt: '2026-03-18T10:20:00Z' };
    assert.equal(describeTicket(base), 'ServiceNow had no ticket CHG0099999 (checked 18 Mar 2026 10:20 UTC).');
    assert.equal(
      describeTicket({ ...base, status: 'unavailable', problem: 'ServiceNow did not answer within 3000 ms' }),
      'ServiceNow change CHG0099999 could not be checked (ServiceNow did not answer within 3000 ms; checked 18 Mar 2026 10:20 UTC).',
    );
  });
});
