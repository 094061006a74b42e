/**
 * Ticket systems for the tests: the ServiceNow and Jira stand-ins seeded with one ticket per case,
 * all cited by the triage fixtures' requester (Nina, Exchange Administrator, 10:18–12:18 UTC on
 * 18 March 2026), and checkers wired to them.
 */
import { startJira, type JiraIssueSeed, type JiraStandIn } from '../../src/standins/jira.js';
import { startServiceNow, type ServiceNowRecord, type ServiceNowStandIn } from '../../src/standins/servicenow.js';
import { TicketChecker } from '../../src/tickets/checker.js';
import { JiraConnector } from '../../src/tickets/jira.js';
import { ServiceNowConnector } from '../../src/tickets/servicenow.js';
import type { TicketConnector } from '../../src/tickets/facts.js';

export const SN_USER = 'pim-copilot';
export const SN_PASSWORD = 'sn-Pa55word-value';
export const SN_CLIENT_ID = 'sn-client';
export const SN_CLIENT_SECRET = 'sn-client-Secret-value';
export const JIRA_EMAIL = 'bot@example.test';
export const JIRA_TOKEN = 'jira-Api-Token-value';
export const JIRA_PAT = 'jira-Personal-Access-Token';

const NINA = 'a1'.padEnd(32, '0');
const BO = 'b2'.padEnd(32, '0');
const ADA = 'c3'.padEnd(32, '0');
const MESSAGING = 'd4'.padEnd(32, '0');
const COLLAB = 'e5'.padEnd(32, '0');
const EXO = 'f6'.padEnd(32, '0');
let next = 0;
const id = () => (++next).toString(16).padStart(32, '9');

function change(number: string, fields: Record<string, string>): ServiceNowRecord {
  return {
    sys_id: id(),
    number,
    short_description: 'Apply transport rule change for the partner connector',
    description: 'Mail flow to the partner goes through the new connector.',
    state: '-1',
    active: 'true',
    type: 'normal',
    assigned_to: NINA,
    requested_by: ADA,
    opened_by: ADA,
    assignment_group: MESSAGING,
    cmdb_ci: EXO,
    start_date: '2026-03-18 09:00:00',
    end_date: '2026-03-18 14:00:00',
    ...fields,
  };
}

/** Number → what it tests. */
export const SN = {
  good: 'CHG0048213',
  closed: 'CHG0048300',
  someoneElse: 'CHG0048301',
  team: 'CHG0048302',
  later: 'CHG0048303',
  partly: 'CHG0048304',
  unrelated: 'CHG0048305',
  emergency: 'CHG0048306',
  resolvedIncident: 'INC0048400',
  openIncident: 'INC0048401',
  requestItem: 'RITM0048500',
  missing: 'CHG0099999',
} as const;

export const SN_TABLES: Record<string, ServiceNowRecord[]> = {
  sys_user: [
    { sys_id: NINA, user_name: 'nina@example.test', name: 'Nina Requester', email: 'nina.requester@example.test', active: 'true' },
    { sys_id: BO, user_name: 'bo@example.test', name: 'Bo Chan', email: 'bo.chan@example.test', active: 'true' },
    { sys_id: ADA, user_name: 'ada@example.test', name: 'Ada Approver', email: 'ada@example.test', active: 'true' },
  ],
  sys_user_group: [
    { sys_id: MESSAGING, name: 'Messaging Team', active: 'true' },
    { sys_id: COLLAB, name: 'Collaboration Team', active: 'true' },
  ],
  sys_user_grmember: [
    { sys_id: id(), group: MESSAGING, user: NINA },
    { sys_id: id(), group: COLLAB, user: BO },
  ],
  cmdb_ci: [{ sys_id: EXO, name: 'Exchange Online' }],
  change_request: [
    change(SN.good, {}),
    change(SN.closed, { state: '3', active: 'false' }),
    change(SN.someoneElse, { assigned_to: BO, requested_by: BO, assignment_group: COLLAB }),
    change(SN.team, { assigned_to: BO }),
    change(SN.later, { state: '-2', start_date: '2026-03-20 18:00:00', end_date: '2026-03-20 22:00:00' }),
    change(SN.partly, { start_date: '2026-03-18 09:00:00', end_date: '2026-03-18 11:00:00' }),
    change(SN.unrelated, { short_description: 'Set up a Teams live event for the town hall', description: 'Live event for 2,000 attendees.', cmdb_ci: '' }),
    change(SN.emergency, { type: 'emergency' }),
  ],
  incident: [
    { sys_id: id(), number: SN.resolvedIncident, short_description: 'Mail queue stuck on the partner connector', state: '6', active: 'true', caller_id: BO, assigned_to: NINA, assignment_group: MESSAGING },
    { sys_id: id(), number: SN.openIncident, short_description: 'Mail queue stuck on the partner connector', state: '2', active: 'true', caller_id: BO, assigned_to: '', assignment_group: MESSAGING },
  ],
  sc_req_item: [{ sys_id: id(), number: SN.requestItem, short_description: 'Shared mailbox for the partner team', state: '2', active: 'true', requested_for: NINA, assignment_group: COLLAB }],
};

