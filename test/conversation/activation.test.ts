import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STATUS_CARDS_JOB } from '../../src/bot/status-cards.js';
import { allText, Chat, startHarness, type Harness, type Reply } from './support/harness.js';
import { decide, requestIn, setEnabledRules } from './support/sandbox.js';

function statusCardOf(replies: Reply[]): Record<string, unknown> {
  const card = replies.flatMap((r) => r.cards).find((c) => JSON.stringify(c).includes('refreshStatus'));
  assert.ok(card, `expected a status card in: ${allText(replies)}`);
  return card;
}

function requestIdOf(card: Record<string, unknown>): string {
  const id = /"Request id","value":"([^"]+)"/.exec(JSON.stringify(card))?.[1];
  assert.ok(id, 'the status card names the request');
  return id;
}

describe('activating a role in conversation (local planner, sandbox tenant)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  it('collects role, duration, justification and ticket over several turns, coaches a vague reason, and submits', async () => {
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    let r = await chat.say('I need to activate a role');
    assert.match(allText(r), /Which role do you want to activate\?.*Exchange Administrator.*Teams Administrator/s);

    r = await chat.say('exchange admin');
    assert.match(allText(r), /For how long do you need \*\*Exchange Administrator\*\*\? Up to 8 hours/);

    r = await chat.say('2 hours');
    assert.match(allText(r), /Why do you need \*\*Exchange Administrator\*\*\?/);

    const { rows } = await h.service.db.query<{ doc: { dialogues?: Record<string, { draft?: { roleName?: string; duration?: string; awaiting?: string } }> } }>(
      `SELECT doc FROM bot_state WHERE key LIKE '%conversations/${chat.conversationId}'`,
    );
    const draft = rows[0]?.doc.dialogues?.[chat.user.id]?.draft;
    assert.deepEqual(
      { role: draft?.roleName, duration: draft?.duration, awaiting: draft?.awaiting },
      { role: 'Exchange Administrator', duration: 'PT2H', awaiting: 'justification' },
      'the request being built is kept in conversation state, in the database',
    );

    r = await chat.say('fix stuff');
    assert.match(allText(r), /won’t tell your approvers much/);
    assert.match(allText(r), /submit anyway/);

    r = await chat.say('The transport rule that bounces mail to fabrikam.com drops legitimate invoices; I will correct its conditions');
    assert.match(allText(r), /needs a ticket number/);

    r = await chat.say('it is CHG0048213');
    const text = allText(r);
    assert.match(text, /I asked for \*\*Exchange Administrator\*\* for 2 hours\. It needs approval/);
    const card = statusCardOf(r);
    assert.match(JSON.stringify(card), /Waiting for approval/);
    assert.match(JSON.stringify(card), /PIM Approvers - Service Owners/);
    const requestId = requestIdOf(card);
    const stored = requestIn(h.sandbox, requestId);
    assert.equal(stored?.status, 'PendingApproval');
    assert.equal(stored?.principalId, chat.user.id, 'submitted as the speaker, with their own token');
    assert.equal((stored?.ticketInfo as { ticketNumber?: string }).ticketNumber, 'CHG0048213');
    assert.match(String(stored?.justification), /transport rule/);

    // The approver decides in the portal; the status card follows.
    decide(h.sandbox, 'eevans@contoso-demo.example', requestId, 'Approve', 'CAB approved');
    await h.service.jobs.send(STATUS_CARDS_JOB, {});
    const update = await h.connector.waitFor((c) => c.method === 'PUT' && c.conversationId === chat.conversationId && JSON.stringify(c.activity).includes('Active until'), 20_000);
    assert.equal(update.activityId, r.find((x) => x.cards.length)?.activity.id, 'the card shown earlier is rewritten in place');

    r = await chat.say('show my active roles');
    assert.match(allText(r), /\*\*Exchange Administrator\*\* — active until .* \((1 hour 59 minutes|2 hours) left\)/);
  });

  it('explains a policy failure found by the validation-only check, then fixes it with the missing ticket', async () => {
    const chat = new Chat(h, 'hcastillo@contoso-demo.example');
    let r = await chat.say('activate teams admin for 1 hour');
    assert.match(allText(r), /Why do you need \*\*Teams Administrator\*\*\?/);

    // An administrator starts requiring a ticket; the bot's cached policy does not know yet.
    const restore = setEnabledRules(h.sandbox, 'Teams Administrator', ['MultiFactorAuthentication', 'Justification', 'Ticketing']);
    try {
      r = await chat.say('Update the meeting policy for the sales town hall so external presenters can share screens');
      const text = allText(r);
      assert.match(text, /PIM checked the request against the policy of \*\*Teams Administrator\*\* and refused it/);
      assert.match(text, /a ticket number is required/);
      assert.match(text, /What is the ticket number/);
      assert.match(text, /RoleAssignmentRequestPolicyValidationFailed/);
      const created = h.sandbox.state.collections.requests.lookup('principalId', chat.user.id);
      const open = [...(created ?? [])].map((p) => h.sandbox.state.collections.requests.get(p)).filter((x) => x.status === 'PendingApproval');
      assert.equal(open.length, 0, 'nothing was submitted');

      r = await chat.say('why did my activation fail?');
      assert.match(allText(r), /Your last try to activate \*\*Teams Administrator\*\*.*failed: PIM refused the request because a ticket number is required/s);

      r = await chat.say('INC0051177');
      assert.match(allText(r), /I asked for \*\*Teams Administrator\*\* for 1 hour/);
      statusCardOf(r);
    } finally {
      restore();
    }
  });

  it('cancels a pending request and rewrites its status card', async () => {
    const chat = new Chat(h, 'labe@contoso-demo.example');
    let r = await chat.say('activate groups admin for 1 hour to fix the owners of the Finance Team group after the reorg');
    const requestId = requestIdOf(statusCardOf(r));
    assert.equal(requestIn(h.sandbox, requestId)?.status, 'PendingApproval');

    r = await chat.say('cancel my pending groups request');
    assert.match(allText(r), /Canceled your request for \*\*Groups Administrator\*\*/);
    assert.equal(requestIn(h.sandbox, requestId)?.status, 'Canceled');
    const rewritten = chat.updates().find((u) => JSON.stringify(u.card).includes('Canceled'));
    assert.ok(rewritten, 'the status card now says Canceled');

    r = await chat.say('cancel my request');
    assert.match(allText(r), /no requests waiting for approval/);
  });

  it('activates a role without approval, lists it with the time left, and deactivates it', async () => {
    const chat = new Chat(h, 'ojones@contoso-demo.example');
    let r = await chat.say('activate security reader for 1 hour to review the Defender alerts on the finance laptops');
    assert.match(allText(r), /\*\*Security Reader\*\* is active for 1 hour/);
    assert.match(JSON.stringify(statusCardOf(r)), /Active until/);

    r = await chat.say('show my active roles');
    assert.match(allText(r), /\*\*Security Reader\*\* — active until .*(1 hour left|59 minutes left)/);

    r = await chat.say('extend security reader');
    assert.match(allText(r), /PIM can’t lengthen an activation that is running/);

    r = await chat.say("I'm done, deactivate Security Reader");
    assert.match(allText(r), /Done: \*\*Security Reader\*\* is deactivated/);
    assert.ok(chat.updates().some((u) => JSON.stringify(u.card).includes('(deactivated)')), 'the status card says it ended');

    r = await chat.say('show my active roles');
    assert.match(allText(r), /no active roles right now/);
  });

  it('takes the request from the form card: Action.Execute turns the form into the status card', async () => {
    const chat = new Chat(h, 'jmurphy@contoso-demo.example');
    const r = await chat.say('request form');
    const form = r[0]?.cards[0];
    assert.ok(form, 'a form card');
    assert.equal(form.version, '1.5');
    const json = JSON.stringify(form);
    assert.match(json, /Helpdesk Administrator/);
    assert.match(json, /User Administrator/);
    assert.doesNotMatch(json, /Global Administrator/, 'only the speaker’s own eligible roles');
    const choices = (form.body as Array<{ id?: string; choices?: Array<{ title: string; value: string }> }>).find((b) => b.id === 'roleId')!.choices!;
    const helpdesk = choices.find((c) => c.title.startsWith('Helpdesk Administrator'))!;
    const formId = r[0]!.activity.id!;

    // Missing justification: the form comes back with what is wrong.
    let answer = await chat.execute('submitActivation', { roleId: helpdesk.value, duration: 'PT1H' }, formId);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(answer.value), /Why do you need Helpdesk Administrator\?/);

    answer = await chat.execute('submitActivation', { roleId: helpdesk.value, duration: 'PT1H', justification: 'Reset the MFA registration of k.lee after her phone was replaced (INC0049911)' }, formId);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(answer.value);
    assert.match(card, /Helpdesk Administrator/);
    assert.match(card, /Waiting for approval/);
    const requestId = requestIdOf(answer.value as Record<string, unknown>);
    assert.equal(requestIn(h.sandbox, requestId)?.principalId, chat.user.id);

    // Refresh by the requester; someone else cannot read it through the card.
    const refreshed = await chat.execute('refreshStatus', { requestId }, formId);
    assert.match(JSON.stringify(refreshed.value), /Waiting for approval/);
    const stranger = new Chat(h, 'mquinn@contoso-demo.example');
    const refused = await stranger.execute('refreshStatus', { requestId }, formId);
    assert.equal(refused.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(refused.value), /someone else’s request/);

    // Cancel from the card.
    const canceled = await chat.execute('cancelActivation', { requestId }, formId);
    assert.match(JSON.stringify(canceled.value), /Canceled/);
    assert.equal(requestIn(h.sandbox, requestId)?.status, 'Canceled');
  });

  it('accepts the form through the Action.Submit fallback and answers in the chat', async () => {
    const chat = new Chat(h, 'mbui@contoso-demo.example');
    const form = (await chat.say('show me the request form'))[0]?.cards[0];
    const roleId = (form?.body as Array<{ id?: string; choices?: Array<{ value: string }> }>).find((b) => b.id === 'roleId')!.choices![0]!.value;
    const r = await chat.submit({ verb: 'submitActivation', roleId, duration: 'PT2H', justification: 'Unlock the account of the new starter in accounts payable, HR ticket INC0051234' });
    assert.match(allText(r), /I asked for \*\*Helpdesk Administrator\*\* for 2 hours/);
    statusCardOf(r);
  });

  it('keeps each person’s request apart in a group chat', async () => {
    const group = `19:${Date.now()}@thread.v2`;
    const first = new Chat(h, 'anielsen@contoso-demo.example', group);
    const second = new Chat(h, 'jfontaine@contoso-demo.example', group);
    assert.match(allText(await first.say('activate teams administrator')), /For how long/);
    // Someone else answering does not complete the first person's request.
    const r = await second.say('2 hours');
    assert.match(allText(r), /not sure what you’d like me to do/);
    assert.match(allText(await first.say('3 hours')), /Why do you need \*\*Teams Administrator\*\*\?/);
  });

  it('drops the request being built when asked to', async () => {
    const chat = new Chat(h, 'eevans@contoso-demo.example');
    await chat.say('activate teams administrator');
    const r = await chat.say('never mind');
    assert.match(allText(r), /dropped the request for \*\*Teams Administrator\*\*\. Nothing was sent to PIM/);
  });
});
