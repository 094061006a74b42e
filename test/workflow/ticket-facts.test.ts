/**
 * The approver's card quotes the cited ticket as the ticket system describes it, end to end over
 * HTTP: the sandbox tenant (evaluation tenant, clock at NOW), the ServiceNow and Jira stand-ins
 * seeded from its history, and the Bot Connector stand-in recording the cards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedTickets } from '../../src/tickets/seeds.js';
import { seedTenantOf } from '../../src/tickets/wiring.js';
import { cardText, learned, ROLES, startHarness, type Harness } from './harness.js';

type Json = Record<string, unknown>;

describe('ticket facts on the approval card (sandbox tenant, ticket stand-ins, Bot Connector stand-in)', { timeout: 240_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({}, { tickets: true });
    // The cases below cite these seeded tickets.
    const seeds = seedTickets(seedTenantOf(h.sandbox), h.sandbox.clock.now());
    const seeded = (n: string) => seeds.tickets.find((t) => t.number === n);
    assert.deepEqual(seeded('CHG0006134'), { number: 'CHG0006134', system: 'ServiceNow', variant: 'open', requester: 'nwilke@contoso.example' });
    assert.deepEqual(seeded('CHG0007254'), { number: 'CHG0007254', system: 'ServiceNow', variant: 'closed', requester: 'pgupta@contoso.example' });
    await learned(h);
  });
  after(async () => h?.close());

  const cardsOf = (requestId: string) => h.waitFor(() => (h.cardsFor(requestId).length > 0 ? h.cardsFor(requestId) : undefined), `cards for ${requestId}`, 60_000);
  const viewOf = async (requestId: string) => (await h.service.db.query<{ view: Json }>('SELECT view FROM workflow_requests WHERE request_id = $1', [requestId])).rows[0]?.view;

  it('shows the ticket’s short description, state and change window', async () => {
    const r = await h.activate('nwilke', ROLES.exchangeAdmin, { justification: 'Fix the mailbox permissions of the finance shared mailbox per CHG0006134', ticket: 'CHG0006134', duration: 'PT2H' });
    assert.equal(r.status, 'PendingApproval');
    await h.poll();
    const cards = await cardsOf(r.id);
    for (const call of cards) {
      const card = cardText(call);
      assert.ok(card.includes('ServiceNow change CHG0006134 \\"Mailbox permission fix\\": Implement, planned 16 Nov 2026 09:00 UTC to 25 Nov 2026 10:00 UTC'), `the card quotes the ticket: ${card}`);
      assert.ok(!/ticket-closed|is Closed/.test(card), 'no ticket problem on an open ticket the requester is on');
    }
    const view = await viewOf(r.id);
    assert.deepEqual(
      (view?.factors as Array<{ id: string }>).filter((f) => f.id.startsWith('ticket-')),
      [],
      'an open, in-window ticket of the requester scores nothing against the request',
    );
  });

  it('a closed ticket puts its risk factor on the card', async () => {
    const r = await h.activate('pgupta', ROLES.exchangeAdmin, { justification: 'Fix the mailbox permissions of the legal shared mailbox, CHG0007254', ticket: 'CHG0007254', duration: 'PT2H' });
    assert.equal(r.status, 'PendingApproval');
    await h.poll();
    const cards = await cardsOf(r.id);
    const card = cardText(cards[0]!);
    assert.ok(card.includes('ServiceNow change CHG0007254 \\"Mailbox permission fix\\": Closed, planned 28 Oct 2026 09:00–13:00 UTC'), `the card quotes the ticket: ${card}`);
    assert.ok(card.includes('ServiceNow change CHG0007254 is Closed: the work it records is finished, so it does not cover new privileged access.'), 'the closed-ticket factor is on the card');
    const view = await viewOf(r.id);
    const closed = (view?.factors as Array<{ id: string; points: number }>).find((f) => f.id === 'ticket-closed');
    assert.ok(closed && closed.points > 0, 'it adds to the score');
  });
});
