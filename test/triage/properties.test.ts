/**
 * Properties that must hold for every request, checked on generated ones: more risk evidence
 * never lowers the score, the band or the recommendation; the guardrails hold whatever the
 * score; a model's reading can only add risk.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { triage } from '../../src/triage/engine.js';
import { withLlmReading } from '../../src/triage/llm-reading.js';
import type { Analysis, FlagId } from '../../src/triage/types.js';
import { evidenceArb, sampleArb } from './arbitraries.js';
import { NOW } from './fixtures.js';

const BANDS = ['low', 'medium', 'high'];
const ACTIONS = ['approve', 'review', 'deny'];
const RUNS = { numRuns: 300, seed: 20261118 };

function noSafer(before: Analysis, after: Analysis, why: string): void {
  assert.ok(after.riskScore >= before.riskScore, `${why}: score ${before.riskScore} → ${after.riskScore}\n${after.rationale}`);
  assert.ok(BANDS.indexOf(after.riskBand) >= BANDS.indexOf(before.riskBand), `${why}: band ${before.riskBand} → ${after.riskBand}`);
  assert.ok(ACTIONS.indexOf(after.recommendedAction) >= ACTIONS.indexOf(before.recommendedAction), `${why}: action ${before.recommendedAction} → ${after.recommendedAction}`);
  assert.ok(!after.autoApprovable || before.autoApprovable, `${why}: became auto-approvable`);
}

describe('more risk evidence never lowers the score', () => {
  it('holds for each piece of evidence and any sequence of them', () => {
    fc.assert(
      fc.property(sampleArb, fc.array(evidenceArb, { minLength: 1, maxLength: 4 }), ({ ctx, baseline }, evidence) => {
        let before = triage(ctx, baseline, NOW);
        const current = structuredClone(ctx);
        for (const e of evidence) {
          e.apply(current);
          const after = triage(current, baseline, NOW);
          noSafer(before, after, e.name);
          before = after;
        }
      }),
      RUNS,
    );
  });
});

describe('guardrails on generated requests', () => {
  it('auto-approves only low-band, non-tier-0 requests with no first activation, risky user or injection', () => {
    fc.assert(
      fc.property(sampleArb, fc.array(evidenceArb, { maxLength: 3 }), ({ ctx, baseline }, evidence) => {
        const current = structuredClone(ctx);
        for (const e of evidence) e.apply(current);
        const a = triage(current, baseline, NOW);
        if (a.riskBand === 'high') assert.notEqual(a.recommendedAction, 'approve');
        if (!a.autoApprovable) return;
        assert.notEqual(a.role.tier, 0);
        assert.equal(a.riskBand, 'low');
        for (const f of ['first-activation', 'risky-user', 'prompt-injection', 'break-glass-account'] as FlagId[]) assert.ok(!a.flags.includes(f), f);
        assert.ok(!current.riskyUser || !['atrisk', 'confirmedcompromised'].includes(current.riskyUser.riskState?.toLowerCase() ?? ''));
      }),
      RUNS,
    );
  });
});

const FLAGS: FlagId[] = ['vague-justification', 'justification-role-mismatch', 'prompt-injection', 'risky-user', 'missing-ticket'];
const concernArb = fc.record({
  detail: fc.oneof(fc.string(), fc.constantFrom('Looks fine', 'The change number is from last year')),
  points: fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double(), fc.constant(Number.NaN)),
  flag: fc.option(fc.constantFrom(...FLAGS), { nil: undefined }),
});

describe('a model reading', () => {
  it('never lowers the score, the band or the action, never clears a flag, never unlocks auto-approval', () => {
    fc.assert(
      fc.property(sampleArb, fc.array(concernArb, { maxLength: 5 }), ({ ctx, baseline }, concerns) => {
        const rules = triage(ctx, baseline, NOW);
        const read = withLlmReading(rules, { model: 'test-model', concerns });
        noSafer(rules, read, 'model reading');
        for (const f of rules.flags) assert.ok(read.flags.includes(f));
        assert.ok(read.riskScore >= 1 && read.riskScore <= 10 && Number.isInteger(read.riskScore));
      }),
      RUNS,
    );
  });
});
