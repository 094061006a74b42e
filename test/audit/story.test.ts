import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuditTrail, narrate, renderTimeline, storyOf } from '../../src/audit/index.js';
import { eachBackend } from '../support/backends.js';
import { recordActivation, steppingClock } from './support.js';

await eachBackend('audit show and narrative', (backend) => {
  it('tells the whole story of one request, including entries tied to it only by trace id', async () => {
    const { db } = backend();
    const clock = steppingClock('2026-04-06T00:00:00Z', 0);
    const trail = new AuditTrail(db, { clock: clock.clock });
    await recordActivation(trail, clock.set);
    await recordActivation(trail, (iso) => clock.set(iso.replace('2026-04-06', '2026-04-07')), 'req-other');

    const story = await storyOf(db, 'req-ga-1');
    assert.deepEqual(
      story.entries.map((e) => e.kind),
      ['pim.event', 'triage.analysis', 'card.sent', 'card.sent', 'refusal', 'card.action', 'decision.human', 'pim.event', 'session.activity', 'session.activity', 'pim.event'],
    );
    assert.ok(story.entries.every((e) => e.requestId === 'req-ga-1' || e.traceId === 'trace-req-ga-1'));
    const timeline = renderTimeline(story);
    assert.match(timeline, /request req-ga-1: 11 entries/);
    assert.match(timeline, /risk 7\/10 \(high\), recommends deny/);
    assert.match(timeline, /refused \(self-approval\)/);
  });

  it('writes a narrative an auditor can read: who, role, why, what the AI said, who decided, what was done', async () => {
    const { db } = backend();
    const text = narrate(await storyOf(db, 'req-ga-1'));
    for (const part of [
      /^On 2026-04-06 21:39 UTC, Alice Ng \(alice@contoso\.example\) asked to activate Global Administrator for 2 hours \(request req-ga-1\)/,
      /the justification “Restore MFA for the finance team after the outage” and ticket INC-4821 \(ServiceNow\)/,
      /triage \(model pim-copilot-triage 1\.0\.0\+abc\) scored it 7\/10 \(high risk\) and recommended that it be denied, citing: Global Administrator is a tier-0 role; first activation of this role by Alice; requested at 23:40 local time\./,
      /The ticket, as checked: ServiceNow incident INC-4821 "MFA prompts fail for the finance team": In Progress/,
      /Approval cards went to Bob Stone and Carol Diaz\./,
      /an attempt by Alice Ng to approve was refused \(self-approval: the requester cannot approve their own request\)/,
      /Bob Stone approved it in Teams at 2026-04-06 21:52 UTC \(13 minutes after the request\), noting “Confirmed with the incident lead on the bridge”, overriding the AI's recommendation to deny\./,
      /The role was active from 2026-04-06 21:53 UTC to 2026-04-06 22:40 UTC \(deactivated\)\./,
      /While it was active: Reset user password on dan@contoso\.example \(22:05\); Update conditional access policy on Require MFA for finance \(22:18\)\./,
    ]) {
      assert.match(text, part);
    }
    assert.equal(narrate(await storyOf(db, 'req-none')), 'The trail holds nothing about request req-none.');
  });
});
