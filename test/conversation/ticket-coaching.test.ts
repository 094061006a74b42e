/**
 * The cited ticket, checked before an activation is submitted, through `/api/messages` with the
 * sandbox tenant and its ServiceNow stand-in (seeded from the demo tenant's history): a ticket that
 * would not back the request is pointed out and nothing is sent until the person answers; "submit
 * anyway" sends it, another ticket or a shorter time is checked again, and a ticket system that
 * does not answer in time does not hold the request up.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { ServiceNowStandIn } from '../../src/standins/servicenow.js';
import { seedTickets } from '../../src/tickets/seeds.js';
import { seedTenantOf } from '../../src/tickets/wiring.js';
import { allText, Chat, startHarness, type Harness, type Reply } from './support/harness.js';
import { requestIn } from './support/sandbox.js';

/** Longest a ticket check may take here; the slow system below answers well after it. */
const TIMEOUT_MS = 600;

type Rec = Record<string, unknown>;

function requestIdOf(replies: Reply[]): string {
  const card = replies.flatMap((r) => r.cards).find((c) => JSON.stringify(c).includes('refreshStatus'));
  const id = /"Request id","value":"([^"]+)"/.exec(JSON.stringify(card ?? {}))?.[1];
  assert.ok(id, `expected a status card in: ${allText(replies)}`);
  return id;
}

/** The stand-ins' service accounts (src/tickets/wiring.ts), as they travel in an Authorization header. */
const CREDENTIALS = [Buffer.from('pim-copilot:sandbox').toString('base64'), Buffer.from('pim-copilot@sandbox.example:sandbox').toString('base64')];

