/**
 * Where Microsoft Graph is: a real tenant from the settings, or the local sandbox started here in
 * the same process. Either way the bot gets the same `PimGateway`; only base URL and credential differ.
 * The ticket systems triage checks against come with it: configured ones, or stand-ins beside the sandbox.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAppGraphClient, createGraphClient, PimGateway, UserPim, userGraphClientFactory, type AppIdentity } from './pim/index.js';
import { wireTickets, type TicketWiring } from './tickets/wiring.js';

/** The client id the bot presents to the sandbox; any id works there with the sandbox secret. */
export const SANDBOX_CLIENT_ID = '00000000-0000-0000-0000-00000000b07a';

export interface GraphWiring {
  identity: AppIdentity;
  pim: PimGateway;
  /**
   * Delegated calls with a Graph token obtained elsewhere: teams-ai's Teams SSO has already made
   * the on-behalf-of exchange and keeps the result in `state.temp.authTokens`.
   */
  withGraphToken(token: string): UserPim;
  /** Set when the sandbox runs in this process. */
  sandbox?: import('./sandbox/index.js').Sandbox;
  /** The cited-ticket checker (`tickets.checker`, unset when no ticket system is reachable). */
  tickets: TicketWiring;
  close(): Promise<void>;
}

export async function wireGraph(config: Config, log: Logger): Promise<GraphWiring> {
  const settings = { timeoutMs: config.graphClient.timeoutMs, maxRetries: config.graphClient.maxRetries, logger: log };
  if (config.graph.mode === 'tenant') {
    const identity: AppIdentity = {
      tenantId: config.graph.tenantId,
      clientId: config.graph.clientId,
      credential: config.graph.credential,
      authorityHost: config.graph.authorityHost,
    };
    const graphSettings = { ...settings, baseUrl: config.graph.baseUrl };
    const pim = new PimGateway({ app: createAppGraphClient(identity, graphSettings), userClient: userGraphClientFactory(identity, graphSettings) });
    const tickets = await wireTickets(config, log);
    return { identity, pim, tickets, withGraphToken: (token) => new UserPim(createGraphClient({ ...graphSettings, credential: staticToken(token) })), close: () => tickets.close() };
  }

  const { startSandbox, demoTenantPath } = await import('./sandbox/index.js');
  const tenantFile = config.graph.tenantFile ?? demoTenantPath();
  const sandbox = await startSandbox({
    tenantFile,
    port: config.graph.port,
    clientSecret: config.graph.clientSecret,
    userPassword: config.graph.userPassword,
  });
  log.info({ url: sandbox.url, tenantId: sandbox.tenantId, tenantFile }, 'sandbox tenant started');
  const identity: AppIdentity = {
    tenantId: sandbox.tenantId,
    clientId: SANDBOX_CLIENT_ID,
    credential: { kind: 'secret', secret: config.graph.clientSecret },
    authorityHost: sandbox.url,
  };
  const pim = new PimGateway({
    app: createAppGraphClient(identity, settings),
    userClient: userGraphClientFactory(identity, settings),
    now: () => sandbox.clock.now(),
  });
  const tickets = await wireTickets(config, log, sandbox).catch(async (err: unknown) => {
    await sandbox.close();
    throw err;
  });
  return {
    identity,
    pim,
    sandbox,
    tickets,
    withGraphToken: (token) => new UserPim(createGraphClient({ ...settings, baseUrl: sandbox.url, credential: staticToken(token) })),
    close: async () => {
      await tickets.close();
      await sandbox.close();
    },
  };
}

/** A credential that hands out one token already obtained; Graph says 401 once it expires. */
function staticToken(token: string) {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 5 * 60_000 }) };
}
