/**
 * Parts of a request's context Graph will not give (503 after the batch's own retries). An approver
 * group it will not list must not route the request to nobody: the triage fails, nothing is cached,
 * and the next poll sends the cards. Sign-ins or risk state it will not give must not pass for a
 * clean record: no automatic approval, and the card says what was not checked. And the Bot
 * Connector refusing card updates for a while must not leave other approvers with live buttons.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cardText, learned, ROLES, startHarness, type Harness } from './harness.js';

describe('partial outages: context Graph would not give, card updates Teams refused (sandbox tenant, Bot Connector stand-in)', { timeout: 180_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ GRAPH_MAX_RETRIES: '1', ROLLOUT_MODES: 'Exchange Administrator=auto', AUTOMATION_APPROVER_UPN: 'jlorenz@contoso.example' });
    await learned(h);
  });
  after(async () => h?.close());

  const row = async (requestId: string) =>
    (await h.service.db.query<{ state: string; approvers: string[] | null }>('SELECT state, approvers FROM workflow_requests WHERE request_id = $1', [requestId])).rows[0];

  it('fails the triage instead of sending no card, and the next poll reaches every approver', async () => {
    const r = await h.activate('isayers', ROLES.teamsAdmin, { justification: 'Assign meeting policy to the new Sales team per CHG0048290', ticket: 'CHG0048290', duration: 'PT4H' });
    h.sandbox.faults.add({ route: /\/groups\/[^/?]+\/members/, unavailableRate: 1, retryAfterSeconds: 0 });
    await h.poll();
    await h.waitFor(async () => ((await row(r.id))?.state === 'failed' ? true : undefined), `the triage of ${r.id} to fail`);
    assert.equal(h.cardsFor(r.id).length, 0, 'no card while the approvers are unknown');
    const analyses = await h.service.db.query(`SELECT 1 FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = $1`, [r.id]);
    assert.equal(analyses.rows.length, 0, 'no analysis recorded with an empty approver list');

    h.sandbox.faults.clear();
    await h.poll();
    const cards = await h.waitFor(() => (h.cardsFor(r.id).length >= 4 ? h.cardsFor(r.id) : undefined), `4 cards for ${r.id}`, 30_000);
    assert.equal(cards.length, 4, 'one card for each member of the Service Owners group');
    assert.equal((await row(r.id))?.approvers?.length, 4);
  });

  it('sends cards instead of approving automatically when sign-ins and risk state could not be read, and says so on the card', async () => {
    // The same request auto mode approves when Graph answers (approvals.test.ts).
    const r = await h.activate('nwilke', ROLES.exchangeAdmin, { justification: 'Apply transport rule change CHG0048213 approved at Tuesday CAB', ticket: 'CHG0048213', duration: 'PT2H' });
    h.sandbox.faults.add({ route: /\/(auditLogs\/signIns|identityProtection\/riskyUsers)\?/, unavailableRate: 1, retryAfterSeconds: 0 });
    try {
      await h.poll();
      const cards = await h.waitFor(() => (h.cardsFor(r.id).length > 0 ? h.cardsFor(r.id) : undefined), `cards for ${r.id}`, 30_000);
      const card = cardText(cards[0]!);
      assert.match(card, /Not checked \(Microsoft Graph did not give them, or not in time\): the requester's recent sign-ins; Identity Protection's risk state/);
      assert.ok(card.includes('AI recommends: review carefully'), 'not recommended for approval on missing facts');
    } finally {
      h.sandbox.faults.clear();
    }
    const { rows } = await h.service.db.query<{ output: { autoApprovable: boolean; autoApproveBlockers: string[]; recommendedAction: string } }>(
      `SELECT output FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = $1`,
      [r.id],
    );
    assert.equal(rows[0]?.output.autoApprovable, false);
    assert.ok(rows[0]?.output.autoApproveBlockers.some((b) => b.startsWith('unchecked:')), 'the trail says why auto mode did not approve');
    assert.equal(rows[0]?.output.recommendedAction, 'review');
    assert.equal((await h.service.db.query(`SELECT 1 FROM audit_trail WHERE kind = 'decision.auto' AND request_id = $1`, [r.id])).rows.length, 0);
  });

  it('rewrites every other approver’s card once the Bot Connector takes updates again', async () => {
    const r = await h.activate('pfernandez', ROLES.teamsAdmin, { justification: 'Teams meeting policy cleanup CHG0048420', ticket: 'CHG0048420', duration: 'PT2H' });
    await h.poll();
    const cards = await h.waitFor(() => (h.cardsFor(r.id).length >= 4 ? h.cardsFor(r.id) : undefined), `4 cards for ${r.id}`, 30_000);
    const first = cards[0]!;
    const approverId = String(((JSON.parse(cardText(first)) as { actions: Array<{ data: { approverId: string } }> }).actions[0]!.data.approverId));
    // Teams takes no card update for 12 s, past the connector client's own retries: the clicked copy's answer still comes back in the invoke.
    h.connector.refuseUpdatesUntil = Date.now() + 12_000;
    const res = await h.invoke({ from: approverId, replyToId: first.activityId!, conversationId: first.conversationId!, verb: 'approve', data: { requestId: r.id, approverId, comment: 'ok' } });
    assert.equal(res.status, 200);
    // Copies are rewritten in parallel: wait for every other one, not for any three updates.
    const others = cards.slice(1).map((c) => c.activityId);
    const updated = await h.waitFor(() => {
      const seen = new Set(h.updatesFor(r.id).map((u) => u.activityId));
      return others.every((id) => seen.has(id)) ? h.updatesFor(r.id) : undefined;
    }, 'the other copies rewritten after the outage', 100_000);
    assert.ok(updated.every((u) => /Approved by/.test(cardText(u))), 'each shows the outcome');
    const rewritten = new Set(updated.map((u) => u.activityId));
    assert.ok(cards.slice(1).every((c) => rewritten.has(c.activityId)), 'every other copy');
  });

  it('settles an approval whose answer was lost on the way back from what PIM recorded, sending it once', async () => {
    const r = await h.activate('jsherman', ROLES.teamsAdmin, { justification: 'Teams channel policy fix for Support CHG0048433', ticket: 'CHG0048433', duration: 'PT2H' });
    await h.poll();
    const cards = await h.waitFor(() => (h.cardsFor(r.id).length >= 4 ? h.cardsFor(r.id) : undefined), `4 cards for ${r.id}`, 30_000);
    const first = cards[0]!;
    const approverId = String((JSON.parse(cardText(first)) as { actions: Array<{ data: { approverId: string } }> }).actions[0]!.data.approverId);
    // PIM takes the approval; its answer never comes back (the connection is cut after it was carried out).
    h.sandbox.faults.add({ method: 'PATCH', route: /roleAssignmentApprovals\/[^/]+\/steps\//, loseAnswerRate: 1, count: 1 });
    try {
      const res = await h.invoke({ from: approverId, name: 'Approver', replyToId: first.activityId!, conversationId: first.conversationId!, verb: 'approve', data: { requestId: r.id, approverId, comment: 'checked the change' } });
      assert.equal(res.status, 200);
      assert.equal(h.sandbox.faults.list().length, 0, 'the PATCH met the fault');
    } finally {
      h.sandbox.faults.clear();
    }
    const decided = await h.waitFor(async () => {
      const { rows } = await h.service.db.query<{ state: string; verdict: string; actor_id: string }>('SELECT state, verdict, actor_id FROM workflow_decisions WHERE request_id = $1', [r.id]);
      return rows[0]?.state === 'done' ? rows[0] : undefined;
    }, `the decision on ${r.id} settled`, 30_000);
    assert.deepEqual({ verdict: decided.verdict, actor: decided.actor_id }, { verdict: 'approve', actor: approverId });
    const audits = h.sandbox.state.collections.audits;
    const events = [...audits.scan()].map((p) => audits.get(p)).filter((e) => /request (approved|denied)/.test(String(e.activityDisplayName)) && JSON.stringify(e.additionalDetails).includes(r.id));
    assert.equal(events.length, 1, 'PIM saw one decision');
    const { rows } = await h.service.db.query<{ actor: { id: string }; output: { decision: string } }>(`SELECT actor, output FROM audit_trail WHERE kind = 'decision.human' AND request_id = $1`, [r.id]);
    assert.ok(rows.some((e) => e.actor.id === approverId && e.output.decision === 'approve'), 'the trail names the approver and the verdict');
    const others = cards.slice(1).map((c) => c.activityId);
    await h.waitFor(() => {
      const seen = new Set(h.updatesFor(r.id).filter((u) => /Approved by/.test(cardText(u))).map((u) => u.activityId));
      return others.every((id) => seen.has(id)) ? true : undefined;
    }, 'the other copies show the approval', 60_000);
  });
});
