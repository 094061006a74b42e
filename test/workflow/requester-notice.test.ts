/**
 * A requester who asked through the bot is told once: their status card in that chat takes the
 * outcome and a line in the same chat says it, rather than a second card in another message.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { demoTenantPath } from '../../src/sandbox/index.js';
import { Chat, startHarness, type Harness } from '../conversation/support/harness.js';

const users = (JSON.parse(readFileSync(demoTenantPath(), 'utf8')) as { users: Array<{ id: string; userPrincipalName: string }> }).users;
const upnOf = (id: string) => users.find((u) => u.id === id)!.userPrincipalName;

describe('the requester is told once', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('approval from a card: the status card is rewritten and one line in the same chat says so', async () => {
    const chat = new Chat(h, 'jmurphy@contoso-demo.example');
    const form = (await chat.say('request form'))[0]!;
    const choices = (form.cards[0]!.body as Array<{ id?: string; choices?: Array<{ title: string; value: string }> }>).find((b) => b.id === 'roleId')!.choices!;
    const roleId = choices.find((c) => c.title.startsWith('Helpdesk Administrator'))!.value;
    const answer = await chat.execute('submitActivation', { roleId, duration: 'PT1H', justification: 'Reset the MFA registration of k.lee after her phone was replaced (INC0049911)' }, form.activity.id!);
    const requestId = /"Request id","value":"([^"]+)"/.exec(JSON.stringify(answer.value))?.[1];
    assert.ok(requestId, 'the status card names the request');

    // The bot sent its own request to triage: the approvers' cards follow without a poll.
    const approvalCard = await h.connector.waitFor((c) => c.method === 'POST' && !!c.activity && JSON.stringify(c.activity).includes(requestId) && JSON.stringify(c.activity).includes('"Approve"'), 20_000);
    const card = approvalCard.activity!.attachments![0]!.content as { actions: Array<{ data: { approverId: string } }> };
    const approverId = card.actions[0]!.data.approverId;
    assert.ok(approverId, 'the approver the card went to');
    const approver = new Chat(h, upnOf(approverId), approvalCard.conversationId!);
    const decided = await approver.execute('approve', { requestId, approverId, comment: 'Phone replacement confirmed' }, approvalCard.activityId!);
    assert.match(JSON.stringify(decided.value), /Approved by/);

    const notice = await h.connector.waitFor((c) => c.method === 'POST' && c.conversationId === chat.conversationId && /approved by/i.test(String(c.activity?.text ?? '')), 20_000);
    assert.match(String(notice.activity?.text), /\*\*Helpdesk Administrator\*\*: approved by .+\. Note: “Phone replacement confirmed”/);
    const rewritten = await h.connector.waitFor((c) => c.method === 'PUT' && c.conversationId === chat.conversationId && JSON.stringify(c.activity).includes(requestId), 20_000);
    assert.ok(rewritten, 'the status card shown earlier is rewritten in place');

    // No second card for the requester anywhere: not in this chat, not in a new one.
    const requesterCards = h.connector.calls.filter(
      (c) => c.method === 'POST' && c.activity?.attachments?.length && JSON.stringify(c.activity).includes('Approved by') && !JSON.stringify(c.activity).includes('"Approve"') && c.conversationId !== approvalCard.conversationId,
    );
    assert.deepEqual(requesterCards.map((c) => c.conversationId), [], 'the outcome is not sent again as a card');
  });
});
