/** "End activation" from an oversight alert, against the sandbox: who may, what is recorded, what PIM gets. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { AuditTrail } from '../../src/audit/index.js';
import { alertCard } from '../../src/oversight/alert-card.js';
import { endActivationAnswer, handleEndActivation, type EndActivationDeps } from '../../src/oversight/end-activation.js';
import type { Alert } from '../../src/oversight/types.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { cardProblems } from '../cards/validate.js';
import { IDENTITY_APPROVERS, ROLES, startHarness, type Harness } from '../pim/sandbox-harness.js';

function alertFor(userId: string, upn: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'destructive-burst-0123456789abcdef',
    kind: 'destructive-burst',
    severity: 'critical',
    userId,
    userPrincipalName: upn,
    roleId: ROLES.securityReader,
    roleName: 'Security Reader',
    activation: { requestId: 'req-1', start: '2026-11-18T09:00:00Z', end: '2026-11-18T11:00:00Z', justification: 'Review alerts from last night', ticket: '' },
    requestId: 'req-1',
    summary: 'Lee Gu deleted 12 users in 4 minutes under Security Reader (activated for a review).',
    narrative: 'Nothing like this in the last 60 days.',
    events: Array.from({ length: 12 }, (_, i) => ({ id: `ev-${i}`, activityDateTime: `2026-11-18T09:1${i % 10}:00Z`, activityDisplayName: 'Delete user', target: `user ${i}` })),
    eventIds: Array.from({ length: 12 }, (_, i) => `ev-${i}`),
    ...overrides,
  };
}

async function store(db: Database, a: Alert): Promise<void> {
  await db.query(
    `INSERT INTO oversight_alerts (id, kind, severity, user_id, role_id, request_id, last_event_at, alert) VALUES ($1, $2, $3, $4, $5, $6, now(), $7::jsonb)`,
    [a.id, a.kind, a.severity, a.userId, a.roleId ?? null, a.requestId, JSON.stringify(a)],
  );
}

async function entries(db: Database): Promise<Array<{ kind: string; actor: { id: string }; output: Record<string, unknown> }>> {
  const { rows } = await db.query<{ kind: string; actor: { id: string }; output: Record<string, unknown> }>('SELECT kind, actor, output FROM audit_trail ORDER BY seq');
  return rows;
}

describe('end activation from an oversight alert', () => {
  let h: Harness;
  let db: Database;
  let deps: EndActivationDeps;
  let alert: Alert;

  before(async () => {
    h = await startHarness();
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(db);
    deps = { db, pim: h.gateway, trail: new AuditTrail(db), securityAdminGroupId: IDENTITY_APPROVERS, log: pino({ level: 'silent' }) };
    const lgu = await h.as('lgu');
    await lgu.selfActivate({ principalId: h.userId('lgu'), roleDefinitionId: ROLES.securityReader, duration: 'PT2H', justification: 'Review alerts from last night' });
    alert = alertFor(h.userId('lgu'), 'lgu@contoso.example');
    await store(db, alert);
  });
  after(async () => {
    await db?.close();
    await h?.close();
  });

  it('refuses someone outside the security admin group, and records the refusal', async () => {
    const result = await handleEndActivation({ actorAadId: h.userId('vchen'), alertId: alert.id }, deps);
    assert.equal(result.outcome, 'refused');
    const trail = await entries(db);
    assert.equal(trail.at(-1)?.kind, 'refusal');
    assert.equal(trail.at(-1)?.actor.id, h.userId('vchen'));
    assert.equal(trail.at(-1)?.output.reason, 'not-security-admin');
    assert.ok((await h.gateway.listActiveAssignments({ principalId: h.userId('lgu') })).some((a) => a.roleDefinitionId === ROLES.securityReader), 'still active');
  });

  it('refuses everyone when no security admin group is configured', async () => {
    const result = await handleEndActivation({ actorAadId: h.userId('awilber'), alertId: alert.id }, { ...deps, securityAdminGroupId: undefined });
    assert.equal(result.outcome, 'refused');
  });

  it('for a security admin: records the action first, then submits adminRemove for the stored user and role', async () => {
    const admin = h.userId('awilber');
    const result = await handleEndActivation({ actorAadId: admin, alertId: alert.id }, deps);
    assert.equal(result.outcome, 'ended');
    assert.equal(result.message, "Ended lgu@contoso.example's Security Reader activation.");
    const trail = await entries(db);
    const action = trail.at(-1);
    assert.equal(action?.kind, 'card.action');
    assert.equal(action?.actor.id, admin);
    assert.deepEqual(
      { verb: action?.output.verb, alertId: action?.output.alertId, principalId: action?.output.principalId },
      { verb: 'endActivation', alertId: alert.id, principalId: h.userId('lgu') },
    );
    const removals = (await h.gateway.listRequests({ principalId: h.userId('lgu') })).filter((r) => r.action === 'adminRemove');
    assert.equal(removals.length, 1);
    assert.equal(removals[0]?.roleDefinitionId, ROLES.securityReader);
    assert.match(removals[0]?.justification ?? '', new RegExp(alert.id));
    assert.ok(!(await h.gateway.listActiveAssignments({ principalId: h.userId('lgu') })).some((a) => a.roleDefinitionId === ROLES.securityReader));

    const card = endActivationAnswer(result);
    assert.equal(typeof card, 'object');
    assert.deepEqual(cardProblems(card), []);
    assert.match(JSON.stringify(card), /Ended lgu@contoso\.example/);
  });

  it('has nothing to end once the activation is over, and knows no unstored alert', async () => {
    const again = await handleEndActivation({ actorAadId: h.userId('awilber'), alertId: alert.id }, deps);
    assert.equal(again.outcome, 'nothing-to-end');
    const unknown = await handleEndActivation({ actorAadId: h.userId('awilber'), alertId: 'destructive-burst-ffffffffffffffff' }, deps);
    assert.equal(unknown.outcome, 'refused');
    assert.equal((await h.gateway.listRequests({ principalId: h.userId('lgu') })).filter((r) => r.action === 'adminRemove').length, 1);
    assert.match(again.message, /already ended from this alert by .+ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('takes an adminRemove whose answer was lost as done when PIM shows it, and says so', async () => {
    const lrobbins = await h.as('lrobbins');
    await lrobbins.selfActivate({ principalId: h.userId('lrobbins'), roleDefinitionId: ROLES.securityReader, duration: 'PT2H', justification: 'Check last night’s sign-in alerts' });
    const lost = alertFor(h.userId('lrobbins'), 'lrobbins@contoso.example', { id: 'destructive-burst-0a0b0c0d0e0f1011' });
    await store(db, lost);
    // PIM carries the removal out; its answer never comes back.
    h.sandbox.faults.add({ method: 'POST', route: 'roleAssignmentScheduleRequests', loseAnswerRate: 1, count: 1 });
    let result;
    try {
      result = await handleEndActivation({ actorAadId: h.userId('awilber'), actorName: 'Alex Wilber', alertId: lost.id }, deps);
    } finally {
      h.sandbox.faults.clear();
    }
    assert.equal(result.outcome, 'ended');
    assert.match(result.message, /Ended lrobbins@contoso\.example's Security Reader activation \(PIM carried it out; its answer was lost on the way\)/);
    assert.ok(!(await h.gateway.listActiveAssignments({ principalId: h.userId('lrobbins') })).some((a) => a.roleDefinitionId === ROLES.securityReader));
    const later = await handleEndActivation({ actorAadId: h.userId('ilanger'), alertId: lost.id }, deps);
    assert.match(later.message, /already ended from this alert by Alex Wilber/);
  });

  it('sends PIM one adminRemove when two admins click at once (or one clicks twice); the other is told', async () => {
    const garchie = await h.as('garchie');
    await garchie.selfActivate({ principalId: h.userId('garchie'), roleDefinitionId: ROLES.securityReader, duration: 'PT2H', justification: 'Quarterly access review' });
    const second = alertFor(h.userId('garchie'), 'garchie@contoso.example', { id: 'destructive-burst-fedcba9876543210' });
    await store(db, second);
    const results = await Promise.all([
      handleEndActivation({ actorAadId: h.userId('awilber'), actorName: 'Alex Wilber', alertId: second.id }, deps),
      handleEndActivation({ actorAadId: h.userId('ilanger'), actorName: 'Isaiah Langer', alertId: second.id }, deps),
      handleEndActivation({ actorAadId: h.userId('ilanger'), actorName: 'Isaiah Langer', alertId: second.id }, deps),
    ]);
    assert.equal(results.filter((r) => r.outcome === 'ended').length, 1);
    for (const r of results.filter((x) => x.outcome !== 'ended')) {
      // Told while the first click asks PIM (the card keeps its button), or after it ended it.
      if (r.outcome === 'busy') assert.equal(typeof endActivationAnswer(r), 'string');
      else assert.equal(r.outcome, 'nothing-to-end');
      assert.match(r.message, /right now|already ended from this alert/);
    }
    const removals = (await h.gateway.listRequests({ principalId: h.userId('garchie') })).filter((r) => r.action === 'adminRemove');
    assert.equal(removals.length, 1);
    const actions = (await entries(db)).filter((e) => e.kind === 'card.action' && e.output.alertId === second.id);
    assert.equal(actions.length, 1, 'one trail entry: the click that asked PIM');
    const ender = results.find((r) => r.outcome === 'ended') as { outcome: 'ended' };
    const later = await handleEndActivation({ actorAadId: h.userId('ilanger'), alertId: second.id }, deps);
    assert.equal(later.outcome, 'nothing-to-end');
    assert.match(later.message, /already ended from this alert by (Alex Wilber|Isaiah Langer)/);
    assert.ok(ender);
  });
});

describe('oversight alert card', () => {
  const base = alertFor('u-1', 'ada@contoso.example');
  const actions = (card: Record<string, unknown>) => (card.actions as Array<Record<string, unknown>> | undefined) ?? [];

  it('parses with the Adaptive Cards SDK with no warnings, with and without an activation', () => {
    for (const a of [base, { ...base, roleId: undefined, roleName: undefined, activation: undefined, requestId: null, narrative: undefined }]) {
      const card = alertCard(a);
      assert.deepEqual(cardProblems(card), []);
      assert.equal(card.version, '1.5');
    }
  });

  it('shows at most ten events, and the button carries only the alert id', () => {
    const card = alertCard(base);
    const text = JSON.stringify(card);
    assert.equal((text.match(/Delete user: user/g) ?? []).length, 10);
    assert.match(text, /and 2 more in the audit log/);
    const [button] = actions(card);
    assert.equal(button?.type, 'Action.Execute');
    assert.equal(button?.verb, 'endActivation');
    assert.deepEqual(button?.data, { alertId: base.id });
    assert.deepEqual((button?.fallback as Record<string, unknown>).data, { verb: 'endActivation', alertId: base.id });
    assert.match(text, /"color":"Attention"/);
  });

  it('has no button when no role was active, or once acted on', () => {
    assert.equal(actions(alertCard({ ...base, roleId: undefined, activation: undefined })).length, 0);
    assert.equal(actions(alertCard(base, { outcome: 'Ended it.' })).length, 0);
  });
});
