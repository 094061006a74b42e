/**
 * The Jira connector against the REST API stand-in: v3 (ADF descriptions) and v2, the change
 * window and type from custom fields found by name, status categories, API token and personal
 * access token, and which keys it takes on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOM_FIELDS } from '../../src/standins/jira.js';
import { adfText, JiraConnector } from '../../src/tickets/jira.js';
import { JIRA, JIRA_EMAIL, JIRA_PAT, JIRA_TOKEN, signal, startSystems, type Systems } from './support.js';

describe('Jira connector', () => {
  let systems: Systems;
  before(async () => {
    systems = await startSystems();
  });
  after(() => systems.close());

  it('reads an issue over v3: summary, ADF description, status, people, change window found by name, link', async () => {
    const before = systems.jira.calls.length;
    const record = await systems.jiraConnector.get(JIRA.good, signal());
    assert.ok(record);
    assert.equal(record.system, 'Jira');
    assert.equal(record.kind, 'change');
    assert.equal(record.shortDescription, 'Rotate the Exchange connector certificate');
    assert.equal(record.description, 'Certificate expires Friday.\nConnector: partner-outbound.');
    assert.equal(record.state, 'Implementing');
    assert.equal(record.open, true);
    assert.equal(record.plannedStart, '2026-03-18T09:00:00Z');
    assert.equal(record.plannedEnd, '2026-03-18T14:00:00Z');
    assert.equal(record.configurationItem, 'Exchange Online');
    assert.deepEqual(record.people.find((p) => p.role === 'assignee'), { role: 'assignee', name: 'Nina Requester', email: 'nina.requester@example.test', userName: undefined });
    assert.equal(record.url, `${systems.jira.url}/browse/${JIRA.good}`);
    const calls = systems.jira.calls.slice(before);
    assert.deepEqual(calls.map((c) => c.path), ['/rest/api/3/field', `/rest/api/3/issue/${JIRA.good}`]);
    assert.ok(calls[1]!.query.fields?.split(',').includes(CUSTOM_FIELDS.changeStart.id));
    // The field list is looked up once per connector.
    await systems.jiraConnector.get(JIRA.done, signal());
    assert.equal(systems.jira.calls.slice(before).filter((c) => c.path.endsWith('/field')).length, 1);
  });

  it('reads the status category: done is closed, to do and in progress are open', async () => {
    assert.equal((await systems.jiraConnector.get(JIRA.done, signal()))?.open, false);
    assert.equal((await systems.jiraConnector.get(JIRA.task, signal()))?.open, true);
    assert.equal((await systems.jiraConnector.get(JIRA.task, signal()))?.kind, 'issue');
  });

  it('reads an emergency change from the change type field', async () => {
    const record = await systems.jiraConnector.get(JIRA.emergency, signal());
    assert.equal(record?.emergency, true);
    assert.equal((await systems.jiraConnector.get(JIRA.good, signal()))?.emergency, false);
  });

  it('answers null for a key Jira does not know (or will not show)', async () => {
    assert.equal(await systems.jiraConnector.get(JIRA.missing, signal()), null);
  });

  it('speaks v2 (plain descriptions) with a Data Center personal access token, and configured window fields', async () => {
    const dc = new JiraConnector({ baseUrl: systems.jira.url, apiVersion: 2, apiToken: JIRA_PAT, projects: ['OPS'], windowFields: { start: CUSTOM_FIELDS.changeStart.id, end: CUSTOM_FIELDS.changeEnd.id } });
    const before = systems.jira.calls.length;
    const record = await dc.get(JIRA.good, signal());
    assert.equal(record?.description, 'Certificate expires Friday.\nConnector: partner-outbound.');
    assert.equal(record?.plannedEnd, '2026-03-18T14:00:00Z');
    const call = systems.jira.calls.slice(before).find((c) => c.path.includes('/issue/'));
    assert.equal(call?.path, `/rest/api/2/issue/${JIRA.good}`);
    assert.equal(call?.authorization, `Bearer ${JIRA_PAT}`);
  });

  it('takes on keys of the configured projects only', () => {
    const only = new JiraConnector({ baseUrl: systems.jira.url, apiVersion: 3, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, projects: ['OPS', 'chg'] });
    assert.equal(only.handles('OPS-12'), true);
    assert.equal(only.handles('CHG-7'), true);
    assert.equal(only.handles('SHA-256'), false);
    assert.equal(systems.jiraConnector.handles('SHA-256'), true);
    assert.equal(systems.jiraConnector.handles('CHG0048213'), false);
  });

  it('fails plainly on refused credentials', async () => {
    const wrong = new JiraConnector({ baseUrl: systems.jira.url, apiVersion: 3, email: JIRA_EMAIL, apiToken: 'wrong-token', projects: [] });
    await assert.rejects(wrong.get(JIRA.good, signal()), (err: Error) => /Jira refused the credentials \(401\)/.test(err.message) && !err.message.includes('wrong-token'));
  });

  it('flattens Atlassian Document Format to text', () => {
    const doc = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'One ' }, { type: 'text', text: 'two' }] }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'three' }] }] }] }] };
    assert.equal(adfText(doc).trim(), 'One two\nthree');
  });
});
