import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recommendPolicies } from '../../src/oversight/policy-advice.js';
import { GOV_NOW, governanceTenant } from './support/governance-tenant.js';
import { ROLES } from './support/tenant-builder.js';

describe('policy advice', () => {
  const { input } = governanceTenant();
  const recs = recommendPolicies(input, { now: GOV_NOW });
  const find = (role: keyof typeof ROLES, kind: string) => recs.find((r) => r.roleDefinitionId === ROLES[role][0] && r.kind === kind);

  it('suggests a maximum duration from the p90 of real use, when well below the policy', () => {
    const groups = find('groups', 'max-duration');
    assert.equal(groups?.current, 'PT8H');
    assert.equal(groups?.suggested, 'PT1H');
    assert.match(groups?.evidence ?? '', /Nine in ten of \d+ activations/);
  });

  it('calls out approval that never denies, and approval that is always late', () => {
    assert.match(find('userAdmin', 'approval-never-denied')?.evidence ?? '', /none denied/);
    assert.match(find('userAdmin', 'approval-never-denied')?.suggested ?? '', /dropping approval/);
    // Tier 0 always needs a person: the advice is about the approvers, never about removing the step.
    const global = find('globalAdmin', 'approval-never-denied');
    assert.match(global?.suggested ?? '', /^keep approval/);
    assert.doesNotMatch(global?.suggested ?? '', /dropping/);
    assert.match(find('globalAdmin', 'approval-slow')?.suggested ?? '', /^add approvers or enable escalation/);
    assert.match(find('userAdmin', 'approval-slow')?.suggested ?? '', /automatic approval/);
    assert.ok(find('userAdmin', 'approval-slow'));
    const fast = recommendPolicies(input, { now: GOV_NOW, lateMinutes: 60 });
    assert.equal(fast.find((r) => r.kind === 'approval-slow'), undefined);
  });

  it('lists eligibilities never used and broad roles used for narrow tasks', () => {
    assert.match(find('exchange', 'unused-eligibilities')?.evidence ?? '', /Dev Rao/);
    assert.equal(find('userAdmin', 'narrower-role')?.suggested, 'Password Administrator');
    assert.equal(find('globalAdmin', 'narrower-role'), undefined);
  });

  it('calls no eligibility unused when the logs do not reach back a month', () => {
    const now = Date.parse(GOV_NOW);
    const recent = { ...input, directoryAudits: input.directoryAudits.filter((a) => Date.parse(String(a.activityDateTime)) >= now - 20 * 86_400_000), requests: [] };
    assert.equal(recommendPolicies(recent, { now: GOV_NOW }).filter((r) => r.kind === 'unused-eligibilities').length, 0);
    assert.match(find('exchange', 'unused-eligibilities')?.evidence ?? '', /^Not activated in the 79 days the audit log covers \(of the 90 asked\): Dev Rao/, 'it says over what span');
  });

  it('says nothing about a role with too little use', () => {
    assert.equal(find('security', 'max-duration'), undefined);
    assert.equal(find('security', 'unused-eligibilities'), undefined);
  });
});
