/**
 * Sentences written for these tests, in other words than the evaluation set, so the planner is
 * held to people's language rather than to a handful of strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUtterance, type ParseResult } from '../../src/planner/index.js';
import { ctx } from './fixtures.js';

type Expect = Partial<Pick<ParseResult, 'intent' | 'role' | 'duration' | 'ticket' | 'subject'>>;

const CASES: Array<[string, Expect]> = [
  // listEligible
  ['what can I elevate to?', { intent: 'listEligible' }],
  ['list my eligible roles', { intent: 'listEligible' }],
  ['which roles am I allowed to activate', { intent: 'listEligible' }],
  ['what roles are available to me', { intent: 'listEligible' }],
  ['show me what I can pim into', { intent: 'listEligible' }],
  ['what am I allowed to pim to?', { intent: 'listEligible' }],
  ['do I have any eligible roles', { intent: 'listEligible' }],
  ["what can Priya activate?", { intent: 'listEligible', subject: 'Priya Raman' }],
  // listActive
  ['what roles do I have right now?', { intent: 'listActive' }],
  ['am I still GA?', { intent: 'listActive', role: 'Global Administrator' }],
  ['which of my roles are active?', { intent: 'listActive' }],
  ['what privileges do I currently hold', { intent: 'listActive' }],
  ['when does my exchange admin expire', { intent: 'listActive', role: 'Exchange Administrator' }],
  ['how long do I have left on GA', { intent: 'listActive', role: 'Global Administrator' }],
  // activate
  ['PIM me to GA for an hour, INC0012345 - investigating a sign-in incident', { intent: 'activate', role: 'Global Administrator', duration: 'PT1H', ticket: 'INC0012345' }],
  ['I need global admin for 30 mins to fix conditional access policy CHG0012345', { intent: 'activate', role: 'Global Administrator', duration: 'PT30M', ticket: 'CHG0012345' }],
  ['pls activate SharePoint admin for half an hour, site quota issue on finance site', { intent: 'activate', role: 'SharePoint Administrator', duration: 'PT30M', ticket: null }],
  ['give me intune admin 2h REQ0098765 enrolling new laptops', { intent: 'activate', role: 'Intune Administrator', duration: 'PT2H', ticket: 'REQ0098765' }],
  ['can I get Exchnage Adminstrator for 45 minutes? mailbox migration stuck RITM0045678', { intent: 'activate', role: 'Exchange Administrator', duration: 'PT45M', ticket: 'RITM0045678' }],
  ["I'd like to activate the Security Administrator role for two hours because of the phishing campaign, see OPS-1421", { intent: 'activate', role: 'Security Administrator', duration: 'PT2H', ticket: 'OPS-1421' }],
  ['turn on GA for ninety minutes', { intent: 'activate', role: 'Global Administrator', duration: 'PT90M' }],
  ['request teams admin for an hour and a half', { intent: 'activate', role: 'Teams Administrator', duration: 'PT90M' }],
  ['escalate me to billing admin for 1 hr', { intent: 'activate', role: 'Billing Administrator', duration: 'PT1H' }],
  ['get me groups admin', { intent: 'activate', role: 'Groups Administrator', duration: null }],
  ['activate PRA', { intent: 'activate', role: 'Privileged Role Administrator', duration: null, ticket: null }],
  ['elevate me', { intent: 'activate', role: null, duration: null }],
  ['Password admin for a quarter of an hour pls, user locked out INC0100200', { intent: 'activate', role: 'Password Administrator', duration: 'PT15M', ticket: 'INC0100200' }],
  // status
  ['has my request been approved yet?', { intent: 'status' }],
  ['any update on my exchange request?', { intent: 'status', role: 'Exchange Administrator' }],
  ['is my GA request still pending?', { intent: 'status', role: 'Global Administrator' }],
  ["where's my activation at", { intent: 'status' }],
  ['who needs to approve my request?', { intent: 'status' }],
  ["did Priya's request go through?", { intent: 'status', subject: 'Priya Raman' }],
  ["what's happening with my SharePoint activation?", { intent: 'status', role: 'SharePoint Administrator' }],
  // cancel
  ['withdraw my pending GA activation', { intent: 'cancel', role: 'Global Administrator' }],
  ['never mind, cancel it', { intent: 'cancel' }],
  ['please scrap my sharepoint request', { intent: 'cancel', role: 'SharePoint Administrator' }],
  ["I don't need that request anymore", { intent: 'cancel' }],
  // deactivate
  ["I'm finished with global admin, you can turn it off", { intent: 'deactivate', role: 'Global Administrator' }],
  ['drop exchange admin', { intent: 'deactivate', role: 'Exchange Administrator' }],
  ['remove my admin access now', { intent: 'deactivate' }],
  ['I no longer need Teams Administrator', { intent: 'deactivate', role: 'Teams Administrator' }],
  ['release the Teams Administrator role, job done', { intent: 'deactivate', role: 'Teams Administrator' }],
  ['end my exchange session', { intent: 'deactivate', role: 'Exchange Administrator' }],
  // extend
  ['extend my exchange admin by another hour', { intent: 'extend', role: 'Exchange Administrator', duration: 'PT1H' }],
  ['can I have 30 more minutes on GA?', { intent: 'extend', role: 'Global Administrator', duration: 'PT30M' }],
  ['keep my intune admin active for another 2 hours', { intent: 'extend', role: 'Intune Administrator', duration: 'PT2H' }],
  ['renew my security admin activation for 2 more hours', { intent: 'extend', role: 'Security Administrator', duration: 'PT2H' }],
  ['I need more time', { intent: 'extend', role: null, duration: null }],
  // recommendRole
  ["what role lets me reset a user's password?", { intent: 'recommendRole', role: null }],
  ['which role should I request to manage Teams meeting policies', { intent: 'recommendRole', role: null }],
  ["what's the least privileged role for reading audit logs", { intent: 'recommendRole' }],
  ['what do I need to rotate a client secret', { intent: 'recommendRole' }],
  ['recommend a role for creating new users', { intent: 'recommendRole' }],
  ['I want to reset MFA for a user, which role?', { intent: 'recommendRole' }],
  // explain
  ['why was my GA request declined', { intent: 'explain', role: 'Global Administrator' }],
  ['explain why Priya Raman was denied', { intent: 'explain', subject: 'Priya Raman' }],
  ["why did Tomás's exchange request get rejected?", { intent: 'explain', subject: 'Tomás Oliveira', role: 'Exchange Administrator' }],
  ['what went wrong with my exchange activation', { intent: 'explain' }],
  ["why can't I activate global admin", { intent: 'explain', role: 'Global Administrator' }],
  ['who rejected my request and why?', { intent: 'explain' }],
  ['my activation failed', { intent: 'explain' }],
  // help and small talk
  ['what can you do?', { intent: 'help' }],
  ['how does this work', { intent: 'help' }],
  ["I'm confused", { intent: 'help' }],
  ['?', { intent: 'help' }],
  ['thanks a lot', { intent: 'smalltalk' }],
  ['good morning!', { intent: 'smalltalk' }],
  ['cheers mate', { intent: 'smalltalk' }],
  ['ok thanks', { intent: 'smalltalk' }],
  ['bye', { intent: 'smalltalk' }],
  // unknown
  ["what's the weather like", { intent: 'unknown' }],
  ['blah blah', { intent: 'unknown' }],
];

test(`the planner reads ${CASES.length} phrasings of its own`, () => {
  const wrong: string[] = [];
  for (const [text, expect] of CASES) {
    const got = parseUtterance(text, ctx());
    for (const [k, v] of Object.entries(expect)) {
      const actual = got[k as keyof Expect];
      if (actual !== v) wrong.push(`${JSON.stringify(text)}: ${k} ${JSON.stringify(actual)}, expected ${JSON.stringify(v)}`);
    }
  }
  assert.deepEqual(wrong, []);
});
