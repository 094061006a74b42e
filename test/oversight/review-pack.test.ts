import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reviewPackCard } from '../../src/oversight/cards.js';
import { narrowerRoleFor } from '../../src/oversight/narrower-role.js';
import { buildReviewPack, reviewPackCsv } from '../../src/oversight/review-pack.js';
import { cardProblems } from '../cards/validate.js';
import { GOV_NOW, governanceTenant } from './support/governance-tenant.js';
import { ROLES } from './support/tenant-builder.js';

describe('access-review packs', () => {
  const { tenant, input } = governanceTenant();
  const items = buildReviewPack(input, { now: GOV_NOW });
  const item = (user: string, role: keyof typeof ROLES) => {
    const found = items.find((i) => i.principalId === tenant.id(user) && i.roleDefinitionId === ROLES[role][0]);
    assert.ok(found, `${user} ${role}`);
    return found;
  };

  it('has one item per eligibility with activations, last use and what was done', () => {
    assert.equal(items.length, 5);
    const ann = item('ann', 'userAdmin');
    assert.ok(ann.activations90d >= 10);
    assert.match(ann.lastActivation ?? '', /^2026-05-/);
    assert.deepEqual(ann.activities.map((a) => a.activity), ['Reset password (by admin)']);
  });

  it('reduces a broad role used for narrow work to the narrower role that covers it', () => {
    const ann = item('ann', 'userAdmin');
    assert.equal(ann.recommendation, 'reduce');
    assert.equal(ann.suggestedRoleName, 'Password Administrator');
    assert.match(ann.narrative, /Password Administrator/);
  });

  it('reduces the duration when nine in ten activations end far inside the policy maximum', () => {
    const cat = item('cat', 'groups');
    assert.equal(cat.recommendation, 'reduce');
    assert.equal(cat.suggestedMaxDuration, 'PT1H');
    assert.equal(cat.suggestedRoleId, undefined);
  });

  it('removes an eligibility unused for 90 days, keeps a new one, never narrows tenant-wide work', () => {
    assert.equal(item('dev', 'exchange').recommendation, 'remove');
    assert.equal(item('dev', 'exchange').lastActivation, null);
    assert.equal(item('ann', 'security').recommendation, 'keep');
    assert.match(item('ann', 'security').narrative, /too new to judge/);
    assert.equal(item('bob', 'globalAdmin').suggestedRoleId, undefined);
  });

  it('does not call an eligibility unused when the logs do not reach back far enough to tell', () => {
    const DAY = 86_400_000;
    const now = Date.parse(GOV_NOW);
    // Only the last 20 days of logs (a tenant keeping little audit history, or a partial export).
    const recent = <T>(list: T[] | undefined, at: (x: T) => unknown) => (list ?? []).filter((x) => Date.parse(String(at(x))) >= now - 20 * DAY);
    const short = { ...input, directoryAudits: recent(input.directoryAudits, (a) => a.activityDateTime), requests: recent(input.requests, (r) => r.createdDateTime) };
    const dev = buildReviewPack(short, { now: GOV_NOW }).find((i) => i.principalId === tenant.id('dev') && i.roleDefinitionId === ROLES.exchange[0])!;
    assert.equal(dev.recommendation, 'keep');
    assert.match(dev.narrative, /reaches back only (19|20) days of the 90.*check PIM's activation history/);
    const none = buildReviewPack({ ...input, directoryAudits: [], requests: [] }, { now: GOV_NOW });
    assert.ok(none.every((i) => i.recommendation !== 'remove'), 'no logs: nothing is called unused');
    // Forty days of logs: enough to call it unused, and the narrative says over what span.
    const forty = { ...input, directoryAudits: input.directoryAudits.filter((a) => Date.parse(String(a.activityDateTime)) >= now - 40 * DAY), requests: (input.requests ?? []).filter((r) => Date.parse(String(r.createdDateTime)) >= now - 40 * DAY) };
    const dev40 = buildReviewPack(forty, { now: GOV_NOW }).find((i) => i.principalId === tenant.id('dev') && i.roleDefinitionId === ROLES.exchange[0])!;
    assert.equal(dev40.recommendation, 'remove');
    assert.match(dev40.narrative, /in the (39|40) days the audit log covers \(of the 90 asked\)/);
  });

  it('never advises narrowing a workload role from the directory audit alone', () => {
    assert.equal(narrowerRoleFor(ROLES.exchange[0], ['Update group', 'Add member to group']), undefined);
    assert.equal(narrowerRoleFor(ROLES.globalAdmin[0], ['Add member to group'])?.displayName, 'Groups Administrator');
    assert.equal(narrowerRoleFor(ROLES.userAdmin[0], ['Something nobody knows']), undefined);
  });

  it('exports CSV with a header, one row per item, and formula-safe quoted cells', () => {
    const csv = reviewPackCsv([{ ...item('dev', 'exchange'), principalName: '=HYPERLINK("x")' }]);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^principalId,principalName,roleDefinitionId,roleName,activations90d,lastActivation,recommendation/);
    assert.match(lines[1] ?? '', /,"'=HYPERLINK\(""x""\)",/);
  });

  it('renders the reviewer card as Adaptive Card 1.5 with no warnings', () => {
    const card = reviewPackCard(items, 'Last 90 days to 1 June 2026');
    assert.equal(card.version, '1.5');
    assert.deepEqual(cardProblems(card), []);
    assert.match(JSON.stringify(card), /Password Administrator/);
  });
});
