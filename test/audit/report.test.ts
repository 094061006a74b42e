import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditTrail, buildReport, driftReportCard, driftReportCardData, loadReport, renderReportText, weekOf, type DriftReport, type EntryInput, type TrailEntry } from '../../src/audit/index.js';
import type { Analysis } from '../../src/triage/index.js';
import { eachBackend } from '../support/backends.js';
import { BOB, BOT } from './support.js';

const UA = { id: 'role-ua', name: 'User Administrator' };
const GA = { id: 'role-ga', name: 'Global Administrator' };
const EXO = { id: 'role-exo', name: 'Exchange Administrator' };

interface Case {
  id: string;
  role: { id: string; name: string };
  created: string;
  score?: number;
  rec?: 'approve' | 'review' | 'deny';
  decision?: { by: 'human' | 'auto'; decision: 'approve' | 'deny'; afterMin: number; note?: string };
}

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Each request as the trail would hold it: the PIM event, the analysis a minute later, then the decision. */
function entriesOf(cases: Case[]): { at: string; input: EntryInput }[] {
  const out: { at: string; input: EntryInput }[] = [];
  for (const c of cases) {
    const common = { traceId: `t-${c.id}`, requestId: c.id };
    out.push({
      at: c.created,
      input: { ...common, kind: 'pim.event', actor: { type: 'user', id: `u-${c.id}` }, output: { event: 'requested', source: 'poll', principalId: `u-${c.id}`, roleDefinitionId: c.role.id, roleName: c.role.name, createdDateTime: c.created } },
    });
    if (c.score !== undefined) {
      const band = c.score >= 7 ? 'high' : c.score >= 4 ? 'medium' : 'low';
      const analysis = { requestId: c.id, riskScore: c.score, riskBand: band, recommendedAction: c.rec, role: { id: c.role.id, displayName: c.role.name, tier: 1 }, factors: [] } as unknown as Analysis;
      out.push({ at: plus(c.created, 1), input: { ...common, kind: 'triage.analysis', actor: BOT, modelVersion: 'test-model', output: analysis } });
    }
    const d = c.decision;
    if (d?.by === 'human') {
      out.push({ at: plus(c.created, d.afterMin), input: { ...common, kind: 'decision.human', actor: BOB, output: { decision: d.decision, via: 'teams', ...(d.note ? { note: d.note } : {}) } } });
    } else if (d?.by === 'auto') {
      out.push({ at: plus(c.created, d.afterMin), input: { ...common, kind: 'decision.auto', actor: { type: 'automation', id: 'auto-approver' }, output: { decision: 'approve', riskScore: c.score ?? 0, guardrails: ['tier'] } } });
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function asEntries(list: { at: string; input: EntryInput }[]): TrailEntry[] {
  return list.map(({ at, input }, i) => ({
    seq: i + 1,
    at,
    kind: input.kind,
    traceId: input.traceId,
    requestId: input.requestId ?? null,
    actor: input.actor,
    modelVersion: input.modelVersion ?? null,
    inputDigest: null,
    output: JSON.parse(JSON.stringify(input.output)) as TrailEntry['output'],
    prevHash: '',
    hash: '',
  }));
}

// The hand-computed case. Weeks start Monday 2026-01-05 and 2026-01-12.
const CASES: Case[] = [
  { id: 'r1', role: UA, created: '2026-01-05T09:00:00.000Z', score: 2, rec: 'approve', decision: { by: 'human', decision: 'approve', afterMin: 10 } },
  { id: 'r2', role: UA, created: '2026-01-06T09:00:00.000Z', score: 3, rec: 'approve', decision: { by: 'human', decision: 'deny', afterMin: 30, note: 'not on call this week' } },
  { id: 'r3', role: UA, created: '2026-01-07T09:00:00.000Z', score: 5, rec: 'review', decision: { by: 'human', decision: 'approve', afterMin: 20 } },
  { id: 'r4', role: UA, created: '2026-01-08T09:00:00.000Z', score: 2, rec: 'approve', decision: { by: 'auto', decision: 'approve', afterMin: 2 } },
  { id: 'r5', role: UA, created: '2026-01-12T09:00:00.000Z', score: 8, rec: 'deny', decision: { by: 'human', decision: 'deny', afterMin: 5 } },
  { id: 'r6', role: UA, created: '2026-01-13T09:00:00.000Z', score: 7, rec: 'deny', decision: { by: 'human', decision: 'approve', afterMin: 60, note: 'break-fix, INC-7' } },
  { id: 'r7', role: UA, created: '2026-01-14T09:00:00.000Z', score: 9, rec: 'deny' },
  { id: 'r8', role: GA, created: '2026-01-06T10:00:00.000Z', score: 6, rec: 'review', decision: { by: 'human', decision: 'approve', afterMin: 15 } },
  { id: 'r9', role: GA, created: '2026-01-07T10:00:00.000Z' },
  // Before the period: left out.
  { id: 'r0', role: UA, created: '2026-01-04T09:00:00.000Z', score: 9, rec: 'deny', decision: { by: 'human', decision: 'approve', afterMin: 5 } },
];
const OPTIONS = { since: '2026-01-05T00:00:00.000Z', until: '2026-01-19T00:00:00.000Z', now: '2026-01-19T00:00:00.000Z', thresholds: { minRequests: 2 } };

function checkHandComputed(report: DriftReport): void {
  const ua = report.roles.find((r) => r.roleId === UA.id)!;
  const ga = report.roles.find((r) => r.roleId === GA.id)!;
  assert.deepEqual(
    report.roles.map((r) => r.roleName),
    ['Global Administrator', 'User Administrator'],
  );
  const [w1, w2] = ua.weeks;
  assert.equal(w1!.week, '2026-01-05');
  assert.equal(w2!.week, '2026-01-12');

  // Week 1: r1 agree, r2 override (AI approve, human deny), r3 review advice, r4 automatic.
  assert.equal(w1!.requests, 4);
  assert.equal(w1!.scored, 4);
  assert.deepEqual(w1!.bands, { low: 3, medium: 1, high: 0 });
  assert.deepEqual(w1!.histogram, [0, 2, 1, 0, 1, 0, 0, 0, 0, 0]);
  assert.equal(w1!.meanScore, 3); // (2 + 3 + 5 + 2) / 4
  assert.equal(w1!.humanDecisions, 3);
  assert.equal(w1!.approved, 2);
  assert.equal(w1!.denied, 1);
  assert.equal(w1!.autoApproved, 1);
  assert.equal(w1!.reviewRecommended, 1);
  assert.equal(w1!.compared, 2);
  assert.equal(w1!.agreed, 1);
  assert.equal(w1!.agreementRate, 0.5);
  assert.deepEqual(w1!.overrides, [
    { requestId: 'r2', week: '2026-01-05', roleName: 'User Administrator', recommended: 'approve', decided: 'deny', decidedBy: 'Bob Stone', note: 'not on call this week', riskScore: 3 },
  ]);
  assert.deepEqual(w1!.timeToDecision, { median: 20, p90: 30 }); // 10, 20, 30 minutes

  // Week 2: r5 agree, r6 override, r7 undecided.
  assert.equal(w2!.requests, 3);
  assert.deepEqual(w2!.bands, { low: 0, medium: 0, high: 3 });
  assert.equal(w2!.meanScore, 8);
  assert.equal(w2!.humanDecisions, 2);
  assert.equal(w2!.agreementRate, 0.5);
  assert.deepEqual(
    w2!.overrides.map((o) => [o.requestId, o.recommended, o.decided, o.note]),
    [['r6', 'deny', 'approve', 'break-fix, INC-7']],
  );
  assert.deepEqual(w2!.timeToDecision, { median: 32.5, p90: 60 }); // 5, 60

  // The role over both weeks.
  assert.equal(ua.requests, 7);
  assert.deepEqual(ua.bands, { low: 3, medium: 1, high: 3 });
  assert.equal(ua.meanScore, 5.143); // 36 / 7
  assert.equal(ua.compared, 4);
  assert.equal(ua.agreed, 2);
  assert.deepEqual(ua.timeToDecision, { median: 20, p90: 60 }); // 5, 10, 20, 30, 60

  // Global Administrator: one scored request with review advice, one with nothing yet.
  assert.equal(ga.requests, 2);
  assert.equal(ga.scored, 1);
  assert.equal(ga.meanScore, 6);
  assert.equal(ga.agreementRate, null);
  assert.deepEqual(ga.timeToDecision, { median: 15, p90: 15 });

  // Totals: r0 (before the period) is not counted.
  const t = report.totals;
  assert.equal(t.requests, 9);
  assert.equal(t.scored, 8);
  assert.deepEqual(t.bands, { low: 3, medium: 2, high: 3 });
  assert.equal(t.meanScore, 5.25); // 42 / 8
  assert.equal(t.humanDecisions, 6);
  assert.equal(t.autoApproved, 1);
  assert.equal(t.agreementRate, 0.5);
  assert.equal(t.overrides.length, 2);
  assert.deepEqual(t.timeToDecision, { median: 17.5, p90: 60 }); // 5, 10, 15, 20, 30, 60

  // Drift: week 2's bands (0/0/100%) against week 1's (75/25/0%): distance 1.0 > 0.25.
  assert.equal(report.warnings.length, 1);
  const w = report.warnings[0]!;
  assert.equal(w.measure, 'score-distribution');
  assert.equal(w.roleId, UA.id);
  assert.equal(w.week, '2026-01-12');
  assert.equal(w.change, 1);
  assert.match(w.detail, /0% low \/ 0% medium \/ 100% high from 75% low \/ 25% medium \/ 0% high/);
}

describe('override and drift report', () => {
  it('matches the hand-computed case', () => {
    checkHandComputed(buildReport(asEntries(entriesOf(CASES)), OPTIONS));
  });

  it('warns when the agreement rate moves beyond the threshold, and not below the minimum sample', () => {
    const week1: Case[] = ['x1', 'x2'].map((id, i) => ({ id, role: EXO, created: `2026-01-0${5 + i}T09:00:00.000Z`, score: 2, rec: 'approve', decision: { by: 'human', decision: 'approve', afterMin: 5 } }));
    const week2: Case[] = ['x3', 'x4'].map((id, i) => ({ id, role: EXO, created: `2026-01-1${2 + i}T09:00:00.000Z`, score: 2, rec: 'approve', decision: { by: 'human', decision: 'deny', afterMin: 5 } }));
    const entries = asEntries(entriesOf([...week1, ...week2]));
    const report = buildReport(entries, OPTIONS);
    assert.deepEqual(
      report.warnings.map((w) => [w.measure, w.baseline, w.current, w.change]),
      [['agreement-rate', 1, 0, -1]],
    );
    assert.equal(buildReport(entries, { ...OPTIONS, thresholds: { minRequests: 3 } }).warnings.length, 0);
    assert.equal(buildReport(entries, { ...OPTIONS, thresholds: { minRequests: 2, agreementShift: 1 } }).warnings.length, 0);
  });

  it('counts the decision PIM took, not one it refused (action.failed) nor one a later decision replaced', () => {
    const c: Case = { id: 'f1', role: EXO, created: '2026-01-06T09:00:00.000Z', score: 2, rec: 'approve', decision: { by: 'human', decision: 'approve', afterMin: 20 } };
    const list = entriesOf([c]);
    const common = { traceId: 't-f1', requestId: 'f1' };
    // Alice's deny, refused by PIM, and recorded as failed right after.
    list.push({ at: plus(c.created, 5), input: { ...common, kind: 'decision.human', actor: { type: 'user', id: 'alice', name: 'Alice' }, output: { decision: 'deny', via: 'teams', note: 'no' } } });
    list.push({ at: plus(c.created, 6), input: { ...common, kind: 'action.failed', actor: { type: 'user', id: 'alice', name: 'Alice' }, output: { failedSeq: 0, failedKind: 'decision.human', error: 'PIM refused' } } });
    list.sort((a, b) => a.at.localeCompare(b.at));
    const entries = asEntries(list);
    const deny = entries.find((e) => e.kind === 'decision.human' && e.actor.id === 'alice')!;
    entries.find((e) => e.kind === 'action.failed')!.output.failedSeq = deny.seq;
    const week = buildReport(entries, OPTIONS).roles.find((r) => r.roleId === EXO.id)!.weeks[0]!;
    assert.equal(week.overrides.length, 0, 'Bob approved as the AI advised; Alice’s refused deny is no override');
    assert.equal(week.humanDecisions, 1);
  });

  it('puts a time in the week that starts on its Monday (UTC)', () => {
    assert.equal(weekOf('2026-01-05T00:00:00Z'), '2026-01-05');
    assert.equal(weekOf('2026-01-11T23:59:59Z'), '2026-01-05');
    assert.equal(weekOf('2026-01-12T00:00:00Z'), '2026-01-12');
  });

  it('reads as text, with the overrides and their notes', () => {
    const text = renderReportText(buildReport(asEntries(entriesOf(CASES)), OPTIONS));
    assert.match(text, /User Administrator \(role-ua\)/);
    assert.match(text, /2026-01-05\s+4\s+4\s+3\/1\/0\s+3\.0\s+3\s+50% \(1\/2\)\s+1\s+1\s+20 min\s+30 min/);
    assert.match(text, /r2: AI said approve \(risk 3\), Bob Stone chose deny — “not on call this week”/);
    assert.match(text, /drift warnings \(1\)/);
  });

  it('renders the weekly card from the Adaptive Card 1.5 template', () => {
    const report = buildReport(asEntries(entriesOf(CASES)), OPTIONS);
    const card = driftReportCard(report);
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.version, '1.5');
    const json = JSON.stringify(card);
    assert.ok(!json.includes('${'), 'every binding is expanded');
    assert.match(json, /User Administrator, week of 2026-01-12: risk bands moved/);
    assert.match(json, /r6: AI said deny, Bob Stone chose approve — “break-fix, INC-7”/);
    assert.ok(!json.includes('No drift beyond the thresholds'));
    const data = driftReportCardData(report);
    assert.equal(data.roles.length, 2);
    assert.equal(data.totals.agreement, '50% (2/4)');

    const quiet = driftReportCard(buildReport([], OPTIONS));
    assert.match(JSON.stringify(quiet), /No drift beyond the thresholds/);
  });
});

await eachBackend('override and drift report from the trail', (backend) => {
  it('reads the same numbers from the database', async () => {
    const { db } = backend();
    let now = '';
    const trail = new AuditTrail(db, { clock: () => new Date(now) });
    for (const { at, input } of entriesOf(CASES)) {
      now = at;
      await trail.append(input);
    }
    checkHandComputed(await loadReport(db, OPTIONS));
  });
});
