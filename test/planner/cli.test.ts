/** The two command lines, run as a person (or the scoring script) runs them. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PEOPLE, ROLE_DEFINITIONS } from './fixtures.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/pim-copilot.js', import.meta.url));
let dir = '';
let tenant = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'planner-cli-'));
  tenant = join(dir, 'tenant.json');
  const users = PEOPLE.map((p) => ({ ...p, mailboxSettings: { timeZone: p.id === 'u-me' ? 'Tokyo Standard Time' : 'GMT Standard Time' } }));
  writeFileSync(tenant, JSON.stringify({
    organization: [{ id: 'org-fabrikam', displayName: 'Fabrikam' }],
    users,
    'roleManagement/directory/roleDefinitions': ROLE_DEFINITIONS,
    'policies/roleManagementPolicies': [],
    'policies/roleManagementPolicyAssignments': [],
  }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, PIM_COPILOT_FROM_SOURCE: '1' } });
  return JSON.parse(stdout);
}

test('parse --json prints the reading, clock times in the speaker mailbox zone', async () => {
  const out = (await cli('parse', 'give me teams admin until 5pm, meeting policy change INC0051177', '--as', 'staylor@fabrikam.test', '--tenant', tenant, '--now', '2026-11-18T06:00:00Z', '--json')) as Record<string, unknown>;
  assert.equal(out.intent, 'activate');
  assert.equal(out.role, 'Teams Administrator');
  assert.equal(out.ticket, 'INC0051177');
  assert.equal(out.timeZone, 'Asia/Tokyo');
  assert.equal(out.duration, 'PT2H', '15:00 in Tokyo, two hours to 5pm');
  assert.equal(out.subject, null);
  assert.equal(out.justification, 'meeting policy change');
});

test('recommend-role --json prints { roles: [{ displayName, id, reason }] }', async () => {
  const out = (await cli('recommend-role', "reset someone's MFA", '--tenant', tenant, '--json')) as { roles: Array<Record<string, unknown>> };
  assert.equal(out.roles[0]?.displayName, 'Authentication Administrator');
  assert.equal(out.roles[0]?.id, 'c4e39bd9-1100-46d3-8c65-fb160da0071f');
  assert.equal(typeof out.roles[0]?.reason, 'string');
});

test('a missing tenant is a usage error, not a crash', async () => {
  await assert.rejects(run(process.execPath, [BIN, 'parse', 'hello'], { env: { ...process.env, PIM_COPILOT_FROM_SOURCE: '1' } }), (err: { code?: number; stderr?: string }) => err.code === 2 && /usage/.test(err.stderr ?? ''));
});
