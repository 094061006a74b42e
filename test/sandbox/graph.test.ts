import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Sandbox } from '../../src/sandbox/index.js';
import { appToken, call, contoso, contosoSandbox, ROLE, userId, userToken } from './helpers.js';

describe('sandbox Graph surface', () => {
  let sb: Sandbox;
  let app: string;
  before(async () => {
    sb = await contosoSandbox({ now: new Date('2026-11-20T09:00:00Z') });
    app = await appToken(sb);
  });
  afterEach(() => sb.faults.clear());
  after(() => sb.close());

  it('answers unknown paths and versions in Graph error shape with request ids', async () => {
    const r = await call(sb, 'GET', '/v1.0/roleManagement/directory/nothingHere', app);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'BadRequest');
    assert.equal(r.body.error.message, "Resource not found for the segment 'nothingHere'.");
    assert.ok(r.body.error.innerError.date && r.body.error.innerError['request-id'] && r.body.error.innerError['client-request-id']);
    assert.ok(r.headers.get('request-id'));
    assert.equal((await call(sb, 'GET', '/v2.0/users', app)).status, 400);
    assert.equal((await call(sb, 'DELETE', '/v1.0/users', app)).status, 405);
  });

  it('refuses a $batch of 21 and answers one of 20', async () => {
    const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/roleManagement/directory/roleDefinitions?$top=1' }));
    const refused = await call(sb, 'POST', '/v1.0/$batch', app, { requests: requests(21) });
    assert.equal(refused.status, 400);
    const ok = await call(sb, 'POST', '/v1.0/$batch', app, { requests: requests(20) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.responses.length, 20);
    assert.ok(ok.body.responses.every((r: { status: number; body: { value: unknown[] } }) => r.status === 200 && r.body.value.length === 1));
    const dup = await call(sb, 'POST', '/v1.0/$batch', app, { requests: [...requests(1), ...requests(1)] });
    assert.equal(dup.status, 400);
  });

  it('runs dependsOn in order and fails dependents of a failed request with 424', async () => {
    const snap = await contoso();
    const r = await call(sb, 'POST', '/v1.0/$batch', app, {
      requests: [
        { id: '1', method: 'GET', url: `/users/${userId(snap, 'nwilke@contoso.example')}` },
        { id: '2', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: 'users?$top=1', dependsOn: ['2'] },
        { id: '4', method: 'GET', url: '/me', dependsOn: ['1'] },
      ],
    });
    assert.equal(r.status, 200);
    const status = Object.fromEntries(r.body.responses.map((x: { id: string; status: number }) => [x.id, x.status]));
    assert.deepEqual(status, { '1': 200, '2': 404, '3': 424, '4': 400 });
  });

  it('pages with $top and @odata.nextLink until the end, and counts', async () => {
    const snap = await contoso();
    let url: string | undefined = `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests?$top=250&$count=true&$filter=status eq 'Provisioned'`;
    const seen = new Set<string>();
    let count = -1;
    while (url) {
      const r = await call(sb, 'GET', url, app);
      assert.equal(r.status, 200);
      if (count < 0) count = r.body['@odata.count'];
      for (const x of r.body.value) seen.add(x.id);
      assert.ok(r.body.value.length <= 250);
      url = r.body['@odata.nextLink'] ? new URL(r.body['@odata.nextLink']).pathname + new URL(r.body['@odata.nextLink']).search : undefined;
    }
    const expected = snap['roleManagement/directory/roleAssignmentScheduleRequests'].filter((r) => r.status === 'Provisioned').length;
    assert.equal(seen.size, expected);
    assert.equal(count, expected);
    const firstPage = await call(sb, 'GET', '/v1.0/auditLogs/directoryAudits', app);
    assert.equal(firstPage.body.value.length, 100, 'default page size');
    const times = firstPage.body.value.map((a: { activityDateTime: string }) => a.activityDateTime);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.equal((await call(sb, 'GET', '/v1.0/users?$top=1000', app)).status, 400);
  });

  it('filters audit logs by time and by nested paths, and orders', async () => {
    const snap = await contoso();
    const id = userId(snap, 'nwilke@contoso.example');
    const r = await call(sb, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-10-01T00:00:00Z and activityDateTime lt 2026-10-08T00:00:00Z and initiatedBy/user/id eq '${id}'&$orderby=activityDateTime asc&$top=999`, app);
    assert.equal(r.status, 200);
    const expected = snap['auditLogs/directoryAudits'].filter((a) => a.activityDateTime! >= '2026-10-01T00:00:00Z' && a.activityDateTime! < '2026-10-08T00:00:00Z' && a.initiatedBy?.user?.id === id);
    assert.equal(r.body.value.length, expected.length);
    assert.ok(expected.length > 0);
    const times = r.body.value.map((a: { activityDateTime: string }) => a.activityDateTime);
    assert.deepEqual(times, [...times].sort());
    const signIns = await call(sb, 'GET', `/v1.0/auditLogs/signIns?$filter=createdDateTime ge 2026-11-15T00:00:00Z and userId eq '${id}'`, app);
    assert.ok(signIns.body.value.every((s: { userId: string; createdDateTime: string }) => s.userId === id && s.createdDateTime >= '2026-11-15'));
  });

  it('serves users with default properties, $select, $expand=manager, mailbox settings and groups', async () => {
    const snap = await contoso();
    const id = userId(snap, 'nwilke@contoso.example');
    const plain = await call(sb, 'GET', `/v1.0/users/nwilke@contoso.example`, app);
    assert.equal(plain.body.id, id);
    assert.equal(plain.body.department, undefined, 'v1.0 default properties only');
    const selected = await call(sb, 'GET', `/v1.0/users/${id}?$select=id,department,createdDateTime`, app);
    assert.equal(selected.body.department, 'Messaging');
    const managed = await call(sb, 'GET', `/v1.0/users/mbowen@contoso.example?$select=id&$expand=manager`, app);
    assert.equal(managed.body.manager.userPrincipalName, 'awilber@contoso.example');
    assert.equal((await call(sb, 'GET', `/v1.0/users/${id}/manager`, app)).status, 404);
    const mailbox = await call(sb, 'GET', `/v1.0/users/${id}/mailboxSettings`, app);
    assert.equal(mailbox.body.timeZone, 'GMT Standard Time');
    const found = await call(sb, 'GET', `/v1.0/users?$filter=department eq 'messaging' and startswith(displayName,'N')&$select=displayName`, app);
    assert.deepEqual(found.body.value, [{ displayName: 'Nestor Wilke' }]);
    const group = snap.groups.find((g) => g.displayName === 'PIM Approvers - Service Owners')!;
    const members = await call(sb, 'GET', `/v1.0/groups/${group.id}/members`, app);
    assert.equal(members.body.value.length, 4);
    assert.equal(members.body.value[0]['@odata.type'], '#microsoft.graph.user');
    const presence = await call(sb, 'POST', '/v1.0/communications/getPresencesByUserId', app, { ids: [id] });
    assert.equal(presence.body.value[0].id, id);
    const me = await call(sb, 'GET', '/v1.0/me?$select=displayName,jobTitle', await userToken(sb, 'nwilke@contoso.example'));
    assert.deepEqual({ displayName: me.body.displayName, jobTitle: me.body.jobTitle }, { displayName: 'Nestor Wilke', jobTitle: 'Messaging Engineer' });
  });

  it('serves role definitions and policies with their rules on $expand', async () => {
    const v1 = await call(sb, 'GET', `/v1.0/roleManagement/directory/roleDefinitions/${ROLE.globalAdmin}`, app);
    assert.equal(v1.body.displayName, 'Global Administrator');
    assert.equal(v1.body.isPrivileged, undefined, 'isPrivileged is beta only');
    const beta = await call(sb, 'GET', `/beta/roleManagement/directory/roleDefinitions/${ROLE.globalAdmin}`, app);
    assert.equal(beta.body.isPrivileged, true);
    const filter = `scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${ROLE.exchangeAdmin}'`;
    const assignments = await call(sb, 'GET', `/v1.0/policies/roleManagementPolicyAssignments?$filter=${filter}&$expand=policy($expand=rules)`, app);
    assert.equal(assignments.body.value.length, 1);
    const rules = assignments.body.value[0].policy.rules;
    assert.ok(rules.some((r: { id: string }) => r.id === 'Expiration_EndUser_Assignment'));
    const noFilter = await call(sb, 'GET', '/v1.0/policies/roleManagementPolicyAssignments', app);
    assert.equal(noFilter.status, 400);
    const policy = await call(sb, 'GET', `/v1.0/policies/roleManagementPolicies/${assignments.body.value[0].policyId}`, app);
    assert.equal(policy.body.rules, undefined);
    const withRules = await call(sb, 'GET', `/v1.0/policies/roleManagementPolicies/${assignments.body.value[0].policyId}/rules`, app);
    assert.equal(withRules.body.value.length, rules.length);
  });

  it('throttles on demand with 429 and Retry-After, for a limited count', async () => {
    sb.faults.set({ route: /roleDefinitions/, throttleRate: 1, retryAfterSeconds: 3, count: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call(sb, 'GET', '/v1.0/roleManagement/directory/roleDefinitions', app);
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '3');
      assert.equal(r.body.error.code, 'TooManyRequests');
    }
    assert.equal((await call(sb, 'GET', '/v1.0/roleManagement/directory/roleDefinitions', app)).status, 200);
    assert.equal((await call(sb, 'GET', '/v1.0/users?$top=1', app)).status, 200);
  });

  it('injects faults over HTTP: outages, latency, dropped connections, and throttles parts of a batch', async () => {
    const set = await call(sb, 'POST', '/_sandbox/faults', undefined, { route: '/users', unavailableRate: 1 });
    assert.equal(set.status, 200);
    assert.equal((await call(sb, 'GET', '/v1.0/users', app)).status, 503);
    await call(sb, 'POST', '/_sandbox/faults', undefined, { routePattern: '^/v1\\.0/groups', latencyMs: 150 });
    const started = Date.now();
    assert.equal((await call(sb, 'GET', '/v1.0/groups', app)).status, 200);
    assert.ok(Date.now() - started >= 140);
    sb.faults.set({ route: '/organization', dropRate: 1 });
    await assert.rejects(call(sb, 'GET', '/v1.0/organization', app));
    sb.faults.set({ route: '/v1.0/users', throttleRate: 1 });
    const batch = await call(sb, 'POST', '/v1.0/$batch', app, {
      requests: [
        { id: 'a', method: 'GET', url: '/users?$top=1' },
        { id: 'b', method: 'GET', url: '/groups?$top=1' },
      ],
    });
    const byId = Object.fromEntries(batch.body.responses.map((x: { id: string }) => [x.id, x]));
    assert.equal(byId.a.status, 429);
    assert.ok(byId.a.headers['Retry-After']);
    assert.equal(byId.b.status, 200);
    assert.equal((await call(sb, 'DELETE', '/_sandbox/faults')).status, 200);
    assert.equal((await call(sb, 'GET', '/v1.0/users?$top=1', app)).status, 200);
  });
});
