import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/index.js';
import type { Analysis } from '../../src/triage/index.js';
import { allText, Chat, startHarness, userByUpn, type Harness } from './support/harness.js';

/** Chris Cooper's request for Intune Administrator, denied by Emily Evans in the demo tenant's history. */
const DENIED_REQUEST = 'b1545d8f-09de-4821-82be-36df9064391a';

function analysisOf(requestId: string): Analysis {
  return {
    requestId,
    riskScore: 7.4,
    riskBand: 'high',
    recommendedAction: 'deny',
    autoApprovable: false,
    autoApproveBlockers: ['risk band is high'],
    suggestedDuration: 'PT1H',
    keyTerms: ['urgent'],
    flags: ['vague-justification', 'first-activation'],
    factors: [
      { id: 'vague-justification', points: 3, detail: 'The justification “urgent” says nothing an approver can check' },
      { id: 'first-activation', points: 2, detail: 'First time Chris Cooper asks for Intune Administrator' },
      { id: 'usual-hours', points: 0, detail: 'Requested in working hours' },
    ],
    rationale: 'Vague justification on a first activation of a tier 1 role.',
    suggestedApprovers: [],
    similarDecisions: [],
    role: { id: '3a2c62db-5318-420d-8d74-23affee5d9d5', displayName: 'Intune Administrator', tier: 1 },
    modelVersion: 'triage-test',
  };
}

