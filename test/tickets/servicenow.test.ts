/**
 * The ServiceNow connector against the Table API stand-in: the table each number lives in, display
 * values read right, basic and OAuth credentials, group membership, and the stand-in answering in
 * the API's own shapes (display_value false, true and all; dot-walked fields; `^OR` queries).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TicketSystemError } from '../../src/tickets/http.js';
import { ServiceNowConnector } from '../../src/tickets/servicenow.js';
import { SN, SN_CLIENT_ID, SN_CLIENT_SECRET, SN_PASSWORD, SN_USER, signal, startSystems, type Systems } from './support.js';

describe('ServiceNow connector', () => {
  let systems: Systems;
  before(async () => {
    systems = await startSystems();
  });
  after(() => systems.close());

  it('reads a change request by number with its display values, window, people, group and link', async () => {
    const calls = systems.serviceNow.calls.length;
    const record = await systems.snConnector.get(SN.good, signal());
    assert.ok(record);
    assert.equal(record.number, SN.good);
    assert.equal(record.type, 'change_request');
    assert.equal(record.kind, 'change');
    assert.equal(record.shortDescription, 'Apply transport rule change for the partner connector');
    assert.equal(record.state, 'Implement');
    assert.equal(record.open, true);
    assert.equal(record.emergency, false);
    assert.equal(record.plannedStart, '2026-03-18T09:00:00Z');
    assert.equal(record.plannedEnd, '2026-03-18T14:00:00Z');
    assert.deepEqual(record.assignmentGroup?.name, 'Messaging Team');
    assert.equal(record.configurationItem, 'Exchange Online');
    assert.deepEqual(
      record.people.find((p) => p.role === 'assignee'),
      { role: 'assignee', name: 'Nina Requester', email: 'nina.requester@example.test', userName: 'nina@example.test' },
    );
    assert.match(record.url ?? '', /\/change_request\.do\?sys_id=[0-9a-f]{32}$/);
    const call = systems.serviceNow.calls[calls]!;
    assert.equal(call.path, '/api/now/table/change_request');
    assert.equal(call.query.sysparm_query, `number=${SN.good}`);
    assert.equal(call.query.sysparm_display_value, 'all');
    assert.match(call.authorization ?? '', /^Basic /);
  });

  it('picks the table by prefix: INC from incident, RITM from sc_req_item', async () => {
    const inc = await systems.snConnector.get(SN.openIncident, signal());
    assert.equal(inc?.type, 'incident');
    assert.equal(inc?.state, 'In Progress');
    assert.equal(inc?.people.find((p) => p.role === 'caller')?.name, 'Bo Chan');
    const ritm = await systems.snConnector.get(SN.requestItem.toLowerCase(), signal());
    assert.equal(ritm?.type, 'sc_req_item');
    assert.equal(ritm?.state, 'Work in Progress');
    assert.equal(ritm?.people.find((p) => p.role === 'requested for')?.userName, 'nina@example.test');
    assert.equal(systems.snConnector.handles('OPS-12'), false);
    assert.equal(systems.snConnector.handles('CHG0048213'), true);
  });

  it('counts a resolved incident as done although ServiceNow keeps it active', async () => {
    const inc = await systems.snConnector.get(SN.resolvedIncident, signal());
    assert.equal(inc?.state, 'Resolved');
    assert.equal(inc?.open, false);
    const closed = await systems.snConnector.get(SN.closed, signal());
    assert.equal(closed?.state, 'Closed');
    assert.equal(closed?.open, false);
  });

  it('reads an emergency change from its type', async () => {
    assert.equal((await systems.snConnector.get(SN.emergency, signal()))?.emergency, true);
  });

  it('answers null for a number that does not exist', async () => {
    assert.equal(await systems.snConnector.get(SN.missing, signal()), null);
  });

  it('asks sys_user_grmember whether someone is in the assignment group', async () => {
    const record = await systems.snConnector.get(SN.team, signal());
    const group = record!.assignmentGroup!.id;
    assert.equal(await systems.snConnector.isGroupMember(group, { userPrincipalName: 'nina@example.test' }, signal()), true);
    assert.equal(await systems.snConnector.isGroupMember(group, { mail: 'nina.requester@example.test' }, signal()), true);
    assert.equal(await systems.snConnector.isGroupMember(group, { userPrincipalName: 'bo@example.test' }, signal()), false);
    // Values that would change the encoded query are never sent.
    assert.equal(await systems.snConnector.isGroupMember(group, { userPrincipalName: 'x^ORuser.user_name!=nobody' }, signal()), false);
  });

  it('authenticates with OAuth client credentials, and with the password grant, reusing the token', async () => {
    for (const auth of [
      { kind: 'oauth' as const, clientId: SN_CLIENT_ID, clientSecret: SN_CLIENT_SECRET },
      { kind: 'oauth' as const, clientId: SN_CLIENT_ID, clientSecret: SN_CLIENT_SECRET, username: SN_USER, password: SN_PASSWORD },
    ]) {
      const connector = new ServiceNowConnector({ instanceUrl: systems.serviceNow.url, auth });
      const before = systems.serviceNow.calls.length;
      assert.equal((await connector.get(SN.good, signal()))?.number, SN.good);
      assert.equal((await connector.get(SN.closed, signal()))?.number, SN.closed);
      const calls = systems.serviceNow.calls.slice(before);
      assert.deepEqual(
        calls.map((c) => c.path),
        ['/oauth_token.do', '/api/now/table/change_request', '/api/now/table/change_request'],
      );
      assert.match(calls[1]!.authorization ?? '', /^Bearer /);
    }
  });

  it('says plainly when the credentials are refused, without repeating them', async () => {
    const wrong = new ServiceNowConnector({ instanceUrl: systems.serviceNow.url, auth: { kind: 'basic', username: SN_USER, password: 'not-the-password' } });
    await assert.rejects(wrong.get(SN.good, signal()), (err: unknown) => err instanceof TicketSystemError && err.status === 401 && !err.message.includes('not-the-password'));
    const client = new ServiceNowConnector({ instanceUrl: systems.serviceNow.url, auth: { kind: 'oauth', clientId: SN_CLIENT_ID, clientSecret: 'wrong-secret' } });
    await assert.rejects(client.get(SN.good, signal()), /ServiceNow refused the OAuth client \(401\)/);
  });
});

describe('ServiceNow Table API stand-in', () => {
  let systems: Systems;
  const auth = { authorization: `Basic ${Buffer.from(`${SN_USER}:${SN_PASSWORD}`).toString('base64')}`, accept: 'application/json' };
  const get = async (path: string) => {
    const res = await fetch(`${systems.serviceNow.url}${path}`, { headers: auth });
    return { status: res.status, body: (await res.json()) as { result?: Array<Record<string, unknown>>; error?: { message: string } } };
  };
  before(async () => {
    systems = await startSystems();
  });
  after(() => systems.close());

  it('answers references as {link, value}, {display_value, link} or all three, as sysparm_display_value asks', async () => {
    const q = `sysparm_query=number=${SN.good}&sysparm_fields=assigned_to,state,short_description`;
    const raw = (await get(`/api/now/table/change_request?${q}`)).body.result![0]!;
    assert.deepEqual(Object.keys(raw).sort(), ['assigned_to', 'short_description', 'state']);
    assert.equal(raw.state, '-1');
    assert.match((raw.assigned_to as { link: string }).link, /\/api\/now\/table\/sys_user\/a1/);
    assert.equal((raw.assigned_to as { value: string }).value.length, 32);
    const shown = (await get(`/api/now/table/change_request?${q}&sysparm_display_value=true`)).body.result![0]!;
    assert.equal(shown.state, 'Implement');
    assert.equal((shown.assigned_to as { display_value: string }).display_value, 'Nina Requester');
    const all = (await get(`/api/now/table/change_request?${q}&sysparm_display_value=all&sysparm_exclude_reference_link=true`)).body.result![0]!;
    assert.deepEqual(all.state, { display_value: 'Implement', value: '-1' });
    assert.deepEqual(Object.keys(all.assigned_to as object).sort(), ['display_value', 'value']);
  });

  it('dot-walks references and applies ^OR to the condition before it', async () => {
    const group = (await get(`/api/now/table/change_request?sysparm_query=number=${SN.good}&sysparm_fields=assignment_group`)).body.result![0]!.assignment_group as { value: string };
    const hit = await get(`/api/now/table/sys_user_grmember?sysparm_query=group=${group.value}^user.email=nobody@example.test^ORuser.user_name=nina@example.test&sysparm_fields=user.name`);
    assert.deepEqual(hit.body.result, [{ 'user.name': 'Nina Requester' }]);
    const miss = await get(`/api/now/table/sys_user_grmember?sysparm_query=group=${group.value}^user.user_name=bo@example.test`);
    assert.deepEqual(miss.body.result, []);
  });

  it("answers ServiceNow's errors: 401 without credentials, 400 for an unknown table", async () => {
    const res = await fetch(`${systems.serviceNow.url}/api/now/table/incident`);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
    const bad = await get('/api/now/table/no_such_table');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.message, 'Invalid table no_such_table');
  });
});
