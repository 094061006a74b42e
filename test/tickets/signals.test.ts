/**
 * Each ticket signal, end to end: the triage fixture's routine Exchange request cites a ticket from
 * the ServiceNow or Jira stand-in, and the analysis says what is wrong with it, with points. Without
 * ticket facts, triage is exactly what it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { triageWithTicket } from '../../src/tickets/analysis.js';
import type { TicketChecker } from '../../src/tickets/checker.js';
import { triage } from '../../src/triage/engine.js';
import { TICKET_FACT_POINTS, TICKET_FACT_SIGNALS } from '../../src/triage/signals/ticket-facts.js';
import { buildSignalInput } from '../../src/triage/signal.js';
import type { Analysis } from '../../src/triage/types.js';
import { build, NOW } from '../triage/fixtures.js';
import { checkerFor, JIRA, SN, startSystems, type Systems } from './support.js';

const ticketFactors = (a: Analysis) => a.factors.filter((f) => f.id.startsWith('ticket-'));

describe('ticket signals', () => {
  let systems: Systems;
  let checker: TicketChecker;
  const routine = build();
  const plain = triage(routine.ctx, routine.baseline, NOW);

  before(async () => {
    systems = await startSystems();
    checker = checkerFor(systems.connectors);
  });
  after(() => systems.close());

  /** The routine request citing `number` (ticket field, and the system when given). */
  const citing = (number: string, system?: string, tweak: Parameters<typeof build>[0] = () => {}) => {
    const b = build((ctx) => {
      ctx.request.ticketNumber = number;
      ctx.request.ticketSystem = system;
      ctx.request.justification = `Apply transport rule change for the partner connector ${number}`;
      tweak(ctx);
    });
    return triageWithTicket(b.ctx, b.baseline, NOW, checker);
  };

  it('a ticket that backs the request adds nothing but its record, quoted for the approver', async () => {
    const a = await citing(SN.good, 'ServiceNow');
    assert.equal(a.riskScore, plain.riskScore);
    assert.equal(a.riskBand, plain.riskBand);
    assert.deepEqual(a.flags, plain.flags);
    assert.deepEqual(ticketFactors(a).map((f) => [f.id, f.points]), [['ticket-record', 0]]);
    assert.match(ticketFactors(a)[0]!.detail, /^ServiceNow change CHG0048213 "Apply transport rule change for the partner connector": Implement, planned 18 Mar 2026 09:00–14:00 UTC, assigned to Nina Requester/);
    assert.equal(a.ticketFacts?.status, 'found');
  });

  it('not found: 3 points, the missing-ticket flag, held for review', async () => {
    const a = await citing(SN.missing, 'ServiceNow');
    const f = a.factors.find((x) => x.id === 'ticket-not-found');
    assert.equal(f?.points, TICKET_FACT_POINTS.notFound);
    assert.equal(f?.detail, 'ServiceNow has no ticket CHG0099999: the reference cannot be verified.');
    assert.ok(a.flags.includes('missing-ticket'));
    assert.ok(a.riskScore >= TICKET_FACT_POINTS.reviewFloor);
    assert.equal(a.autoApprovable, false);
    assert.notEqual(a.recommendedAction, 'approve');
    const j = await citing(JIRA.missing);
    assert.match(j.factors.find((x) => x.id === 'ticket-not-found')?.detail ?? '', /Jira has no ticket OPS-999 \(or the service account may not see it\)/);
  });

  it('closed or resolved: 2 points and held for review, for a closed change, a resolved incident and a done Jira issue', async () => {
    for (const [number, state] of [
      [SN.closed, 'Closed'],
      [SN.resolvedIncident, 'Resolved'],
      [JIRA.done, 'Done'],
    ] as const) {
      const a = await citing(number);
      const f = a.factors.find((x) => x.id === 'ticket-closed');
      assert.equal(f?.points, TICKET_FACT_POINTS.closed, number);
      assert.match(f?.detail ?? '', new RegExp(`${number} is ${state}: the work it records is finished`));
      assert.ok(a.riskScore >= TICKET_FACT_POINTS.reviewFloor);
      assert.equal(a.autoApprovable, false);
    }
  });

  it('requester not the assignee or caller and not in the assignment group: 2 points', async () => {
    const a = await citing(SN.someoneElse);
    const f = a.factors.find((x) => x.id === 'ticket-requester');
    assert.equal(f?.points, TICKET_FACT_POINTS.notOnTicket);
    assert.equal(f?.detail, 'Nina Requester is not on ServiceNow change CHG0048301 (assigned to Bo Chan, requested by Bo Chan, opened by Ada Approver) and not in its assignment group Collaboration Team.');
    assert.equal(a.ticketFacts?.requesterInGroup, false);
    const j = await citing(JIRA.someoneElse);
    assert.equal(j.factors.find((x) => x.id === 'ticket-requester')?.points, TICKET_FACT_POINTS.notOnTicket);
  });

  it('a colleague assigned, the requester in the assignment group: no requester factor', async () => {
    for (const number of [SN.team, SN.openIncident]) {
      const a = await citing(number);
      assert.equal(a.ticketFacts?.requesterInGroup, true, number);
      assert.equal(a.factors.find((x) => x.id === 'ticket-requester'), undefined, number);
    }
    // Named on the ticket: membership is not even asked.
    const before = systems.serviceNow.calls.length;
    await citing(SN.requestItem);
    assert.ok(systems.serviceNow.calls.slice(before).every((c) => !c.path.endsWith('sys_user_grmember')));
  });

  it('change window not covering the activation: 2 points when wholly outside, 1 when partly', async () => {
    const later = await citing(SN.later);
    const f = later.factors.find((x) => x.id === 'ticket-window');
    assert.equal(f?.points, TICKET_FACT_POINTS.outsideWindow);
    assert.equal(f?.detail, 'The activation (18 Mar 2026 10:18–12:18 UTC) falls outside the planned window of ServiceNow change CHG0048303 (20 Mar 2026 18:00–22:00 UTC).');
    assert.ok(later.riskScore >= TICKET_FACT_POINTS.reviewFloor);
    const partly = await citing(SN.partly);
    const p = partly.factors.find((x) => x.id === 'ticket-window');
    assert.equal(p?.points, TICKET_FACT_POINTS.partlyOutsideWindow);
    assert.match(p?.detail ?? '', /runs past the end of the planned window of ServiceNow change CHG0048304 \(18 Mar 2026 09:00–11:00 UTC\)/);
    // A longer activation inside a Jira change window is fine; one past its end is not.
    assert.equal((await citing(JIRA.good)).factors.find((x) => x.id === 'ticket-window'), undefined);
    const long = await citing(JIRA.good, undefined, (ctx) => (ctx.request.duration = 'PT6H'));
    assert.equal(long.factors.find((x) => x.id === 'ticket-window')?.points, TICKET_FACT_POINTS.partlyOutsideWindow);
  });

  it("ticket text unrelated to the role's services: 2 points", async () => {
    const a = await citing(SN.unrelated);
    const f = a.factors.find((x) => x.id === 'ticket-subject');
    assert.equal(f?.points, TICKET_FACT_POINTS.unrelated);
    assert.match(f?.detail ?? '', /is about Microsoft Teams \("teams"\), which Exchange Administrator does not administer/);
  });

  it('the same service in ticket and justification is left to the role-mismatch signal', async () => {
    const a = await citing(SN.unrelated, undefined, (ctx) => (ctx.request.justification = `Set up the Teams live event for the town hall ${SN.unrelated}`));
    assert.ok(a.factors.some((x) => x.id === 'role-mismatch'));
    assert.equal(a.factors.find((x) => x.id === 'ticket-subject'), undefined);
  });

  it('emergency change: 1 point and a word to confirm who authorised it', async () => {
    for (const number of [SN.emergency, JIRA.emergency]) {
      const a = await citing(number);
      const f = a.factors.find((x) => x.id === 'ticket-emergency');
      assert.equal(f?.points, TICKET_FACT_POINTS.emergency, number);
      assert.match(f?.detail ?? '', /is an emergency change: it was authorised outside the usual change board/);
    }
  });

  it('finds the ticket in the justification when the ticket field is empty', async () => {
    const b = build((ctx) => {
      ctx.request.ticketNumber = undefined;
      ctx.request.ticketSystem = undefined;
      ctx.request.justification = `Transport rule change per ${SN.closed}`;
    });
    const a = await triageWithTicket(b.ctx, b.baseline, NOW, checker);
    assert.equal(a.ticketFacts?.number, SN.closed);
    assert.ok(a.factors.some((x) => x.id === 'ticket-closed'));
  });

  it('without a checker, or a ticket no configured system reads, triage is exactly as before', async () => {
    assert.deepEqual(await triageWithTicket(routine.ctx, routine.baseline, NOW, undefined), plain);
    const jiraOnly = checkerFor([systems.jiraConnector]);
    assert.deepEqual(await triageWithTicket(routine.ctx, routine.baseline, NOW, jiraOnly), plain);
    const none = build((ctx) => {
      ctx.request.ticketNumber = undefined;
      ctx.request.justification = 'Apply transport rule change approved at CAB';
    });
    assert.deepEqual(await triageWithTicket(none.ctx, none.baseline, NOW, checker), triage(none.ctx, none.baseline, NOW));
  });

  it('every ticket signal is silent when the context carries no ticket facts', () => {
    const input = buildSignalInput(routine.ctx, routine.baseline, NOW);
    for (const s of TICKET_FACT_SIGNALS) assert.equal(s(input), null, s.name);
  });
});
