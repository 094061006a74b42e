/**
 * Which ticket systems the bot checks against: those configured, and in sandbox mode local
 * ServiceNow and Jira stand-ins (seeded from the sandbox tenant) for the ones that are not.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Sandbox } from '../sandbox/index.js';
import { startJira, type JiraStandIn } from '../standins/jira.js';
import { startServiceNow, type ServiceNowStandIn } from '../standins/servicenow.js';
import { TicketChecker } from './checker.js';
import type { TicketConnector } from './facts.js';
import { JiraConnector } from './jira.js';
import { seedTickets, type SeedTenant } from './seeds.js';
import { ServiceNowConnector } from './servicenow.js';

export interface TicketWiring {
  /** Unset when no ticket system is configured or stood in: tickets are then not checked. */
  checker?: TicketChecker;
  /** Set when stand-ins run in this process. */
  standIns?: { serviceNow?: ServiceNowStandIn; jira?: JiraStandIn };
  close(): Promise<void>;
}

/** The sandbox tenant's users, roles and requests, as the seeds want them. */
export function seedTenantOf(sandbox: Sandbox): SeedTenant {
  const all = (c: Sandbox['state']['collections'][keyof Sandbox['state']['collections']]) => [...c.scan()].map((pos) => c.get(pos));
  const { users, roleDefinitions, requests } = sandbox.state.collections;
  return { users: all(users), roleDefinitions: all(roleDefinitions), requests: all(requests) } as unknown as SeedTenant;
}

export async function wireTickets(config: Config, log: Logger, sandbox?: Sandbox): Promise<TicketWiring> {
  const settings = config.tickets;
  const connectors: TicketConnector[] = [];
  const standIns: NonNullable<TicketWiring['standIns']> = {};
  if (settings.serviceNow) connectors.push(new ServiceNowConnector(settings.serviceNow));
  if (settings.jira) connectors.push(new JiraConnector(settings.jira));

  if (sandbox && settings.standIns.enabled && (!settings.serviceNow || !settings.jira)) {
    const seeds = seedTickets(seedTenantOf(sandbox), sandbox.clock.now());
    if (!settings.serviceNow) {
      standIns.serviceNow = await startServiceNow({ port: settings.standIns.serviceNowPort, tables: seeds.serviceNow, username: 'pim-copilot', password: 'sandbox' });
      connectors.push(new ServiceNowConnector({ instanceUrl: standIns.serviceNow.url, auth: { kind: 'basic', username: 'pim-copilot', password: 'sandbox' } }));
    }
    if (!settings.jira) {
      standIns.jira = await startJira({ port: settings.standIns.jiraPort, issues: seeds.jira, email: 'pim-copilot@sandbox.example', apiToken: 'sandbox' });
      connectors.push(new JiraConnector({ baseUrl: standIns.jira.url, apiVersion: 3, email: 'pim-copilot@sandbox.example', apiToken: 'sandbox', projects: [] }));
    }
    const count = (v: string) => seeds.tickets.filter((t) => t.variant === v).length;
    // The most recently cited of each kind: the ones whose windows still reach ahead.
    const example = (v: string) => {
      const t = seeds.tickets.findLast((x) => x.variant === v);
      return t && `${t.number} (${t.requester})`;
    };
    log.info(
      {
        serviceNow: standIns.serviceNow?.url,
        jira: standIns.jira?.url,
        tickets: seeds.tickets.length,
        backing: count('open') + count('team'),
        examples: { open: example('open'), closed: example('closed'), someoneElse: example('someone-else'), elsewhere: example('elsewhere'), unrelated: example('unrelated') },
      },
      'ticket system stand-ins started',
    );
  }

  const checker = connectors.length ? new TicketChecker({ connectors, timeoutMs: settings.timeoutMs, cacheSeconds: settings.cacheSeconds, log, now: sandbox ? () => sandbox.clock.now() : undefined }) : undefined;
  return {
    checker,
    standIns: standIns.serviceNow || standIns.jira ? standIns : undefined,
    close: async () => {
      await Promise.all([standIns.serviceNow?.close(), standIns.jira?.close()]);
    },
  };
}
