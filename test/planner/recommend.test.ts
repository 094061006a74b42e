import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendRoles } from '../../src/planner/index.js';
import { ROLE_DEFINITIONS } from './fixtures.js';

const first = (task: string): string | undefined => recommendRoles(task, ROLE_DEFINITIONS)[0]?.displayName;

test('the narrowest role whose actions cover the task comes first', () => {
  assert.equal(first("reset someone's MFA"), 'Authentication Administrator');
  assert.equal(first('help a user who lost their phone re-register the authenticator app'), 'Authentication Administrator');
  assert.equal(first('reset a password for a locked out user'), 'Password Administrator');
  assert.equal(first('update a transport rule'), 'Exchange Administrator');
  assert.equal(first('give someone full access to a shared mailbox'), 'Exchange Recipient Administrator');
  assert.equal(first('change the storage quota of a SharePoint site'), 'SharePoint Administrator');
  assert.equal(first('rotate an expiring client secret for our HR app'), 'Cloud Application Administrator');
  assert.equal(first('add people to a security group'), 'Groups Administrator');
  assert.equal(first('assign licences to new starters'), 'License Administrator');
  assert.equal(first('onboard a new hire'), 'User Administrator');
  assert.equal(first('wipe a lost laptop'), 'Intune Administrator');
  assert.equal(first('set up a retention policy'), 'Compliance Administrator');
  assert.equal(first('pay an invoice'), 'Billing Administrator');
  assert.equal(first('change a conditional access policy'), 'Conditional Access Administrator');
  assert.equal(first('assign the Exchange role to someone'), 'Privileged Role Administrator');
});

test('looking needs only a reader', () => {
  assert.ok(['Security Reader', 'Reports Reader', 'Global Reader'].includes(first('review audit logs')!));
  assert.ok(['Security Reader', 'Reports Reader'].includes(first('check the sign-in logs of a user')!));
  assert.equal(first('view conditional access policies'), 'Security Reader');
  assert.equal(first('see the whole tenant configuration without changing anything'), 'Global Reader');
});

test('a task of two parts needs a role that does both', () => {
  assert.equal(first('create a user and reset their password'), 'User Administrator');
  assert.equal(first('delete a user and then release their licence'), 'User Administrator');
});

test('a tier-0 role never outranks a narrower one that covers the task', () => {
  const ranked = recommendRoles('reset MFA for a user', ROLE_DEFINITIONS).map((r) => r.displayName);
  assert.ok(ranked.indexOf('Authentication Administrator') < ranked.indexOf('Privileged Authentication Administrator'));
  assert.equal(ranked[ranked.length - 1], 'Global Administrator');
});

test('reasons are plain words and scores fall with rank', () => {
  const ranked = recommendRoles('unlock an account and reset its password', ROLE_DEFINITIONS);
  assert.match(ranked[0]!.reason, /^Can reset a user's password .*least privileged of the \d+ roles/);
  assert.match(ranked[1]!.reason, /^Can also /);
  for (const r of ranked) assert.ok(r.score > 0 && r.score <= 1);
  assert.ok(ranked[0]!.score >= ranked[ranked.length - 1]!.score);
});

test('roles the tenant lacks are never recommended; unknown tasks give nothing', () => {
  const small = ROLE_DEFINITIONS.filter((r) => ['Global Administrator', 'Helpdesk Administrator', 'User Administrator'].includes(r.displayName!));
  assert.equal(recommendRoles('reset a password', small)[0]?.displayName, 'Helpdesk Administrator');
  assert.equal(recommendRoles('update a transport rule', small)[0]?.displayName, 'Global Administrator');
  assert.deepEqual(recommendRoles('bake a cake', ROLE_DEFINITIONS), []);
});

test('a service named without a known task falls back to the roles of that service', () => {
  assert.equal(first('something about our Power BI workspaces'), 'Global Administrator');
  assert.equal(first('general teams stuff'), 'Teams Administrator');
});

test('a built-in role keeps its documented actions when the snapshot lists only some of them', () => {
  const partial = [
    { id: 'ua', templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/users/create'] }] },
    { id: 'hd', templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/users/password/update'] }] },
    { id: 'ga', templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/allEntities/allProperties/allTasks'] }] },
  ];
  assert.equal(recommendRoles('invite a guest user from a partner', partial)[0]?.displayName, 'User Administrator');
  assert.equal(recommendRoles("block a user's sign-in", partial)[0]?.displayName, 'User Administrator', 'not the helpdesk, which cannot');
});

test('roles meant for sync engines, partners and apps are never recommended', () => {
  const roles = [
    ...ROLE_DEFINITIONS,
    { id: 'p2', templateId: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', displayName: 'Partner Tier2 Support', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/users/password/update'] }] },
    { id: 'dw', templateId: '9360feb5-f418-4baa-8175-e2a00bac4301', displayName: 'Directory Writers', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/users/basic/update'] }] },
  ];
  for (const task of ['reset a password', "change a user's job title", 'assign a directory role to someone']) {
    const names = recommendRoles(task, roles).map((r) => r.displayName);
    assert.ok(!names.includes('Partner Tier2 Support') && !names.includes('Directory Writers'), `${task}: ${names.join(', ')}`);
  }
});

test('a reader is never offered for a change, and a tenant-wide look needs a tenant-wide reader', () => {
  assert.equal(first('read everything in the tenant without making changes'), 'Global Reader');
  assert.equal(first('require MFA for all admins'), 'Conditional Access Administrator');
  assert.equal(first('configure Intune compliance policies'), 'Intune Administrator');
});
