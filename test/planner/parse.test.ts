import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUtterance } from '../../src/planner/index.js';
import { ctx } from './fixtures.js';

const parse = (text: string, over = {}) => parseUtterance(text, ctx(over));

test('an activation with every slot given needs nothing more', () => {
  const r = parse('I need Exchange Administrator for 2 hours to fix a transport rule, CHG0048213');
  assert.equal(r.intent, 'activate');
  assert.equal(r.role, 'Exchange Administrator');
  assert.equal(r.roleId, '29232cdf-9323-42fd-ade2-1d097af3e4de');
  assert.equal(r.duration, 'PT2H');
  assert.equal(r.ticket, 'CHG0048213');
  assert.equal(r.justification, 'fix a transport rule');
  assert.deepEqual(r.missing, []);
  assert.ok(r.confidence >= 0.7);
});

test('what an activation lacks is left empty and listed, never guessed', () => {
  const a = parse('activate exchange admin for 90 minutes');
  assert.equal(a.duration, 'PT90M');
  assert.equal(a.ticket, null);
  assert.equal(a.justification, null);
  assert.deepEqual(a.missing, ['justification']);

  const b = parse('elevate me to Exchange Administrator');
  assert.equal(b.duration, null);
  assert.deepEqual(b.missing, ['duration', 'justification']);

  const c = parse('activate');
  assert.equal(c.intent, 'activate');
  assert.deepEqual(c.missing, ['role', 'duration', 'justification']);

  const d = parse('I need admin rights for a bit');
  assert.equal(d.intent, 'activate');
  assert.equal(d.role, null);
  assert.equal(d.duration, null);
  assert.ok(d.missing.includes('role') && d.missing.includes('duration'));
});

test('other intents list what they need too', () => {
  assert.deepEqual(parse('cancel my request').missing, ['role']);
  assert.deepEqual(parse('cancel my pending exchange request').missing, []);
  assert.deepEqual(parse('I need more time').missing, ['role', 'duration']);
  assert.deepEqual(parse('extend GA by 30 minutes').missing, []);
  assert.deepEqual(parse('what roles can I activate?').missing, []);
});

test('the justification keeps the reason and drops the request around it', () => {
  assert.equal(parse('can you give me teams admin until 5pm? meeting policy change INC0051177').justification, 'meeting policy change');
  assert.equal(parse('I require Privileged Role Administrator for 15 minutes to assign a role to the new hire').justification, 'assign a role to the new hire');
  assert.equal(parse('yo can u pim me into exchange admin for like 2hrs, need to fix mail flow for sales').justification, 'fix mail flow for sales');
  assert.equal(parse('need cloud app admin 1h30 CHG0001122 renew SSO cert for Salesforce').justification, 'renew SSO cert for Salesforce');
  assert.equal(parse('Global Admin please, 1 hour, INC0099887').justification, null);
});

test("'until 5pm' uses the speaker's time zone", () => {
  assert.equal(parse('teams admin until 5pm please', { timeZone: 'America/New_York' }).duration, 'PT700M');
  assert.equal(parse('teams admin until 5pm please', { timeZone: 'Europe/London' }).duration, 'PT400M');
  assert.equal(parse('teams admin until 5pm please', { timeZone: undefined }).duration, 'PT400M', 'UTC when unknown');
});

test('subjects resolve to the tenant, ambiguous or unknown names stay as written', () => {
  const priya = parse("why was Priya's request denied?");
  assert.equal(priya.intent, 'explain');
  assert.equal(priya.subject, 'Priya Raman');
  assert.equal(priya.subjectId, 'u-priya');

  assert.equal(parse('why was Priya Raman denied').subject, 'Priya Raman');
  assert.equal(parse('why was tomas oliveira denied').subject, 'Tomás Oliveira');
  assert.equal(parse("did praman@fabrikam.test's request go through").subject, 'praman@fabrikam.test');
  assert.equal(parse("why did jokafor's activation fail").subject, 'Jane Okafor');
  assert.equal(parse("why did Will's request fail").subject, 'Will Chen');

  const jane = parse("why was Jane's request denied");
  assert.equal(jane.subject, 'Jane');
  assert.equal(jane.subjectId, null, 'two Janes: the bot asks which');

  const zoe = parse("why was Zoe Kim's request rejected?");
  assert.equal(zoe.subject, 'Zoe Kim');
  assert.equal(zoe.subjectId, null);
});

test('questions about oneself have no subject', () => {
  assert.equal(parse('why did my activation fail').subject, null);
  assert.equal(parse("why was Sam's request denied").subject, null, 'Sam is the speaker');
  const will = parse('Will my request be approved soon?');
  assert.equal(will.intent, 'status');
  assert.equal(will.subject, null);
});

test('recommendRole carries the task and no role for a service word', () => {
  const r = parse('which role do I need to manage Exchange mailboxes?');
  assert.equal(r.intent, 'recommendRole');
  assert.equal(r.role, null);
  assert.equal(r.task, 'manage Exchange mailboxes');
  assert.equal(parse("I want to reset MFA for a user, which role?").task, 'reset MFA for a user');
  assert.equal(parse('is helpdesk admin enough to reset passwords?').task, 'reset passwords');
});

test('nothing recognisable is unknown', () => {
  const r = parse("what's the weather like in Lisbon");
  assert.equal(r.intent, 'unknown');
  assert.equal(r.confidence, 0);
  assert.deepEqual(r.missing, []);
});
