/** Contract: people, logs, risk and the one-round-trip triage enrichment, against the sandbox. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, type ScheduleRequest } from '../../src/pim/index.js';
import { IDENTITY_APPROVERS, ROLES, startHarness, type Harness } from './sandbox-harness.js';

const NOW = new Date('2026-11-18T10:20:00Z');

describe('contract: directory, logs, risk and enrichment', () => {
  let h: Harness;
  let pending: ScheduleRequest;

  before(async () => {
    h = await startHarness({
      now: NOW,
      tenant: (snap) => {
        const ilanger = snap.users.find((u) => u.userPrincipalName?.startsWith('ilanger@'))!;
        snap['identityProtection/riskyUsers'].push({
          id: ilanger.id,
          userPrincipalName: ilanger.userPrincipalName,
          riskLevel: 'high',
          riskState: 'atRisk',
          riskDetail: 'none',
          riskLastUpdatedDateTime: '2026-11-18T08:00:00Z',
        });
      },
    });
    const ilanger = await h.as('ilanger');
    pending = await ilanger.selfActivate({
      principalId: h.userId('ilanger'),
      roleDefinitionId: ROLES.globalAdmin,
      duration: 'PT1H',
      justification: 'Update tenant-wide sharing settings',
      ticket: { number: 'CHG0100' },
    });
  });
  after(() => h.close());

  it('gets a user with manager, and mailbox settings', async () => {
    const user = await h.gateway.getUser(h.userId('mbowen'));
    assert.equal(user.userPrincipalName, 'mbowen@contoso.example');
    assert.equal(user.manager?.id, h.userId('awilber'));
    const mailbox = await h.gateway.getMailboxSettings(h.userId('mbowen'));
    assert.equal(typeof mailbox.timeZone, 'string');
    assert.ok(mailbox.automaticRepliesSetting?.status);
    await assert.rejects(h.gateway.getUser('00000000-0000-0000-0000-00000000beef'), NotFoundError);
  });

  it('lists group members and their presence', async () => {
    const members = await h.gateway.listGroupMembers(IDENTITY_APPROVERS);
    assert.deepEqual(members.map((m) => m.userPrincipalName).sort(), ['awilber@contoso.example', 'ilanger@contoso.example', 'mbowen@contoso.example']);
    const presence = await h.gateway.getPresences(members.map((m) => m.id));
    assert.equal(presence.length, 3);
    assert.deepEqual(new Set(presence.map((p) => p.id)), new Set(members.map((m) => m.id)));
    assert.ok(presence.every((p) => typeof p.availability === 'string'));
  });

  it('reads directory audits and sign-ins within a date window, across pages', async () => {
    const since = new Date('2026-11-01T00:00:00Z');
    const until = new Date('2026-11-15T00:00:00Z');
    const audits = await h.gateway.listDirectoryAudits({ since, until });
    assert.ok(audits.length > 100, `got ${audits.length}`);
    assert.ok(audits.every((a) => a.activityDateTime >= '2026-11-01' && a.activityDateTime <= '2026-11-15'));
    const capped = await h.gateway.listDirectoryAudits({ since, until, limit: 5 });
    assert.equal(capped.length, 5);
    const mine = await h.gateway.listDirectoryAudits({ since, initiatedByUserId: h.userId('mbowen') });
    assert.ok(mine.every((a) => a.initiatedBy?.user?.id === h.userId('mbowen')));

    const signIns = await h.gateway.listSignIns({ since: new Date('2026-11-10T00:00:00Z'), until });
    assert.ok(signIns.length > 0);
    assert.ok(signIns.every((s) => s.createdDateTime >= '2026-11-10' && s.createdDateTime <= '2026-11-15'));
    const awilber = await h.gateway.listSignIns({ userId: h.userId('awilber') });
    assert.ok(awilber.length > 0 && awilber.every((s) => s.userId === h.userId('awilber')));
  });

  it('reads risky-user state', async () => {
    const risky = await h.gateway.listRiskyUsers({ userId: h.userId('ilanger') });
    assert.equal(risky[0]?.riskLevel, 'high');
    assert.deepEqual(await h.gateway.listRiskyUsers({ userId: h.userId('mbowen') }), []);
  });

  it('enriches a pending request in one $batch round trip, then reuses cached role and policy', async () => {
    const [fromIntake] = await h.gateway.listPendingRequests();
    assert.equal(fromIntake?.id, pending.id);
    const before = h.appCalls.calls;
    const ctx = await h.gateway.enrichRequest(fromIntake!);
    assert.equal(h.appCalls.calls - before, 1, 'exactly one HTTP request');

    assert.deepEqual(ctx.gaps, []);
    assert.equal(ctx.request.id, pending.id);
    assert.equal(ctx.requester.id, h.userId('ilanger'));
    assert.equal(ctx.requester.manager?.id, h.userId('awilber'));
    assert.ok(ctx.mailboxSettings?.timeZone);
    assert.equal(ctx.roleDefinition.displayName, 'Global Administrator');
    assert.equal(ctx.policy.requiresTicket, true);
    assert.equal(ctx.policy.maxDuration, 'PT2H');
    assert.ok(ctx.eligibility.some((e) => e.roleDefinitionId === ROLES.globalAdmin));
    assert.ok(ctx.history.some((r) => r.id === pending.id));
    assert.ok(ctx.history.length > 1, 'earlier requests from the tenant history');
    assert.ok(ctx.history.every((r) => r.principalId === h.userId('ilanger')));
    assert.ok(ctx.audits.length > 0 && ctx.audits.every((a) => a.initiatedBy?.user?.id === h.userId('ilanger')));
    assert.ok(ctx.signIns.every((s) => s.userId === h.userId('ilanger')));
    assert.equal(ctx.riskyUser?.riskState, 'atRisk');

    const again = h.appCalls.calls;
    const byId = await h.gateway.enrichRequest(pending.id);
    assert.equal(h.appCalls.calls - again, 2, 'the request itself, then one $batch without role and policy');
    assert.equal(byId.policy.policyId, ctx.policy.policyId);
  });

  it('reports the parts Graph refused as gaps instead of failing', async () => {
    h.sandbox.faults.set({ route: '/identityProtection/riskyUsers', unavailableRate: 1, retryAfterSeconds: 0 });
    try {
      const ctx = await h.gateway.enrichRequest(pending);
      assert.deepEqual(ctx.gaps.map((g) => [g.part, g.error.kind]), [['risky', 'unavailable']]);
      assert.equal(ctx.riskyUser, null);
      assert.equal(ctx.requester.id, h.userId('ilanger'));
    } finally {
      h.sandbox.faults.clear();
    }
  });
});
