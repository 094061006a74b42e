import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateTenant } from '../../src/sandbox/generate/index.js';
import { demoTenantPath, startSandbox } from '../../src/sandbox/index.js';
import { parseSnapshot } from '../../src/tenant/snapshot.js';
import { call, tokenReply } from './helpers.js';

const END = new Date('2026-11-20T00:00:00Z');
const digest = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('sandbox tenant generator', () => {
  const dir = mkdtemp(join(tmpdir(), 'sandbox-gen-'));
  after(async () => rm(await dir, { recursive: true, force: true }));

  it('gives the same bytes for the same seed, and different ones for another', async () => {
    const out = (name: string) => dir.then((d) => join(d, name));
    const options = { users: 50, days: 20, seed: 'alpha', end: END };
    await generateTenant({ ...options, out: await out('a.json') });
    await generateTenant({ ...options, out: await out('b.json') });
    await generateTenant({ ...options, seed: 'beta', out: await out('c.json') });
    assert.equal(await digest(await out('a.json')), await digest(await out('b.json')));
    assert.notEqual(await digest(await out('a.json')), await digest(await out('c.json')));
  });

  it('writes a tenant in the snapshot format: real roles, 17-rule policies, break-glass, history', async () => {
    const path = join(await dir, 'shape.json');
    const summary = await generateTenant({ users: 120, days: 30, requests: 200, seed: 'shape', end: END, out: path });
    const snap = parseSnapshot(await readFile(path, 'utf8'));
    assert.equal(snap.users.length, 120);
    const roles = new Map(snap['roleManagement/directory/roleDefinitions'].map((r) => [r.displayName, r.id]));
    assert.equal(roles.get('Global Administrator'), '62e90394-69f5-4237-9190-012177145e10');
    assert.equal(roles.get('Privileged Role Administrator'), 'e8611ab8-c189-46e8-94e1-60213ab1f814');
    assert.equal(roles.get('Exchange Administrator'), '29232cdf-9323-42fd-ade2-1d097af3e4de');
    for (const p of snap['policies/roleManagementPolicies']) assert.equal(p.rules?.length, 17);
    const breakGlass = snap.groups.find((g) => g.displayName === 'Emergency Access Accounts') as { members: Array<{ id: string }> };
    assert.equal(breakGlass.members.length, 2);
    const standing = snap['roleManagement/directory/roleAssignmentSchedules'];
    assert.deepEqual(standing.map((s) => s.principalId).sort(), breakGlass.members.map((m) => m.id).sort());
    const requests = snap['roleManagement/directory/roleAssignmentScheduleRequests'];
    assert.equal(requests.length, summary.requests);
    assert.ok(requests.length > 150 && requests.length <= 200);
    assert.ok(requests.every((r) => r.status === 'Provisioned' || r.status === 'Denied'));
    assert.ok(requests.every((r) => r.createdDateTime! < END.toISOString()));
    const audits = snap['auditLogs/directoryAudits'];
    const requested = audits.filter((a) => a.activityDisplayName === 'Add member to role requested (PIM activation)');
    assert.equal(requested.length, requests.length);
    const users = new Set(snap.users.map((u) => u.id));
    assert.ok(snap.users.every((u) => !u.manager || users.has(u.manager.id!)));
    assert.ok(snap.users.every((u) => typeof u.mailboxSettings?.timeZone === 'string'));
  });

  it('produces tenants the sandbox serves, the shipped demo tenant among them', async () => {
    const path = join(await dir, 'serve.json');
    await generateTenant({ users: 60, days: 20, seed: 'serve', end: END, out: path });
    for (const tenantFile of [path, demoTenantPath()]) {
      const sb = await startSandbox({ tenantFile, now: END });
      try {
        const token = (await tokenReply(sb, { grant_type: 'client_credentials', client_secret: 'sandbox', scope: 'https://graph.microsoft.com/.default' })).body.access_token;
        const r = await call(sb, 'GET', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests?$top=5&$count=true', token);
        assert.equal(r.status, 200);
        assert.ok(r.body['@odata.count'] > 20, tenantFile);
      } finally {
        await sb.close();
      }
    }
  });
});
