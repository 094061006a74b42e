import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { triage } from '../../src/triage/engine.js';
import { withLlmReading } from '../../src/triage/llm-reading.js';
import { checkTicket, findTicket } from '../../src/triage/tickets.js';
import { durationMinutes, ianaZone, isoDuration, localTime } from '../../src/triage/time.js';
import { build, NOW } from './fixtures.js';

describe('time', () => {
  it('maps Windows zone names to IANA and passes IANA names through', () => {
    assert.equal(ianaZone('GMT Standard Time'), 'Europe/London');
    assert.equal(ianaZone('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(ianaZone('Asia/Tokyo'), 'Asia/Tokyo');
    assert.equal(ianaZone('Not A Zone'), 'UTC');
    assert.equal(ianaZone(undefined), 'UTC');
  });
  it('gives local hour and weekday, daylight saving included', () => {
    assert.deepEqual(localTime('2026-07-04T23:30:00Z', 'GMT Standard Time'), { hour: 0, minute: 30, weekday: 0, zone: 'Europe/London' });
    assert.equal(localTime('2026-01-05T17:00:00Z', 'Pacific Standard Time').hour, 9);
  });
  it('reads and writes ISO 8601 durations', () => {
    assert.equal(durationMinutes('PT2H30M'), 150);
    assert.equal(durationMinutes('P1D'), 1440);
    assert.equal(durationMinutes('bogus'), undefined);
    assert.equal(isoDuration(90), 'PT1H30M');
    assert.equal(isoDuration(480), 'PT8H');
  });
});

describe('tickets', () => {
  it('recognises common formats and their kind', () => {
    assert.deepEqual(findTicket('outage, incident INC0051190'), { number: 'INC0051190', system: 'ServiceNow', kind: 'incident' });
    assert.equal(findTicket('see OPS-4411')?.system, 'Jira');
    assert.equal(findTicket('AB#1234')?.system, 'Azure DevOps');
    assert.equal(findTicket('nothing here'), undefined);
  });
  it('tells well-formed references from placeholders and junk', () => {
    assert.equal(checkTicket('CHG0048213', 'ServiceNow', '').wellFormed, true);
    assert.equal(checkTicket('48213', 'Zendesk', '').wellFormed, true);
    assert.equal(checkTicket('n/a', 'ServiceNow', '').present, false);
    assert.equal(checkTicket('see email', 'ServiceNow', '').wellFormed, false);
  });
});

describe('duration at the policy maximum', () => {
  it('counts double the usual at the maximum like a threefold jump', () => {
    const b = build((c) => ((c.request.duration = 'PT4H'), (c.policy.maximumDuration = 'PT4H')));
    const a = triage(b.ctx, b.baseline, NOW);
    assert.equal(a.factors.find((f) => f.id === 'duration')?.points, 3);
    assert.equal(a.riskBand, 'medium');
  });
});

describe('an LLM reading', () => {
  const b = build();
  const base = triage(b.ctx, b.baseline, NOW);
  it('can raise the score and add its concerns as factors', () => {
    const a = withLlmReading(base, { model: 'test-model', concerns: [{ detail: 'The change number is from last year', points: 3, flag: 'vague-justification' }] });
    assert.equal(a.riskScore, base.riskScore + 3);
    assert.ok(a.flags.includes('vague-justification'));
    assert.equal(a.autoApprovable, false);
    assert.notEqual(a.recommendedAction, 'approve');
  });
  it('can never lower it', () => {
    const a = withLlmReading(base, { model: 'test-model', concerns: [{ detail: 'Looks fine', points: -5 }] });
    assert.equal(a.riskScore, base.riskScore);
    assert.equal(a.recommendedAction, base.recommendedAction);
  });
});
