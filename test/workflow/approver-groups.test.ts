/**
 * An approver group Graph will not list (503 on its members, after the batch's own retries) must not
 * route the request to nobody: the triage fails, nothing is cached, and the next poll sends the cards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { learned, ROLES, startHarness, type Harness } from './harness.js';

describe('approver groups Graph would not list (sandbox tenant, Bot Connector stand-in)', { timeout: 120_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ GRAPH_MAX_RETRIES: '1' });
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
});