const nina = { accountId: 'acc-nina', displayName: 'Nina Requester', emailAddress: 'nina.requester@example.test' };
const bo = { accountId: 'acc-bo', displayName: 'Bo Chan', emailAddress: 'bo.chan@example.test' };

export const JIRA = { good: 'OPS-101', done: 'OPS-102', someoneElse: 'OPS-103', emergency: 'OPS-104', task: 'OPS-105', missing: 'OPS-999' } as const;

export const JIRA_ISSUES: JiraIssueSeed[] = [
  { key: JIRA.good, issueType: 'Change', summary: 'Rotate the Exchange connector certificate', description: 'Certificate expires Friday.\nConnector: partner-outbound.', status: 'Implementing', statusCategory: 'indeterminate', assignee: nina, reporter: bo, components: ['Exchange Online'], changeStart: '2026-03-18T09:00:00Z', changeEnd: '2026-03-18T14:00:00Z', changeType: 'Normal' },
  { key: JIRA.done, issueType: 'Change', summary: 'Rotate the Exchange connector certificate', status: 'Done', statusCategory: 'done', assignee: nina, reporter: bo, changeStart: '2026-03-18T09:00:00Z', changeEnd: '2026-03-18T14:00:00Z', changeType: 'Normal' },
  { key: JIRA.someoneElse, issueType: 'Task', summary: 'Mailbox permissions for the partner team', status: 'In Progress', statusCategory: 'indeterminate', assignee: bo, reporter: bo },
  { key: JIRA.emergency, issueType: 'Change', summary: 'Block the phishing sender in mail flow', status: 'Implementing', statusCategory: 'indeterminate', assignee: nina, reporter: bo, changeStart: '2026-03-18T10:00:00Z', changeEnd: '2026-03-18T16:00:00Z', changeType: 'Emergency' },
  { key: JIRA.task, issueType: 'Task', summary: 'Clean up distribution lists', status: 'To Do', statusCategory: 'new', assignee: nina, reporter: nina },
];

export interface Systems {
  serviceNow: ServiceNowStandIn;
  jira: JiraStandIn;
  snConnector: ServiceNowConnector;
  jiraConnector: JiraConnector;
  connectors: TicketConnector[];
  close(): Promise<void>;
}

export async function startSystems(): Promise<Systems> {
  const serviceNow = await startServiceNow({ tables: SN_TABLES, username: SN_USER, password: SN_PASSWORD, clientId: SN_CLIENT_ID, clientSecret: SN_CLIENT_SECRET });
  const jira = await startJira({ issues: JIRA_ISSUES, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, personalAccessToken: JIRA_PAT });
  const snConnector = new ServiceNowConnector({ instanceUrl: serviceNow.url, auth: { kind: 'basic', username: SN_USER, password: SN_PASSWORD } });
  const jiraConnector = new JiraConnector({ baseUrl: jira.url, apiVersion: 3, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, projects: [] });
  return {
    serviceNow,
    jira,
    snConnector,
    jiraConnector,
    connectors: [snConnector, jiraConnector],
    close: async () => {
      await serviceNow.close();
      await jira.close();
    },
  };
}

export function checkerFor(connectors: TicketConnector[], options: { timeoutMs?: number; cacheSeconds?: number } = {}): TicketChecker {
  return new TicketChecker({ connectors, timeoutMs: options.timeoutMs ?? 2000, cacheSeconds: options.cacheSeconds ?? 0 });
}

export const signal = () => AbortSignal.timeout(2000);
