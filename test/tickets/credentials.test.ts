/**
 * Ticket-system credentials are never logged: not in the checker's logs (success, refusal,
 * timeout, at trace level), not in the facts an analysis carries, not in the settings' description
 * or problems.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { describeConfig, loadConfig, ConfigError, SECRET_VARIABLES } from '../../src/config.js';
import { TicketChecker } from '../../src/tickets/checker.js';
import { JiraConnector } from '../../src/tickets/jira.js';
import { ServiceNowConnector } from '../../src/tickets/servicenow.js';
import { JIRA, JIRA_EMAIL, JIRA_TOKEN, SN, SN_CLIENT_ID, SN_CLIENT_SECRET, SN_PASSWORD, SN_USER, startSystems, type Systems } from './support.js';

const SECRETS = [SN_PASSWORD, SN_CLIENT_SECRET, JIRA_TOKEN, 'wrong-Password-value', 'wrong-Token-value'];
const encodings = (s: string) => [s, Buffer.from(`${SN_USER}:${s}`).toString('base64'), Buffer.from(`${JIRA_EMAIL}:${s}`).toString('base64')];

function assertClean(text: string, where: string) {
  for (const secret of SECRETS) for (const form of encodings(secret)) assert.ok(!text.includes(form), `${where} holds a credential`);
}

describe('ticket-system credentials', () => {
  let systems: Systems;
  before(async () => {
    systems = await startSystems();
  });
  after(() => systems.close());

  it('stay out of the logs and the facts, whatever happens', async () => {
    let logged = '';
    const log = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) }));
    const connectors = [
      new ServiceNowConnector({ instanceUrl: systems.serviceNow.url, auth: { kind: 'oauth', clientId: SN_CLIENT_ID, clientSecret: SN_CLIENT_SECRET, username: SN_USER, password: SN_PASSWORD } }),
      new JiraConnector({ baseUrl: systems.jira.url, apiVersion: 3, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, projects: [] }),
    ];
    const wrong = [
      new ServiceNowConnector({ instanceUrl: systems.serviceNow.url, auth: { kind: 'basic', username: SN_USER, password: 'wrong-Password-value' } }),
      new JiraConnector({ baseUrl: systems.jira.url, apiVersion: 3, email: JIRA_EMAIL, apiToken: 'wrong-Token-value', projects: [] }),
    ];
    const who = { userPrincipalName: 'nina@example.test' };
    const facts: unknown[] = [];
    for (const set of [connectors, wrong]) {
      const checker = new TicketChecker({ connectors: set, timeoutMs: 300, cacheSeconds: 0, log });
      for (const number of [SN.good, SN.team, SN.missing, JIRA.good, JIRA.missing]) facts.push(await checker.check({ ticketNumber: number }, who));
    }
    systems.serviceNow.faults.latencyMs = 2_000;
    facts.push(await new TicketChecker({ connectors, timeoutMs: 200, cacheSeconds: 0, log }).check({ ticketNumber: SN.good }, who));
    systems.serviceNow.faults.latencyMs = 0;

    assert.match(logged, /ServiceNow refused the credentials \(401\)/);
    assert.match(logged, /Jira refused the credentials \(401\)/);
    assert.match(logged, /did not answer within 200 ms/);
    assert.match(logged, /ticket checked/);
    assertClean(logged, 'the log');
    assertClean(JSON.stringify(facts), 'the facts');
  });

  it('stay out of the settings description and the settings problems', () => {
    const env = {
      SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com',
      SERVICENOW_USERNAME: SN_USER,
      SERVICENOW_PASSWORD: SN_PASSWORD,
      SERVICENOW_CLIENT_ID: SN_CLIENT_ID,
      SERVICENOW_CLIENT_SECRET: SN_CLIENT_SECRET,
      JIRA_BASE_URL: 'https://contoso.atlassian.net',
      JIRA_EMAIL,
      JIRA_API_TOKEN: JIRA_TOKEN,
    };
    assertClean(JSON.stringify(describeConfig(loadConfig(env))), 'describeConfig');
    for (const name of ['SERVICENOW_PASSWORD', 'SERVICENOW_CLIENT_SECRET', 'JIRA_API_TOKEN']) assert.ok(SECRET_VARIABLES.has(name), name);
    try {
      loadConfig({ SERVICENOW_PASSWORD: SN_PASSWORD, SERVICENOW_CLIENT_SECRET: SN_CLIENT_SECRET, JIRA_API_TOKEN: JIRA_TOKEN });
      assert.fail('half-configured ticket systems must be refused');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assertClean(err.message, 'the settings problems');
    }
  });
});
