import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIntent, type IntentFacts } from '../../src/planner/intent.js';

const NONE: IntentFacts = { strongRole: false, weakRole: false, hasDuration: false, hasTicket: false };
const intent = (text: string, facts: Partial<IntentFacts> = {}): string => classifyIntent(text, { ...NONE, ...facts }).intent;

test('a role with a duration or ticket and no verb is an activation', () => {
  assert.equal(intent('Global Admin, 1 hour', { strongRole: true, hasDuration: true }), 'activate');
  assert.equal(intent('Exchange Administrator', { strongRole: true }), 'activate');
  assert.equal(intent('exchange', { weakRole: true }), 'unknown', 'a service word alone is not a request');
});

test("'request' as a noun does not ask for a role", () => {
  assert.equal(intent('what happened with my request', { strongRole: false }), 'status');
  assert.equal(intent('is my exchange request approved?', { weakRole: true, roleStart: 6 }), 'status');
});

test('the more specific intent wins over a word another intent also uses', () => {
  assert.equal(intent('why was my request cancelled?'), 'explain');
  assert.equal(intent('was my request cancelled?'), 'status');
  assert.equal(intent('help me activate exchange admin', { strongRole: true }), 'activate');
  assert.equal(intent('thanks, now activate GA for an hour', { strongRole: true, hasDuration: true }), 'activate');
  assert.equal(intent('I no longer need GA', { strongRole: true }), 'deactivate');
  assert.equal(intent("I don't need the request anymore"), 'cancel');
  assert.equal(intent('keep GA active for another hour', { strongRole: true, hasDuration: true }), 'extend');
  assert.equal(intent('which roles can I activate'), 'listEligible');
  assert.equal(intent('which role can reset MFA'), 'recommendRole');
});

test('small talk only when that is all there is', () => {
  assert.equal(intent('thanks!'), 'smalltalk');
  assert.equal(intent('hi there, thanks so much'), 'smalltalk');
  assert.equal(intent('hello, what roles am I eligible for?'), 'listEligible');
});

test('confidence drops when a second reading is close', () => {
  const clear = classifyIntent('deactivate GA', { ...NONE, strongRole: true, roleStart: 11 });
  const close = classifyIntent('can I have 30 more minutes on GA?', { ...NONE, strongRole: true, hasDuration: true });
  assert.ok(clear.confidence > close.confidence);
  assert.equal(classifyIntent('lorem ipsum', NONE).confidence, 0);
});

test('contractions typed without apostrophes read like the written ones', () => {
  assert.equal(intent('whats currently active for me'), 'listActive');
  assert.equal(intent('i dont need the request anymore'), 'cancel');
  assert.equal(intent('why cant i activate exchange admin', { strongRole: true, roleStart: 20 }), 'explain');
});

test('who can activate what is a question, and a role asked for is not a question about what is active', () => {
  assert.equal(intent('what can megan bowen activate?'), 'listEligible');
  assert.equal(intent('roles i can elevate to'), 'listEligible');
  assert.equal(intent('could I get the Intune Administrator role activated for 4h?', { strongRole: true, hasDuration: true }), 'activate');
  assert.equal(intent('need the global administrator role right now, INC0061117', { strongRole: true, hasTicket: true }), 'activate');
  assert.equal(intent('need priv role admin to add an eligible assignment, 1h', { strongRole: true, hasDuration: true }), 'activate');
  assert.equal(intent('what role can create conditional access policies', { strongRole: true }), 'recommendRole');
  assert.equal(intent('how long until my security operator expires', { strongRole: true }), 'listActive');
  assert.equal(intent('kill my pending request'), 'cancel');
  assert.equal(intent("what's going on with my exchange admin request", { strongRole: true }), 'status');
});