describe('questions and answers (local planner, sandbox tenant)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  // First: the helpdesk group's members are not yet cached.
  it('refuses a helpdesk question while the group cannot be read, saying so and recording it as such', async () => {
    h.sandbox.faults.add({ route: /transitiveMembers/, unavailableRate: 1, retryAfterSeconds: 0 });
    try {
      const text = allText(await new Chat(h, 'arahman@contoso-demo.example').say("why was Chris Cooper's request denied?"));
      assert.match(text, /couldn’t check your helpdesk group membership just now/);
      assert.doesNotMatch(text, /only answer questions about other people’s roles and requests for members/);
    } finally {
      h.sandbox.faults.clear();
    }
    const { rows } = await h.service.db.query<{ output: { reason: string } }>(`SELECT output FROM audit_trail WHERE kind = 'refusal' ORDER BY seq DESC LIMIT 1`);
    assert.equal(rows[0]?.output.reason, 'membership-unreadable');
  });

  it('lists eligible roles with each role’s limits and a next step', async () => {
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say('what roles can I activate?');
    const text = allText(r);
    assert.match(text, /\*\*Exchange Administrator\*\* — up to 8 hours · approval needed · ticket needed · MFA/);
    assert.match(text, /\*\*Teams Administrator\*\* — up to 8 hours · approval needed · MFA/);
    assert.match(text, /To activate one, say for example/);
  });

  it('answers help and small talk kindly, without Graph', async () => {
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    assert.match(allText(await chat.say('help')), /Activate Exchange Administrator for 2 hours/);
    assert.match(allText(await chat.say('thanks!')), /You’re welcome/);
    assert.match(allText(await chat.say('good morning')), /PIM Copilot/);
    assert.match(allText(await chat.say('what is the airspeed of an unladen swallow')), /not sure what you’d like me to do.*what can I activate/s);
  });

  it('recommends the least-privileged role for a task, with the reason', async () => {
    const r = await new Chat(h, 'ihayes@contoso-demo.example').say("which role do I need to reset someone's MFA?");
    const text = allText(r);
    assert.match(text, /1\. \*\*Authentication Administrator\*\* \(you can activate it\) — Can reset or change a user's MFA/);
    assert.match(text, /least privileged/);
    assert.match(text, /say \*\*activate Authentication Administrator for 1 hour/);
  });

  it('does not tell someone they are not eligible when their eligibility could not be read', async () => {
    h.sandbox.faults.add({ route: /roleEligibilityScheduleInstances/, unavailableRate: 1, retryAfterSeconds: 0 });
    try {
      const text = allText(await new Chat(h, 'ihayes@contoso-demo.example').say("which role do I need to reset someone's MFA?"));
      assert.match(text, /1\. \*\*Authentication Administrator\*\* — /);
      assert.doesNotMatch(text, /aren’t eligible/);
      assert.match(text, /couldn’t check which of these you can activate/);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('suggests the closest roles for one the tenant does not have', async () => {
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say('activate the Quantum Wizard Administrator role for 1 hour');
    const text = allText(r);
    assert.match(text, /I don’t know a role called “Quantum Wizard Administrator” in this tenant\. Did you mean \*\*Exchange Administrator\*\* \(you can activate it\)/);
    assert.match(text, /You can activate: \*\*Exchange Administrator\*\*, \*\*Teams Administrator\*\*\. Which one\?/);
  });

  it('lets the helpdesk ask why someone was denied: reviewer, note, policy and risk factors', async () => {
    await new AuditTrail(h.service.db).append({
      kind: 'triage.analysis',
      traceId: randomUUID(),
      requestId: DENIED_REQUEST,
      actor: { type: 'service', id: 'pim-copilot' },
      modelVersion: 'triage-test',
      output: analysisOf(DENIED_REQUEST),
    });
    const r = await new Chat(h, 'arahman@contoso-demo.example').say("why was Chris Cooper's request denied?");
    const text = allText(r);
    assert.match(text, /Chris Cooper’s request for \*\*Intune Administrator\*\* \(asked .*: “urgent”\) was denied by \*\*Emily Evans\*\*/);
    assert.match(text, /Their note: “Change not approved by CAB yet”/);
    assert.doesNotMatch(text, /Against the role’s policy/, 'it had the ticket the policy asks for');
    assert.match(text, /Risk triage scored it 7\.4\/10 \(high\); it advised the approvers to \*\*deny\*\*/);
    assert.match(text, /The justification “urgent” says nothing an approver can check/);
    assert.doesNotMatch(text, /Requested in working hours/, 'only factors that raised the risk');
  });

  it('lets the helpdesk see someone’s eligible roles and requests', async () => {
    const chat = new Chat(h, 'arahman@contoso-demo.example');
    assert.match(allText(await chat.say('what roles can Chris Cooper activate?')), /Chris Cooper can activate these 2 roles:[\s\S]*\*\*Intune Administrator\*\*/);
    assert.match(allText(await chat.say("what's the status of Chris Cooper's requests?")), /Chris Cooper/);
  });

  it('refuses a non-helpdesk user asking about someone else, politely, and records the attempt', async () => {
    const asker = userByUpn('anielsen@contoso-demo.example');
    const r = await new Chat(h, 'anielsen@contoso-demo.example').say("why was Chris Cooper's request denied?");
    const text = allText(r);
    assert.match(text, /Sorry, I can only answer questions about other people’s roles and requests for members of the helpdesk group/);
    assert.doesNotMatch(text, /Emily Evans|CAB/);
    const { rows } = await h.service.db.query<{ actor: { id: string }; output: { reason: string; detail: string } }>("SELECT actor, output FROM audit_trail WHERE kind = 'refusal'");
    const mine = rows.find((row) => row.actor.id === asker.id);
    assert.ok(mine, 'a refusal entry in the audit trail');
    assert.equal(mine.output.reason, 'helpdesk-denied');
    assert.match(mine.output.detail, /Chris Cooper/);
  });

  it('refuses to act for someone else', async () => {
    const r = await new Chat(h, 'arahman@contoso-demo.example').say('cancel the request of Chris Cooper');
    assert.match(allText(r), /I can only cancel your own requests/);
  });

  it('explains where a request stands and what the status is', async () => {
    const chat = new Chat(h, 'erahman@contoso-demo.example');
    await chat.say('activate authentication administrator for 30 minutes to re-register the FIDO key of the CFO after the token was lost');
    const status = allText(await chat.say("what's the status of my request?"));
    assert.match(status, /\*\*Authentication Administrator\*\* — waiting for approval · asked .* · for 30 minutes/);
    assert.match(status, /cancel my Authentication Administrator request/);
    const why = allText(await chat.say('why was my request denied?'));
    assert.match(why, /is waiting for approval, nothing went wrong/);
  });

  it('gives a sensible answer to a 4,000 character message and stays up', async () => {
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    const long = 'I need Teams Administrator for 2 hours to change the meeting policy for the all-hands. '.repeat(60).slice(0, 4000);
    assert.equal(long.length, 4000);
    const r = await chat.say(long);
    const text = allText(r);
    assert.match(text, /That’s a long message \(4,000 characters\); I read the first 1,000/);
    assert.ok(r.length >= 2, 'and then answered it');
    const noise = 'x'.repeat(4000);
    assert.match(allText(await chat.say(noise)), /That was a long message; I read its start and couldn’t find a request in it\. Try \*\*what can I activate\?\*\*/);
    assert.equal((await fetch(`${h.service.url}/healthz`)).status, 200);
  });

  it('reads unusual Unicode without crashing: look-alike letters, bidi overrides, emoji, broken surrogates', async () => {
    const chat = new Chat(h, 'anielsen@contoso-demo.example');
    // Mathematical Fraktur letters fold to plain ones.
    assert.match(allText(await chat.say('𝔴𝔥𝔞𝔱 𝔯𝔬𝔩𝔢𝔰 𝔠𝔞𝔫 ℑ 𝔞𝔠𝔱𝔦𝔳𝔞𝔱𝔢?')), /Exchange Administrator/);
    for (const text of ['\u202Eetavitca\u202C 🙂🙂🙂', 'Z̷̢̛a̶l̸g̵o̴ ̶t̷e̵x̸t̵', '中文 العربية עברית', '\uD800 lone surrogate \uDFFF', '\u0000\u0007\u001B[31m', '🦄'.repeat(500)]) {
      const r = await chat.say(text);
      assert.ok(r.length >= 1 && r.every((x) => x.text.length > 0 || x.cards.length > 0), `an answer to ${JSON.stringify(text.slice(0, 20))}`);
    }
    const empty = await chat.say('   ');
    assert.match(allText(empty), /not sure what you’d like me to do/);
  });

  it('tells a sender with no Entra id, or one outside the tenant, why it cannot act', async () => {
    const stranger = new Chat(h, 'anielsen@contoso-demo.example');
    (stranger.user as { id: string }).id = '00000000-0000-0000-0000-00000000dead';
    assert.match(allText(await stranger.say('what can I activate?')), /can’t find your account in this tenant/);
  });
});
