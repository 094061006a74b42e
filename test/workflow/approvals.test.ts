/**
 * The approval path over HTTP, as Teams and PIM would see it: the service polls the sandbox tenant,
 * posts cards to the Bot Connector stand-in, takes card clicks as invokes on /api/messages, and
 * decides in the sandbox as the approver.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecordedCall } from '../../src/standins/bot-connector.js';
import { cardText, learned, ROLES, startHarness, TEAMS_APP_ID, type Harness } from './harness.js';

type Json = Record<string, unknown>;

function cardOf(call: RecordedCall): Json {
  return JSON.parse(cardText(call)) as Json;
}
function approverOf(call: RecordedCall): string {
  return String(((cardOf(call).actions as Json[])[0]!.data as Json).approverId);
}
function valueText(body: { value?: unknown }): string {
  return typeof body.value === 'string' ? body.value : JSON.stringify(body.value);
}

describe('approval workflow over HTTP (sandbox tenant, Bot Connector stand-in)', { timeout: 240_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({
      ROLLOUT_MODES: 'Groups Administrator=observe, Exchange Administrator=auto, Global Administrator=auto',
      AUTOMATION_APPROVER_UPN: 'jlorenz@contoso.example',
      ESCALATION_CHANNEL_ID: '19:pim-escalations@thread.tacv2',
    });
    await learned(h);
  });
  after(async () => h?.close());

  const trail = async (kind: string, requestId: string) =>
    (await h.service.db.query<{ seq: string; output: Json; actor: Json }>('SELECT seq, output, actor FROM audit_trail WHERE kind = $1 AND request_id = $2 ORDER BY seq', [kind, requestId])).rows;
  const status = async (requestId: string) => (await h.service.graph.pim.getRequest(requestId)).status;
  const cardsOf = (requestId: string, count: number) => h.waitFor(() => (h.cardsFor(requestId).length >= count ? h.cardsFor(requestId) : undefined), `${count} cards for ${requestId}`);
  const workflowRow = (requestId: string) =>
    h.waitFor(async () => (await h.service.db.query<{ state: string; mode: string }>('SELECT state, mode FROM workflow_requests WHERE request_id = $1', [requestId])).rows.find((r) => r.state !== 'triaging'), `triage of ${requestId}`);

  let teamsRequest: string;
  let teamsCards: RecordedCall[];

  it('a pending request produces one card per approver within one poll', async () => {
    const r = await h.activate('isayers', ROLES.teamsAdmin, { justification: 'Assign meeting policy to the new Sales team per CHG0048290', ticket: 'CHG0048290', duration: 'PT4H' });
    assert.equal(r.status, 'PendingApproval');
    teamsRequest = r.id;
    // Two polls at once, as two instances would: still one triage and one card per approver.
    await Promise.all([h.poll(), h.poll()]);
    teamsCards = await cardsOf(r.id, 4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(h.cardsFor(r.id).length, 4, 'exactly one card per approver');

    const approvers = new Set(teamsCards.map(approverOf));
    const owners = await Promise.all(['mgraham', 'jlorenz', 'ebraun', 'ecattaneo'].map((p) => h.id(p)));
    assert.deepEqual([...approvers].sort(), [...owners].sort(), 'the Service Owners group, expanded');
    assert.equal(new Set(teamsCards.map((c) => c.conversationId)).size, 4, 'each in its own 1:1 chat');
    const opened = h.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    for (const id of owners) assert.ok(opened.some((c) => JSON.stringify(c.body).includes(id)), `a 1:1 chat was opened with ${id}`);

    const card = cardText(teamsCards[0]!);
    for (const part of ['Irvin Sayers', 'Teams Administrator', 'tier 1', '4 hours', 'CHG0048290', '/10', 'AI recommends', 'What the score is made of', 'Similar past decisions', '"Approve"', '"Deny"', 'Action.Execute', 'Action.Submit']) {
      assert.ok(card.includes(part), `the card shows ${part}`);
    }
    // Recorded before any card: the analysis entry precedes every card.sent.
    const [analysis] = await trail('triage.analysis', r.id);
    const sent = await trail('card.sent', r.id);
    assert.ok(analysis, 'the analysis is in the audit trail');
    assert.equal(sent.length, 4);
    assert.ok(sent.every((s) => Number(s.seq) > Number(analysis.seq)));
    // The app was installed for each approver before their first card.
    const installed = await h.service.graph.pim.app.api(`/users/${owners[0]}/teamwork/installedApps`).get();
    assert.equal((installed as { value: Array<{ teamsApp: { id: string } }> }).value[0]?.teamsApp.id, TEAMS_APP_ID);
  });

  it('approving from one card provisions the request in the sandbox, updates every card and tells the requester', async () => {
    const card = teamsCards[0]!;
    const approverId = approverOf(card);
    const res = await h.invoke({ from: approverId, name: 'Miriam Graham', replyToId: card.activityId!, conversationId: card.conversationId!, verb: 'approve', data: { requestId: teamsRequest, approverId, comment: 'CAB approved' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(valueText(res.body), /Approved by Miriam Graham/);
    assert.equal(await status(teamsRequest), 'Provisioned');

    const step = (await (await h.as('mgraham')).getApproval(teamsRequest)).steps[0]!;
    assert.equal(step.reviewedBy?.id, approverId, 'PIM recorded the approver, acting as themselves');
    assert.equal(step.justification, 'CAB approved');

    const updates = await h.waitFor(() => (h.updatesFor(teamsRequest).length >= 4 ? h.updatesFor(teamsRequest) : undefined), 'every copy rewritten');
    assert.deepEqual(new Set(updates.map((u) => u.activityId)), new Set(teamsCards.map((c) => c.activityId)));
    assert.ok(updates.every((u) => cardText(u).includes('Approved by Miriam Graham') && !cardText(u).includes('"Approve"')));

    const isayers = await h.id('isayers');
    const told = await h.waitFor(
      () => h.connector.calls.find((c) => c.method === 'POST' && c.activity && cardText(c).includes('Approved by Miriam Graham') && !cardText(c).includes(teamsRequest)),
      'the requester notice',
    );
    const chat = h.connector.calls.find((c) => c.path === '/v3/conversations' && JSON.stringify(c.body).includes(isayers));
    assert.ok(chat, 'a 1:1 chat was opened with the requester');
    assert.match(cardText(told), /Teams Administrator/);

    const [decision] = await trail('decision.human', teamsRequest);
    assert.equal(decision?.actor.id, approverId);
    assert.equal(decision?.output.decision, 'approve');
    const { rows } = await h.service.db.query<{ agreed: boolean | null; recommended: string }>('SELECT agreed, recommended FROM workflow_decisions WHERE request_id = $1', [teamsRequest]);
    assert.equal(rows[0]?.recommended, 'approve');
    assert.equal(rows[0]?.agreed, true, 'linked to the analysis: the approver agreed with the AI');
  });

  it('a double click and two approvers at once lead to exactly one PIM decision', async () => {
    const r = await h.activate('hmueller', ROLES.sharePointAdmin, { justification: 'Restore deleted site collection for Finance, INC0012877', ticket: 'INC0012877', duration: 'PT2H' });
    await h.poll();
    const cards = await cardsOf(r.id, 4);
    const [a, b] = cards;
    const click = (card: RecordedCall, verb: string) =>
      h.invoke({ from: approverOf(card), name: approverOf(card), replyToId: card.activityId!, conversationId: card.conversationId!, verb, data: { requestId: r.id, approverId: approverOf(card), comment: 'reviewed' } });
    const answers = await Promise.all([click(a!, 'approve'), click(a!, 'approve'), click(b!, 'deny')]);
    assert.ok(answers.every((x) => x.status === 200));

    assert.equal((await trail('decision.human', r.id)).length, 1, 'one decision sent to PIM');
    const { rows } = await h.service.db.query('SELECT * FROM workflow_decisions WHERE request_id = $1', [r.id]);
    assert.equal(rows.length, 1);
    const decided = h.sandbox.state.collections.audits;
    const events = [...decided.scan()].map((p) => decided.get(p)).filter((e) => /request (approved|denied)/.test(String(e.activityDisplayName)) && JSON.stringify(e.additionalDetails).includes(r.id));
    assert.equal(events.length, 1, 'PIM saw one decision');
    assert.ok(['Provisioned', 'Denied'].includes(await status(r.id)));
    assert.ok((await trail('refusal', r.id)).some((e) => e.output.reason === 'already-decided'), 'the losing clicks are logged');
  });

  let otherCards: RecordedCall[];
  let otherRequest: string;

  it('a card action whose data names another request or approver is refused and logged', async () => {
    const r = await h.activate('dsiciliani', ROLES.sharePointAdmin, { justification: 'Change external sharing for the Partners site per CHG0048400', ticket: 'CHG0048400', duration: 'PT2H' });
    otherRequest = r.id;
    await h.poll();
    otherCards = await cardsOf(r.id, 4);
    const [a, b] = otherCards;
    const approverA = approverOf(a!);
    const approverB = approverOf(b!);

    const wrongRequest = await h.invoke({ from: approverA, replyToId: a!.activityId!, conversationId: a!.conversationId!, verb: 'approve', data: { requestId: teamsRequest, approverId: approverA, comment: 'x' } });
    assert.equal(wrongRequest.body.type, 'application/vnd.microsoft.activity.message');
    assert.match(valueText(wrongRequest.body), /does not match/);

    const wrongApprover = await h.invoke({ from: approverB, replyToId: a!.activityId!, conversationId: a!.conversationId!, verb: 'approve', data: { requestId: r.id, approverId: approverA, comment: 'x' } });
    assert.match(valueText(wrongApprover.body), /another approver/);

    const namesOther = await h.invoke({ from: approverA, replyToId: a!.activityId!, conversationId: a!.conversationId!, verb: 'deny', data: { requestId: r.id, approverId: approverB, comment: 'x' } });
    assert.match(valueText(namesOther.body), /another approver/);

    // A forged id of any size or bytes is refused and logged, kept short and printable.
    const hostile = await h.invoke({ from: approverA, replyToId: a!.activityId!, conversationId: a!.conversationId!, verb: 'approve', data: { requestId: `\u0000${'x'.repeat(900_000)}`, approverId: approverA } });
    assert.match(valueText(hostile.body), /does not match/);

    const refusals = await h.service.db.query<{ output: Json; actor: Json }>(`SELECT output, actor FROM audit_trail WHERE kind = 'refusal' AND output->>'reason' = 'forged-action' ORDER BY seq`);
    assert.ok(refusals.rows.length >= 4, 'each attempt is in the audit trail');
    const last = String(refusals.rows.at(-1)!.output.detail);
    assert.ok(last.length < 400 && !last.includes('\u0000'), `kept short and printable (${last.length} characters)`);
    assert.ok(refusals.rows.some((e) => e.actor.id === approverB), 'with the verified actor');
    assert.equal(await status(r.id), 'PendingApproval', 'nothing was decided');
    assert.equal((await trail('decision.human', r.id)).length, 0);
  });

  it("the requester's own approve is refused", async () => {
    const requester = await h.id('dsiciliani');
    const a = otherCards[0]!;
    const res = await h.invoke({ from: requester, replyToId: a.activityId!, conversationId: a.conversationId!, verb: 'approve', data: { requestId: otherRequest, approverId: approverOf(a), comment: 'self' } });
    assert.match(valueText(res.body), /your own request/);
    assert.ok((await trail('refusal', otherRequest)).some((e) => e.output.reason === 'self-approval' && e.actor.id === requester));
    assert.equal(await status(otherRequest), 'PendingApproval');
  });

  it('a comment is required when the policy wants an approver reason', async () => {
    const a = otherCards[1]!;
    const res = await h.invoke({ from: approverOf(a), replyToId: a.activityId!, conversationId: a.conversationId!, verb: 'approve', data: { requestId: otherRequest, approverId: approverOf(a) } });
    assert.match(valueText(res.body), /needs a reason/);
    assert.equal(await status(otherRequest), 'PendingApproval');
  });

  it('an observe-mode role sends no card', async () => {
    const r = await h.activate('rrazo', ROLES.groupsAdmin, { justification: 'Fix dynamic membership rule of All-Staff group, INC0012901', ticket: 'INC0012901', duration: 'PT1H' });
    await h.poll();
    const row = await workflowRow(r.id);
    assert.equal(row.mode, 'observe');
    assert.equal((await trail('triage.analysis', r.id)).length, 1, 'the analysis is recorded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(h.cardsFor(r.id).length, 0);
    assert.equal((await trail('card.sent', r.id)).length, 0);
  });

  it('an auto-mode low-risk request is approved with the rationale, and a tier-0 request in auto mode is not', async () => {
    const low = await h.activate('nwilke', ROLES.exchangeAdmin, { justification: 'Apply transport rule change CHG0048213 approved at Tuesday CAB', ticket: 'CHG0048213', duration: 'PT2H' });
    const tier0 = await h.activate('mbowen', ROLES.globalAdmin, { justification: 'Configure new verified domain for the Northwind acquisition, CAB approved CHG0048340', ticket: 'CHG0048340', duration: 'PT1H' });
    await h.poll();

    await h.waitFor(async () => ((await status(low.id)) === 'Provisioned' ? true : undefined), 'the automatic approval');
    const [analysis] = await trail('triage.analysis', low.id);
    assert.equal(analysis?.output.autoApprovable, true);
    const step = (await (await h.as('jlorenz')).getApproval(low.id)).steps[0]!;
    assert.equal(step.reviewedBy?.id, await h.id('jlorenz'), 'approved by the automation approver');
    assert.ok(step.justification?.includes(String(analysis?.output.rationale)), 'with the rationale as the justification');
    const [auto] = await trail('decision.auto', low.id);
    assert.equal(auto?.actor.type, 'automation');
    assert.equal(h.cardsFor(low.id).length, 0, 'nobody had to decide');
    await h.waitFor(() => h.connector.calls.find((c) => c.method === 'POST' && cardText(c).includes('Approved automatically')), 'the requester notice');

    const row = await workflowRow(tier0.id);
    assert.equal(row.mode, 'assist', 'tier 0 never runs in auto mode');
    const cards = await cardsOf(tier0.id, 2);
    const identity = await Promise.all(['ilanger', 'awilber'].map((p) => h.id(p)));
    assert.deepEqual(cards.map(approverOf).sort(), identity.sort(), 'its approvers get cards, never the requester');
    assert.equal(await status(tier0.id), 'PendingApproval');
    assert.equal((await trail('decision.auto', tier0.id)).length, 0);
    assert.ok((await trail('refusal', tier0.id)).some((e) => e.output.reason === 'tier-0'), 'and the trail says why');
  });

  it('a request cancelled in the sandbox updates its cards', async () => {
    const r = await h.activate('jsherman', ROLES.teamsAdmin, { justification: 'Teams voice routing change CHG0048411', ticket: 'CHG0048411', duration: 'PT2H' });
    await h.poll();
    const cards = await cardsOf(r.id, 4);
    await (await h.as('jsherman')).cancelRequest(r.id);
    await h.watch();
    const updates = await h.waitFor(() => (h.updatesFor(r.id).length >= 4 ? h.updatesFor(r.id) : undefined), 'cards rewritten');
    assert.deepEqual(new Set(updates.map((u) => u.activityId)), new Set(cards.map((c) => c.activityId)));
    assert.ok(updates.every((u) => cardText(u).includes('Cancelled by the requester') && !cardText(u).includes('"Approve"')));
    // A click on a stale copy now only shows how it ended.
    const a = cards[0]!;
    const res = await h.invoke({ from: approverOf(a), replyToId: a.activityId!, conversationId: a.conversationId!, verb: 'approve', data: { requestId: r.id, approverId: approverOf(a), comment: 'late' } });
    assert.match(valueText(res.body), /Cancelled by the requester/);
  });

  it('a request decided in the portal updates its cards and names who decided', async () => {
    const r = await h.activate('pfernandez', ROLES.teamsAdmin, { justification: 'Teams meeting policy cleanup CHG0048420', ticket: 'CHG0048420', duration: 'PT2H' });
    await h.poll();
    await cardsOf(r.id, 4);
    await (await h.as('ebraun')).decide(r.id, { reviewResult: 'Deny', justification: 'use the change window' });
    await h.watch();
    const updates = await h.waitFor(() => (h.updatesFor(r.id).length >= 4 ? h.updatesFor(r.id) : undefined), 'cards rewritten');
    assert.ok(updates.every((u) => /Denied elsewhere by Emily Braun/.test(cardText(u))));
    const portal = await trail('decision.human', r.id);
    assert.equal(portal[0]?.output.via, 'portal');
  });

  it('the events route takes a request id with the shared secret only', async () => {
    assert.equal((await h.event({ requestId: teamsRequest }, 'wrong-secret-wrong-secret')).status, 401);
    assert.equal((await h.event({ requestId: teamsRequest }, '')).status, 401);
    assert.equal((await h.event({ requestId: '../etc' })).status, 400);
    const r = await h.activate('pgupta', ROLES.teamsAdmin, { justification: 'Teams app permission policy update CHG0048433', ticket: 'CHG0048433', duration: 'PT2H' });
    const res = await h.event({ requestId: r.id });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body.queued, [r.id]);
    assert.deepEqual((await h.event({ requestId: r.id })).body.alreadyKnown, [r.id], 'one triage per request id');
    await cardsOf(r.id, 4);
    const { rows } = await h.service.db.query<{ source: string }>('SELECT source FROM workflow_requests WHERE request_id = $1', [r.id]);
    assert.equal(rows[0]?.source, 'webhook');
  });

  it('escalates after the silence setting and closes the cards when the approval window is over', async () => {
    const r = await h.activate('thughes', ROLES.intuneAdmin, { justification: 'Push compliance policy fix for iOS 18 devices CHG0048450', ticket: 'CHG0048450', duration: 'PT2H' });
    await h.poll();
    const cards = await cardsOf(r.id, 4);
    h.sandbox.clock.advance(121 * 60_000);
    await h.watch();
    const channel = await h.waitFor(
      () => h.connector.calls.find((c) => c.path === '/v3/conversations' && JSON.stringify(c.body).includes('pim-escalations') && JSON.stringify(c.body).includes(r.id)),
      'the escalation post',
    );
    assert.match(JSON.stringify(channel.body), /Escalated: no approver decided within 120 minutes/);

    h.sandbox.clock.advance(23 * 60 * 60_000);
    await h.watch();
    const updates = await h.waitFor(() => (h.updatesFor(r.id).length >= 5 ? h.updatesFor(r.id) : undefined), 'every copy closed', 30_000);
    assert.ok(cards.every((c) => updates.some((u) => u.activityId === c.activityId && cardText(u).includes('approval window is over'))));
  });
});
