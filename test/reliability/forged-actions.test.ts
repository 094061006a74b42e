/**
 * Forged card actions over HTTP, the cases test/workflow/approvals.test.ts leaves out (it covers
 * another request id, another approver in the data, the requester and a double click): an action
 * from another tenant, from someone who is no approver, with missing or garbage data, and replayed
 * after the decision. None is accepted; each gets a clear answer and a refusal in the audit trail,
 * and PIM sees at most the one real decision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecordedCall } from '../../src/standins/bot-connector.js';
import { recordFigure } from '../support/figures.js';
import { cardText, learned, ROLES, startHarness, type Harness, type InvokeBody } from '../workflow/harness.js';

type Json = Record<string, unknown>;

const OTHER_TENANT = '0b7f5e3c-9d1a-4e6b-8c2f-5a4d3e2b1c0f';

function approverOf(call: RecordedCall): string {
  const card = JSON.parse(cardText(call)) as Json;
  return String(((card.actions as Json[])[0]!.data as Json).approverId);
}

function answerText(body: InvokeBody): string {
  return typeof body.value === 'string' ? body.value : JSON.stringify(body.value ?? body);
}

describe('forged card actions (sandbox tenant, over HTTP)', { timeout: 240_000 }, () => {
  let h: Harness;
  let requestId: string;
  let cards: RecordedCall[];
  let refused = 0;

  before(async () => {
    h = await startHarness();
    await learned(h);
    const r = await h.activate('dsiciliani', ROLES.sharePointAdmin, { justification: 'Change external sharing for the Partners site per CHG0048400', ticket: 'CHG0048400', duration: 'PT2H' });
    requestId = r.id;
    await h.poll();
    cards = await h.waitFor(() => (h.cardsFor(r.id).length >= 4 ? h.cardsFor(r.id) : undefined), 'the approval cards');
  });
  after(async () => {
    recordFigure({ suite: 'hostile', name: 'forged card actions refused', value: refused });
    await h?.close();
  });

  /** An Action.Execute invoke as Teams sends it; `change` edits it into the forgery under test. */
  async function click(card: RecordedCall, from: string, verb: string, data: unknown, change: (activity: Json) => void = () => {}) {
    const activity: Json = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `invoke-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${from}`, name: from, aadObjectId: from },
      recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
      conversation: { id: card.conversationId, conversationType: 'personal', tenantId: h.sandbox.tenantId },
      channelData: { tenant: { id: h.sandbox.tenantId } },
      replyToId: card.activityId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
    change(activity);
    const res = await fetch(`${h.service.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as InvokeBody };
  }

  const refusals = async (reason: string) =>
    (await h.service.db.query<{ actor: Json; request_id: string | null }>(`SELECT actor, request_id FROM audit_trail WHERE kind = 'refusal' AND output->>'reason' = $1 ORDER BY seq`, [reason])).rows;
  const decisions = async () => (await h.service.db.query(`SELECT 1 FROM audit_trail WHERE kind = 'decision.human' AND request_id = $1`, [requestId])).rows.length;
  const status = async () => (await h.service.graph.pim.getRequest(requestId)).status;
  /** Decisions PIM itself recorded for the request. */
  const pimDecisions = () => {
    const audits = h.sandbox.state.collections.audits;
    return [...audits.scan()].map((p) => audits.get(p)).filter((e) => /request (approved|denied)/.test(String(e.activityDisplayName)) && JSON.stringify(e.additionalDetails).includes(requestId)).length;
  };

  /** Sends one forgery and checks it was refused with `message`, logged as `reason`, and changed nothing. */
  async function assertRefused(label: string, reason: string, message: RegExp, send: () => Promise<{ status: number; body: InvokeBody }>) {
    const before = (await refusals(reason)).length;
    const res = await send();
    assert.ok(res.status >= 200 && res.status < 300, `${label}: status ${res.status}`);
    assert.equal(res.body.type, 'application/vnd.microsoft.activity.message', `${label}: answered with a sentence, not a card`);
    assert.match(answerText(res.body), message, label);
    assert.equal((await refusals(reason)).length, before + 1, `${label}: one ${reason} refusal in the trail`);
    assert.equal(await status(), 'PendingApproval', `${label}: nothing decided`);
    assert.equal(await decisions(), 0, label);
    refused += 1;
  }

  it('an action from another tenant is refused, even on the right card by its own approver', async () => {
    const card = cards[0]!;
    const approver = approverOf(card);
    const data = { requestId, approverId: approver, comment: 'reviewed' };
    const forgeries: Array<[string, (a: Json) => void]> = [
      ['both tenant fields', (a) => Object.assign(a, { conversation: { ...(a.conversation as Json), tenantId: OTHER_TENANT }, channelData: { tenant: { id: OTHER_TENANT } } })],
      ['channelData.tenant.id only', (a) => Object.assign(a, { channelData: { tenant: { id: OTHER_TENANT } } })],
      ['conversation.tenantId only', (a) => Object.assign(a, { conversation: { ...(a.conversation as Json), tenantId: OTHER_TENANT } })],
      ['no tenant at all', (a) => Object.assign(a, { conversation: { ...(a.conversation as Json), tenantId: undefined }, channelData: undefined })],
    ];
    for (const [label, change] of forgeries) {
      await assertRefused(label, 'wrong-tenant', /outside the organisation/, () => click(card, approver, 'approve', data, change));
    }
    const logged = await refusals('wrong-tenant');
    assert.ok(logged.every((e) => e.actor.id === approver && e.request_id === requestId), 'logged against the request, with the actor Teams named');
  });

  it('someone who is not an approver is refused, whatever the data names', async () => {
    const outsider = await h.id('zfoster');
    const card = cards[1]!;
    const approvers = cards.map(approverOf);
    assert.ok(!approvers.includes(outsider) && outsider !== (await h.id('dsiciliani')), 'zfoster is neither an approver nor the requester');
    await assertRefused('naming themselves', 'forged-action', /another approver/, () => click(card, outsider, 'approve', { requestId, approverId: outsider, comment: 'x' }));
    await assertRefused("replaying the approver's own data", 'forged-action', /another approver/, () => click(card, outsider, 'deny', { requestId, approverId: approverOf(card), comment: 'x' }));
    assert.ok((await refusals('forged-action')).filter((e) => e.actor.id === outsider).length === 2, 'with the outsider as the actor');
  });

  it('missing and garbage data is refused and changes nothing', async () => {
    const card = cards[2]!;
    const approver = approverOf(card);
    const garbage: Array<[string, unknown]> = [
      ['empty data', {}],
      ['no data', undefined],
      ['data as a string', 'approve'],
      ['data as an array', [requestId, approver]],
      ['a number for the request id', { requestId: 12345, approverId: approver }],
      ['an object for the request id', { requestId: { $ne: '' }, approverId: approver }],
      ['the request id with trailing text', { requestId: `${requestId} OR 1=1`, approverId: approver }],
      ['a huge comment and no request id', { approverId: approver, comment: 'x'.repeat(200_000) }],
    ];
    for (const [label, data] of garbage) await assertRefused(label, 'forged-action', /does not match/, () => click(card, approver, 'approve', data));
    const good = { requestId, approverId: approver, comment: 'x' };
    await assertRefused('null approver id', 'forged-action', /another approver/, () => click(card, approver, 'approve', { ...good, approverId: null }));
    await assertRefused('no replyToId', 'forged-action', /not an approval card/, () => click(card, approver, 'approve', good, (a) => delete a.replyToId));
    await assertRefused('a replyToId of no card', 'forged-action', /not an approval card/, () => click(card, approver, 'approve', good, (a) => (a.replyToId = 'activity-that-never-was')));
    await assertRefused('no Entra user id', 'unknown-actor', /could not tell who you are/, () => click(card, approver, 'approve', good, (a) => delete (a.from as Json).aadObjectId));
  });

  it('a replay after the decision changes nothing, and PIM saw exactly one decision', async () => {
    const [a, b] = cards;
    const approverA = approverOf(a!);
    const data = { requestId, approverId: approverA, comment: 'CAB approved' };
    const first = await click(a!, approverA, 'approve', data);
    assert.equal(first.status, 200);
    assert.equal(first.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(await status(), 'Provisioned');

    const before = (await refusals('already-decided')).length;
    const replays = [
      () => click(a!, approverA, 'approve', data),
      () => click(a!, approverA, 'approve', data),
      () => click(a!, approverA, 'deny', { ...data, comment: 'changed my mind' }),
      () => click(b!, approverOf(b!), 'deny', { requestId, approverId: approverOf(b!), comment: 'too late' }),
    ];
    for (const replay of replays) {
      const res = await replay();
      assert.equal(res.status, 200);
      // The answer is the card as it now stands: decided, without buttons.
      assert.match(answerText(res.body), /Approved by/);
      assert.ok(!answerText(res.body).includes('"Approve"'), 'no buttons left to click');
      refused += 1;
    }
    assert.equal((await refusals('already-decided')).length, before + replays.length, 'each replay is logged');
    assert.equal(await status(), 'Provisioned');
    assert.equal(await decisions(), 1, 'one decision sent to PIM');
    assert.equal(pimDecisions(), 1, 'PIM recorded one decision');
    const { rows } = await h.service.db.query('SELECT 1 FROM workflow_decisions WHERE request_id = $1', [requestId]);
    assert.equal(rows.length, 1);
  });
});
