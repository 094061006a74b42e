import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRole } from '../../src/planner/index.js';
import { ROLES } from './fixtures.js';

const role = (text: string): string | null => findRole(text, ROLES)?.role.displayName ?? null;

test('full names, any case, plurals', () => {
  assert.equal(role('I need Exchange Administrator'), 'Exchange Administrator');
  assert.equal(role('global readers please'), 'Global Reader');
  assert.equal(role('make me a SHAREPOINT ADMINISTRATOR'), 'SharePoint Administrator');
});

test("'admin' for Administrator and other everyday abbreviations", () => {
  assert.equal(role('activate exchange admin'), 'Exchange Administrator');
  assert.equal(role('teams admin until 5pm'), 'Teams Administrator');
  assert.equal(role('sec admin'), 'Security Administrator');
  assert.equal(role('cloud app admin'), 'Cloud Application Administrator');
  assert.equal(role('app admin'), 'Application Administrator');
  assert.equal(role('auth admin'), 'Authentication Administrator');
  assert.equal(role('priv auth admin'), 'Privileged Authentication Administrator');
  assert.equal(role('priv role admin'), 'Privileged Role Administrator');
  assert.equal(role('password admin'), 'Password Administrator');
  assert.equal(role('licence admin'), 'License Administrator');
  assert.equal(role('group admin'), 'Groups Administrator');
  assert.equal(role('teams comms admin'), 'Teams Communications Administrator');
});

test('acronyms and nicknames', () => {
  assert.equal(role('PIM me to GA'), 'Global Administrator');
  assert.equal(role('pim me to ga for an hour'), 'Global Administrator');
  assert.equal(role('need PRA'), 'Privileged Role Administrator');
  assert.equal(role('PAA for 10 minutes'), 'Privileged Authentication Administrator');
  assert.equal(role('CA admin'), 'Conditional Access Administrator');
  assert.equal(role('SPO admin'), 'SharePoint Administrator');
  assert.equal(role('Exchange Online admin'), 'Exchange Administrator');
  assert.equal(role('tenant admin'), 'Global Administrator');
  assert.equal(role('MDM admin'), 'Intune Administrator');
  assert.equal(role('help desk admin'), 'Helpdesk Administrator');
});

test('typos', () => {
  assert.equal(role('Exchnage Adminstrator'), 'Exchange Administrator');
  assert.equal(role('Intnue admin'), 'Intune Administrator');
  assert.equal(role('gloabl admin'), 'Global Administrator');
  assert.equal(role('sharepiont admin'), 'SharePoint Administrator');
  assert.equal(role('securty reader'), 'Security Reader');
  assert.equal(role('share point admin'), 'SharePoint Administrator');
});

test('one distinctive word names its role; the longest reading wins', () => {
  assert.equal(role('cancel my pending exchange request'), 'Exchange Administrator');
  assert.equal(role('why did my intune request fail'), 'Intune Administrator');
  assert.equal(role('exchange recipient admin'), 'Exchange Recipient Administrator');
  assert.equal(findRole('cancel my exchange request', ROLES)?.strong, false);
  assert.equal(findRole('Exchange Administrator', ROLES)?.strong, true);
});

test('no role where none is named', () => {
  assert.equal(role("which role do I need to reset someone's MFA?"), null);
  assert.equal(role('I need admin rights'), null);
  assert.equal(role('my team needs help'), null);
  assert.equal(role('reset a users password'), null);
  assert.equal(role('security is important'), null);
  assert.equal(role('teh admin'), null);
});
