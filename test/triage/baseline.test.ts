import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learnBaseline } from '../../src/triage/baseline.js';
import { NOW, peersHistory, routineHistory, USER, EXCHANGE } from './fixtures.js';

describe('learnBaseline', () => {
  const history = [...routineHistory(10), ...peersHistory()];
  history.push({ ...routineHistory(1)[0]!, requestId: 'd1', status: 'denied', reviewNote: 'No ticket' });
  history.push({ ...routineHistory(1)[0]!, requestId: 'future', createdDateTime: '2026-04-01T10:00:00Z' });
  const b = learnBaseline(history, NOW);

  it('learns per-user role stats: count, recency, usual duration, local hours', () => {
    const ur = b.users[USER]?.roles[EXCHANGE];
    assert.equal(ur?.activations, 10);
    assert.equal(ur?.denials, 1);
    assert.equal(ur?.medianDurationMinutes, 120);
    assert.equal(b.users[USER]?.hours[10], 11, '10:00 UTC in March is 10:00 in London');
  });

  it('learns per-role stats with departments', () => {
    const role = b.roles[EXCHANGE];
    assert.equal(role?.users, 3);
    assert.equal(role?.departments.Messaging?.users, 3);
    assert.equal(role?.medianDurationMinutes, 120);
  });

  it('ignores requests after now and outside the window', () => {
    assert.equal(b.users[USER]?.requests, 11);
    const narrow = learnBaseline(history, NOW, 15);
    assert.equal(narrow.users[USER]?.roles[EXCHANGE]?.activations, 2);
  });

  it('survives a JSON round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(b)), b);
  });
});