/** ServiceNow's internal date-time: UTC, "yyyy-MM-dd HH:mm:ss". */
const snTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('ticket coaching before an activation is submitted (local planner, sandbox tenant, ServiceNow stand-in)', { timeout: 120_000 }, () => {
  let h: Harness;
  let serviceNow: ServiceNowStandIn;
  let sysUser: (upn: string) => string;
  let logged = '';

  before(async () => {
    const log = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) }));
    h = await startHarness({ TICKET_STANDINS: 'true', TICKET_TIMEOUT_MS: String(TIMEOUT_MS) }, { log });
    serviceNow = h.service.graph.tickets.standIns!.serviceNow!;
    // The stand-in is seeded from the tenant's history; the cases below rely on these variants.
    const seeds = seedTickets(seedTenantOf(h.sandbox), h.sandbox.clock.now());
    const variant = (n: string) => seeds.tickets.find((t) => t.number === n);
    assert.deepEqual(variant('INC6966573'), { number: 'INC6966573', system: 'ServiceNow', variant: 'closed', requester: 'anielsen@contoso-demo.example' });
    assert.deepEqual(variant('INC9198422'), { number: 'INC9198422', system: 'ServiceNow', variant: 'closed', requester: 'tkaur@contoso-demo.example' });
    assert.deepEqual(variant('INC9872256'), { number: 'INC9872256', system: 'ServiceNow', variant: 'open', requester: 'tkaur@contoso-demo.example' });
    assert.deepEqual(variant('RITM4315112'), { number: 'RITM4315112', system: 'ServiceNow', variant: 'closed', requester: 'ccooper@contoso-demo.example' });
    sysUser = (upn) => seeds.serviceNow.sys_user!.find((u) => u.user_name === upn)!.sys_id;
  });
  after(async () => {
    await h?.close();
  });

  const pendingOf = (chat: Chat) =>
    [...(h.sandbox.state.collections.requests.lookup('principalId', chat.user.id) ?? [])].map((p) => h.sandbox.state.collections.requests.get(p) as Rec).filter((r) => r.status === 'PendingApproval');

  it('flags a closed ticket before submitting, sends nothing until the person answers, and "submit anyway" sends it', async () => {
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    let r = await chat.say('activate exchange admin for 2 hours');
    assert.match(allText(r), /Why do you need \*\*Exchange Administrator\*\*\?/);

    r = await chat.say('Recover the deleted mailbox of the finance shared inbox after the migration, INC6966573');
    const text = allText(r);
    assert.match(text, /Before I send this, a word about \*\*INC6966573\*\* \(ServiceNow\)/);
    assert.match(text, /INC6966573 is (Resolved|Closed)\. Cite the open ticket for this work, or ask for INC6966573 to be reopened\./);
    assert.match(text, /say \*\*submit anyway\*\*/);
    assert.deepEqual(pendingOf(chat), [], 'nothing was submitted');
    assert.ok(
      serviceNow.calls.some((c) => c.path.endsWith('/incident') && JSON.stringify(c.query).includes('INC6966573')),
      'the ticket was looked up in the ServiceNow stand-in',
    );

    r = await chat.say('submit anyway');
    assert.match(allText(r), /I asked for \*\*Exchange Administrator\*\* for 2 hours\. It needs approval/);
    const stored = requestIn(h.sandbox, requestIdOf(r));
    assert.equal(stored?.principalId, chat.user.id);
    assert.equal((stored?.ticketInfo as { ticketNumber?: string }).ticketNumber, 'INC6966573', 'sent as it was, the ticket kept');
  });

  it('checks a corrected ticket number again, and submits when it passes', async () => {
    const chat = new Chat(h, 'tkaur@contoso-demo.example');
    let r = await chat.say('activate user admin for 1 hour');
    assert.match(allText(r), /Why do you need \*\*User Administrator\*\*\?/);

    r = await chat.say('Fix the guest account invitations that bounce for the new partner users, INC9198422');
    assert.match(allText(r), /INC9198422 is (Resolved|Closed)\./);
    assert.deepEqual(pendingOf(chat), []);

    r = await chat.say('sorry, it is INC9872256');
    const text = allText(r);
    assert.doesNotMatch(text, /Before I send this/, 'the new ticket backs the request');
    assert.match(text, /I asked for \*\*User Administrator\*\* for 1 hour/);
    const stored = requestIn(h.sandbox, requestIdOf(r));
    assert.equal((stored?.ticketInfo as { ticketNumber?: string }).ticketNumber, 'INC9872256');
  });

  it('points out a change window the activation runs past, and a shorter time that fits passes', async () => {
    const chat = new Chat(h, 'eevans@contoso-demo.example');
    const now = h.sandbox.clock.now().getTime();
    const end = Math.floor(now / 60_000) * 60_000 + 2 * 3_600_000 + 5 * 60_000;
    serviceNow.put('change_request', {
      sys_id: randomUUID().replace(/-/g, ''),
      number: 'CHG0090001',
      short_description: 'Correct the transport rule that bounces mail to fabrikam.com',
      description: 'Invoices from fabrikam.com bounce; the transport rule conditions need fixing.',
      state: '-1',
      active: 'true',
      type: 'normal',
      assigned_to: sysUser('eevans@contoso-demo.example'),
      requested_by: sysUser('eevans@contoso-demo.example'),
      opened_by: sysUser('eevans@contoso-demo.example'),
      start_date: snTime(now - 3_600_000),
      end_date: snTime(end),
      sys_class_name: 'change_request',
    });

    let r = await chat.say('activate exchange admin for 4 hours');
    assert.match(allText(r), /Why do you need \*\*Exchange Administrator\*\*\?/);
    r = await chat.say('Correct the transport rule conditions that bounce invoices from fabrikam.com, CHG0090001');
    const text = allText(r);
    assert.match(text, /CHG0090001's window closes .*, but you asked for 4 hours: ask for 2 hours or less, or have the window extended\./);
    assert.match(text, /Tell me another ticket number \(or a time that fits its window\), or say \*\*submit anyway\*\*/);
    assert.deepEqual(pendingOf(chat), []);

    r = await chat.say('2 hours');
    assert.match(allText(r), /I asked for \*\*Exchange Administrator\*\* for 2 hours/);
    const stored = requestIn(h.sandbox, requestIdOf(r));
    assert.equal((stored?.scheduleInfo as { expiration?: { duration?: string } }).expiration?.duration, 'PT2H');
  });

  it('does not hold a request up when the ticket system is too slow: it says the ticket could not be checked', async () => {
    const chat = new Chat(h, 'jmurphy@contoso-demo.example');
    let r = await chat.say('activate helpdesk admin for 1 hour');
    assert.match(allText(r), /Why do you need \*\*Helpdesk Administrator\*\*\?/);
    serviceNow.faults.latencyMs = 10_000;
    try {
      const started = Date.now();
      r = await chat.say('Issue a temporary access pass for the replacement phone of k.lee, INC7252473');
      const took = Date.now() - started;
      const text = allText(r);
      assert.match(text, new RegExp(`I couldn't check INC7252473 in ServiceNow just now \\(ServiceNow did not answer within ${TIMEOUT_MS} ms\\); approvers will see it as unverified\\.`));
      assert.match(text, /I asked for \*\*Helpdesk Administrator\*\* for 1 hour/);
      requestIdOf(r);
      assert.ok(took < TIMEOUT_MS + 4_000, `the turn took ${took} ms`);
    } finally {
      serviceNow.faults.latencyMs = 0;
    }
  });

  it('the request form does the same: the form comes back with the problem, and pressing again submits', async () => {
    const chat = new Chat(h, 'ccooper@contoso-demo.example');
    const r = await chat.say('request form');
    const formId = r[0]!.activity.id!;
    const choices = (r[0]!.cards[0]!.body as Array<{ id?: string; choices?: Array<{ title: string; value: string }> }>).find((b) => b.id === 'roleId')!.choices!;
    const intune = choices.find((c) => c.title.startsWith('Intune Administrator'))!;
    const data = { roleId: intune.value, duration: 'PT1H', justification: 'Retire the lost laptop of the sales lead and wipe it remotely', ticket: 'RITM4315112' };

    let answer = await chat.execute('submitActivation', data, formId);
    const form = JSON.stringify(answer.value);
    assert.match(form, /RITM4315112 is Closed Complete\. Cite the open ticket for this work/);
    assert.match(form, /press the button again to submit it as it is/);
    assert.deepEqual(pendingOf(chat), []);

    answer = await chat.execute('submitActivation', data, formId);
    const card = answer.value as Rec;
    assert.match(JSON.stringify(card), /Waiting for approval/);
    const requestId = /"Request id","value":"([^"]+)"/.exec(JSON.stringify(card))?.[1];
    assert.equal((requestIn(h.sandbox, requestId!)?.ticketInfo as { ticketNumber?: string }).ticketNumber, 'RITM4315112');
  });

  it('a ticket system refusing its credentials: the request goes ahead, and no credential reaches the chat or the log', async () => {
    const chat = new Chat(h, 'hcastillo@contoso-demo.example');
    await chat.say('activate groups admin for 1 hour');
    serviceNow.faults.status = 401;
    let r: Reply[];
    try {
      r = await chat.say('Fix the dynamic membership rule of the Finance Team group that drops new starters, INC8972571');
    } finally {
      serviceNow.faults.status = undefined;
    }
    const text = allText(r);
    assert.match(text, /I couldn't check INC8972571 in ServiceNow just now \(ServiceNow refused the credentials \(401\)\); approvers will see it as unverified\./);
    assert.match(text, /I asked for \*\*Groups Administrator\*\* for 1 hour/);
    assert.match(logged, /ticket could not be checked/, 'the service log was captured');
    assert.match(logged, /ticket checked/);
    const sent = JSON.stringify(h.connector.calls.map((c) => c.activity));
    for (const secret of CREDENTIALS) {
      assert.ok(!logged.includes(secret), 'the log holds a ticket-system credential');
      assert.ok(!sent.includes(secret), 'a message the bot sent holds a ticket-system credential');
    }
    assert.doesNotMatch(logged, /"authorization"|Basic [A-Za-z0-9+/=]{8,}/i);
  });
});
