import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainFailure, rulesInWords } from '../../src/bot/failures.js';
import { clockTime, durationInWords, listInWords, minutesInWords, quoted, statusInWords, timeLeft } from '../../src/bot/words.js';
import { errorFromResponse, NetworkError } from '../../src/pim/index.js';

describe('facts in words', () => {
  it('says durations the way people do', () => {
    assert.equal(durationInWords('PT2H'), '2 hours');
    assert.equal(durationInWords('PT90M'), '1 hour 30 minutes');
    assert.equal(durationInWords('P1D'), '1 day');
    assert.equal(minutesInWords(1), '1 minute');
    assert.equal(durationInWords(null), 'no limit');
  });
  it('gives clock times in the reader’s zone, with the day when it is not today', () => {
    const now = new Date('2026-11-26T09:00:00Z');
    assert.equal(clockTime('2026-11-26T17:30:00Z', 'Europe/Berlin', now), '18:30');
    assert.equal(clockTime('2026-11-27T08:00:00Z', 'Europe/London', now), 'tomorrow 08:00');
    assert.match(clockTime('2026-11-20T08:00:00Z', 'UTC', now), /^Fri 20 Nov,? 08:00$/);
    assert.equal(timeLeft('2026-11-26T10:20:00Z', now), '1 hour 20 minutes left');
  });
  it('names request states plainly', () => {
    assert.equal(statusInWords('PendingApproval'), 'waiting for approval');
    assert.equal(statusInWords('Provisioned'), 'active');
    assert.equal(statusInWords('SomethingNew'), 'something new');
  });
  it('quotes what people typed without letting it format the reply', () => {
    assert.equal(quoted('**bold** [link](http://x)'), '\\*\\*bold\\*\\* \\[link\\]\\(http://x\\)');
    assert.equal(quoted('a'.repeat(100), 10), `${'a'.repeat(9)}…`);
    assert.equal(listInWords(['A', 'B', 'C'], 'or'), 'A, B or C');
  });
});

describe('Graph refusals in plain words', () => {
  it('names the failed policy rules and the next step', () => {
    const err = errorFromResponse(400, { error: { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["MfaRule","TicketingRule"]' } });
    const e = explainFailure(err);
    assert.match(e.what, /you must have signed in with multi-factor authentication and a ticket number is required/);
    assert.match(e.next, /sign back in with multi-factor authentication/);
    assert.match(String(e.reference), /RoleAssignmentRequestPolicyValidationFailed, HTTP 400/);
    assert.equal(rulesInWords(['FooRule']), 'the Foo rule must be met');
  });
  it('tells eligibility, pending requests, throttling and outages apart', () => {
    assert.match(explainFailure(errorFromResponse(400, { error: { code: 'RoleAssignmentDoesNotExist', message: 'x' } })).what, /not eligible/);
    assert.match(explainFailure(errorFromResponse(400, { error: { code: 'PendingRoleAssignmentRequest', message: 'x' } })).next, /cancel my request/);
    assert.match(explainFailure(errorFromResponse(429, { error: { code: 'TooManyRequests' } })).next, /in a minute/);
    assert.match(explainFailure(new NetworkError(new Error('ECONNRESET'))).next, /check whether your request got through/);
    assert.match(explainFailure(errorFromResponse(400, { error: { code: 'RoleAssignmentRequestAcrsValidationFailed', message: 'x' } })).what, /Conditional Access step-up/);
    assert.match(explainFailure(new Error('boom')).what, /Something went wrong on my side/);
  });
});
