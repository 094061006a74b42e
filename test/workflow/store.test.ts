import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { WorkflowStore } from '../../src/workflow/index.js';
import { eachBackend } from '../support/backends.js';
import { LOW } from '../cards/samples.js';

await eachBackend('workflow claims', (backend) => {
  const store = () => new WorkflowStore(backend().db);

  it('claims a request for triage once, however many claim it at the same time', async () => {
    const id = randomUUID();
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store().claimForTriage(id, 'poll', `trace-${i}`, 60_000)));
    assert.equal(claims.filter(Boolean).length, 1);
    assert.deepEqual([...(await store().settled([id, 'unknown']))], [id], 'a live claim is settled for the poll');
  });

  it('lets a failed or abandoned triage be claimed again, keeping its trace id', async () => {
    const id = randomUUID();
    const first = await store().claimForTriage(id, 'poll', 'trace-a', 60_000);
    await store().failed(id);
    const again = await store().claimForTriage(id, 'webhook', 'trace-b', 60_000);
    assert.equal(again?.traceId, first?.traceId);
    assert.equal(again?.attempts, 2);
    const expired = randomUUID();
    await store().claimForTriage(expired, 'poll', 't', -1_000);
    assert.ok(await store().claimForTriage(expired, 'poll', 't', 60_000), 'a lease that ran out is taken over');
  });

  it('lets a triage that outlived its lease act only while its claim holds', async () => {
    const id = randomUUID();
    const triaged = { principalId: 'p', roleDefinitionId: 'r', approvalId: id, mode: 'assist' as const, view: LOW, approvers: ['a'], escalationApprovers: [] };
    const slow = await store().claimForTriage(id, 'poll', 't', -1_000);
    const takeover = await store().claimForTriage(id, 'poll', 't', 60_000);
    assert.ok(slow && takeover, 'the lapsed lease was taken over');
    assert.equal(await store().holdsClaim(id, slow.attempts), false);
    assert.equal(await store().opened(id, triaged, slow.attempts), false, 'the slow triage does not open the request');
    await store().failed(id, slow.attempts);
    assert.equal((await store().request(id))?.state, 'triaging', 'nor fail the triage under way');
    assert.equal(await store().holdsClaim(id, takeover.attempts), true);
    assert.equal(await store().opened(id, triaged, takeover.attempts), true);
    assert.equal((await store().request(id))?.state, 'open');
  });

  it('sends each card once and records where it went', async () => {
    const id = randomUUID();
    await store().claimForTriage(id, 'poll', 't', 60_000);
    const claims = await Promise.all([1, 2, 3].map(() => store().claimCard(id, 'approver-1', 'approval')));
    assert.equal(claims.filter(Boolean).length, 1);
    await store().cardSent({ requestId: id, recipientId: 'approver-1', kind: 'approval', reference: { conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' } }, activityId: 'act-1', shows: 'pending' });
    assert.equal((await store().cardByActivity('act-1'))?.recipientId, 'approver-1');
    // A step after the post failing (its trail entry) must not get the card posted a second time.
    await store().cardFailed(id, 'approver-1', 'approval', 'audit trail unavailable');
    assert.equal(await store().claimCard(id, 'approver-1', 'approval'), false, 'a sent card stays sent');
    assert.equal((await store().cardByActivity('act-1'))?.recipientId, 'approver-1');
    await store().cardFailed(id, 'approver-2', 'approval', 'x');
    assert.ok(await store().claimCard(id, 'approver-3', 'approval'));
    await store().cardFailed(id, 'approver-3', 'approval', 'connector down');
    assert.ok(await store().claimCard(id, 'approver-3', 'approval'), 'a failed send may be tried again');

    // An instance died between claiming a card and sending it: the claim lapses and the card goes out.
    assert.ok(await store().claimCard(id, 'approver-4', 'approval'));
    assert.equal(await store().claimCard(id, 'approver-4', 'approval'), false, 'a fresh claim holds');
    await backend().db.query(`UPDATE card_messages SET updated_at = now() - interval '3 minutes' WHERE request_id = $1 AND recipient_id = 'approver-4'`, [id]);
    assert.ok(await store().claimCard(id, 'approver-4', 'approval'), 'a claim left sending past its lease is taken over');

    // Two copies posted in the same millisecond to different chats share a Teams message id: the chat tells them apart.
    const ref = (conversation: string) => ({ conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' } });
    await store().cardSent({ requestId: id, recipientId: 'approver-4', kind: 'approval', reference: ref('a:4'), activityId: '1700000000000', shows: 'pending' });
    await store().cardSent({ requestId: id, recipientId: 'approver-3', kind: 'approval', reference: ref('a:3'), activityId: '1700000000000', shows: 'pending' });
    assert.equal((await store().cardByActivity('1700000000000', 'a:3'))?.recipientId, 'approver-3');
    assert.equal((await store().cardByActivity('1700000000000', 'a:4'))?.recipientId, 'approver-4');
    assert.equal(await store().cardByActivity('1700000000000', 'a:elsewhere'), undefined, 'neither, from another chat');
  });

  it('keeps one decision per request and closes a request once', async () => {
    const id = randomUUID();
    const claim = await store().claimForTriage(id, 'poll', 't', 60_000);
    assert.ok(await store().opened(id, { principalId: 'p', roleDefinitionId: 'r', approvalId: id, mode: 'assist', view: LOW, approvers: ['a', 'b'], escalationApprovers: [] }, claim!.attempts));
    const decide = (actorId: string) => store().claimDecision({ requestId: id, actorId, via: 'teams', verdict: 'approve' });
    const claims = await Promise.all([decide('a'), decide('a'), decide('b')]);
    assert.equal(claims.filter(Boolean).length, 1);
    const winner = claims.find(Boolean)!;
    await store().release(id, winner.actorId === 'a' ? 'b' : 'a');
    assert.ok(await store().decision(id), 'only the owner can release');
    await store().release(id, winner.actorId);
    assert.ok(await decide('b'), 'released: another approver may decide');
    const at = new Date();
    const closes = await Promise.all([1, 2].map(() => store().close(id, { state: 'approved', at: at.toISOString() }, at)));
    assert.deepEqual(closes.sort(), [false, true]);
    assert.equal((await store().request(id))?.state, 'closed');
  });
});
