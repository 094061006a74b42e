/** The ticket systems' settings: what turns each on, its credentials, and half-given settings refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('ticket system settings', () => {
  it('default: no system, a 3 s check, answers kept 2 minutes, stand-ins in sandbox mode on free ports', () => {
    assert.deepEqual(loadConfig({}).tickets, { timeoutMs: 3000, cacheSeconds: 120, serviceNow: undefined, jira: undefined, standIns: { enabled: true, serviceNowPort: 0, jiraPort: 0 } });
  });

  it('ServiceNow with basic credentials, with an OAuth client, or with both (the password grant)', () => {
    const url = { SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com/' };
    assert.deepEqual(loadConfig({ ...url, SERVICENOW_USERNAME: 'bot', SERVICENOW_PASSWORD: 'p' }).tickets.serviceNow, { instanceUrl: 'https://contoso.service-now.com', auth: { kind: 'basic', username: 'bot', password: 'p' } });
    assert.deepEqual(loadConfig({ ...url, SERVICENOW_CLIENT_ID: 'c', SERVICENOW_CLIENT_SECRET: 's' }).tickets.serviceNow?.auth, { kind: 'oauth', clientId: 'c', clientSecret: 's' });
    assert.deepEqual(loadConfig({ ...url, SERVICENOW_CLIENT_ID: 'c', SERVICENOW_CLIENT_SECRET: 's', SERVICENOW_USERNAME: 'bot', SERVICENOW_PASSWORD: 'p' }).tickets.serviceNow?.auth, { kind: 'oauth', clientId: 'c', clientSecret: 's', username: 'bot', password: 'p' });
  });

  it('Jira Cloud (email and API token) or Data Center (personal access token), its projects and window fields', () => {
    const cloud = loadConfig({ JIRA_BASE_URL: 'https://contoso.atlassian.net', JIRA_EMAIL: 'bot@contoso.com', JIRA_API_TOKEN: 't', JIRA_PROJECTS: 'ops, chg', JIRA_CHANGE_WINDOW_FIELDS: 'customfield_1, customfield_2' }).tickets.jira;
    assert.deepEqual(cloud, { baseUrl: 'https://contoso.atlassian.net', apiVersion: 3, email: 'bot@contoso.com', apiToken: 't', projects: ['OPS', 'CHG'], windowFields: { start: 'customfield_1', end: 'customfield_2' } });
    const dc = loadConfig({ JIRA_BASE_URL: 'https://jira.contoso.com', JIRA_API_TOKEN: 'pat', JIRA_API_VERSION: '2' }).tickets.jira;
    assert.equal(dc?.apiVersion, 2);
    assert.equal(dc?.email, undefined);
  });

  it('refuses half-given settings, one plain line each', () => {
    assert.deepEqual(problemsOf({ SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com' }), ['SERVICENOW_INSTANCE_URL: needs SERVICENOW_USERNAME and SERVICENOW_PASSWORD, or SERVICENOW_CLIENT_ID and SERVICENOW_CLIENT_SECRET']);
    assert.deepEqual(problemsOf({ SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com', SERVICENOW_USERNAME: 'bot' }), ['SERVICENOW_PASSWORD: required when SERVICENOW_USERNAME is set']);
    assert.deepEqual(problemsOf({ SERVICENOW_CLIENT_ID: 'c', SERVICENOW_CLIENT_SECRET: 's' }), ['SERVICENOW_INSTANCE_URL: required when ServiceNow credentials are set']);
    assert.deepEqual(problemsOf({ JIRA_BASE_URL: 'https://contoso.atlassian.net' }), ['JIRA_API_TOKEN: required when JIRA_BASE_URL is set']);
    assert.deepEqual(problemsOf({ JIRA_API_TOKEN: 't' }), ['JIRA_BASE_URL: required when JIRA_API_TOKEN or JIRA_EMAIL is set']);
    assert.ok(problemsOf({ JIRA_CHANGE_WINDOW_FIELDS: 'customfield_1' })[0]?.startsWith('JIRA_CHANGE_WINDOW_FIELDS: must be two field ids'));
    assert.deepEqual(problemsOf({ TICKET_TIMEOUT_MS: '60000' }), ['TICKET_TIMEOUT_MS: must be at most 30000']);
  });
});
