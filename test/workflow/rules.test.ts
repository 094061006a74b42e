import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { Analysis, ApproverCandidate } from '../../src/triage/index.js';
import { autoJustification, outcomeOfStatus, rolloutModeOf, routeOf } from '../../src/workflow/index.js';

const GLOBAL_ADMIN = { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' };
const EXCHANGE = { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator' };

describe('rollout modes', () => {
  it('reads per-role modes by name or id, and the default for the rest', () => {
    const { rollout } = loadConfig({ ROLLOUT_MODE_DEFAULT: 'observe', ROLLOUT_MODES: `exchange administrator=auto; ${GLOBAL_ADMIN.id}=assist` }).workflow;
    assert.equal(rolloutModeOf(rollout, EXCHANGE), 'auto');
    assert.equal(rolloutModeOf(rollout, GLOBAL_ADMIN), 'assist');
    assert.equal(rolloutModeOf(rollout, { id: 'x', displayName: 'Teams Administrator' }), 'observe');
    assert.equal(loadConfig({}).workflow.rollout.defaultMode, 'assist');
  });

  it('never puts a tier-0 role in auto mode, whatever the settings say', () => {
    const { rollout } = loadConfig({ ROLLOUT_MODE_DEFAULT: 'auto', ROLLOUT_MODES: 'Global Administrator=auto' }).workflow;
    assert.equal(rolloutModeOf(rollout, GLOBAL_ADMIN), 'assist');
    assert.equal(rolloutModeOf(rollout, { id: 'custom', displayName: 'Custom', tier: 0 }), 'assist');
    assert.equal(rolloutModeOf(rollout, EXCHANGE), 'auto');
  });

  it('names a bad entry', () => {
    assert.throws(() => loadConfig({ ROLLOUT_MODES: 'Exchange Administrator=yes' }), /ROLLOUT_MODES: 'Exchange Administrator=yes'/);
    assert.throws(() => loadConfig({ AUTOMATION_APPROVER_UPN: 'not an upn' }), /AUTOMATION_APPROVER_UPN/);
  });
});

describe('routing', () => {
  const candidate = (id: string, extra: Partial<ApproverCandidate> = {}): ApproverCandidate => ({ id, via: 'approver group', ...extra });
  const analysis = (suggested: string[]) => ({ suggestedApprovers: suggested.map((id) => ({ id, reason: '' })) }) as unknown as Analysis;

  it('puts the engine ranking first, then every other primary approver, never the requester', () => {
    const route = routeOf(analysis(['c', 'a']), [candidate('a'), candidate('b'), candidate('c'), candidate('REQ'), candidate('e', { escalation: true })], 'req');
    assert.deepEqual(route.approvers, ['c', 'a', 'b']);
    assert.deepEqual(route.escalationApprovers, ['e']);
  });
});

describe('outcomes', () => {
  const now = new Date('2026-11-18T12:00:00Z');
  it('reads PIM statuses', () => {
    assert.equal(outcomeOfStatus('Canceled', now).state, 'cancelled');
    assert.equal(outcomeOfStatus('TimedOut', now).state, 'window-over');
    assert.equal(outcomeOfStatus('Revoked', now).state, 'expired');
    const portal = outcomeOfStatus('Provisioned', now, undefined, { id: 'u1', name: 'Emily Braun' });
    assert.deepEqual([portal.state, portal.verdict, portal.byName], ['elsewhere', 'approve', 'Emily Braun']);
  });

  it('names the card decision when PIM agrees with it', () => {
    const d = { requestId: 'r', actorId: 'u', actorName: 'Miriam', via: 'teams' as const, verdict: 'deny' as const, note: 'no', state: 'claimed' as const, claimedAt: now };
    assert.deepEqual([outcomeOfStatus('Denied', now, d).state, outcomeOfStatus('Denied', now, d).byName], ['denied', 'Miriam']);
    assert.equal(outcomeOfStatus('Provisioned', now, d).state, 'elsewhere');
  });

  it('keeps the auto-approval justification within PIM’s limit, rationale first', () => {
    const text = autoJustification({ riskScore: 2, riskBand: 'low', rationale: 'x'.repeat(800) } as Analysis);
    assert.ok(text.length <= 500);
    assert.match(text, /^Auto-approved by PIM Copilot \(risk 2\/10, low\): x+…$/);
  });
});
