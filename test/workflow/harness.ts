/**
 * Drives the whole service over HTTP for the workflow tests: the sandbox tenant (the evaluation
 * tenant, its clock set to just after its history ends), the Bot Connector stand-in recording every
 * card sent and rewritten, requests made as their requesters, and card clicks posted as invokes.
 */
import { rm } from 'node:fs/promises';
import type { Activity } from 'botbuilder';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { SandboxCredential, type ScheduleRequest, type UserPim } from '../../src/pim/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startService, type Service } from '../../src/service.js';
import { startBotConnector, type BotConnectorStandIn, type RecordedCall } from '../../src/standins/bot-connector.js';
import { seedTickets } from '../../src/tickets/seeds.js';
import { seedTenantOf } from '../../src/tickets/wiring.js';
import { freshDataDir } from '../support/data-dir.js';

export const TENANT_FILE = '/work/shared/eval/triage/contoso.json';
export const NOW = '2026-11-18T10:18:00Z';
export const SECRET = 'test-events-secret-0123456789';
export const TEAMS_APP_ID = '7f0c9d2e-3b1a-4c5d-9e8f-0a1b2c3d4e5f';

export const ROLES = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  teamsAdmin: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  sharePointAdmin: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  groupsAdmin: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  intuneAdmin: '3a2c62db-5318-420d-8d74-23affee5d9d5',
};

const silent = pino({ level: 'silent' });

export interface Harness {
  service: Service;
  connector: BotConnectorStandIn;
  sandbox: Sandbox;
  /** Entra object id of a tenant user by UPN prefix (`nwilke`). */
  id(upnPrefix: string): Promise<string>;
  /** The user's own delegated PIM, as the sandbox's sign-in gives it. */
  as(upnPrefix: string): Promise<UserPim>;
  activate(upnPrefix: string, roleId: string, input: { justification: string; ticket?: string; duration?: string }): Promise<ScheduleRequest>;
  /** Asks for a poll now through the events route. */
  poll(): Promise<void>;
  /** Asks for a watch round now through the events route. */
  watch(): Promise<void>;
  /** Posts to the events route; returns status and body. */
  event(body: unknown, secret?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Approval cards the bot posted for a request (first sends only). */
  cardsFor(requestId: string): RecordedCall[];
  /** Every PUT that rewrote one of the request's cards. */
  updatesFor(requestId: string): RecordedCall[];
  invoke(input: { from: string; name?: string; replyToId: string; conversationId: string; verb: string; data: Record<string, unknown> }): Promise<{ status: number; body: InvokeBody }>;
  waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  const a = activity?.attachments?.[0];
  return a?.contentType === 'application/vnd.microsoft.card.adaptive' ? (a.content as Record<string, unknown>) : undefined;
}

export function cardText(call: RecordedCall): string {
  return JSON.stringify(cardOf(call.activity) ?? {});
}

export interface HarnessOptions {
  /** Run the ServiceNow and Jira stand-ins, seeded from the tenant's history as of NOW. */
  tickets?: boolean;
  /** A sandbox the test started; `env` then points the service at it in tenant mode (AAD_*, GRAPH_BASE_URL). */
  sandbox?: Sandbox;
  /** The database's folder, kept on close so that a restart finds it; a temporary one by default. */
  dataDir?: string;
  /** The Bot Connector stand-in's port; a restart keeps it so stored conversation references still reach it. */
  connectorPort?: number;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await freshDataDir('pim-workflow-'));
  const connector = await startBotConnector(options.connectorPort);
  const config = loadConfig({
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SANDBOX_TENANT_FILE: TENANT_FILE,
    BOT_SERVICE_URL: connector.url,
    // Polls and watch rounds happen when a test asks (events route), so "within one poll" is exact.
    INTAKE_POLL_SECONDS: '3600',
    // The tickets cited here are made up; ticket checks have their own tests (test/tickets).
    TICKET_STANDINS: options.tickets ? 'true' : 'false',
    TEAMS_APP_ID: TEAMS_APP_ID,
    PIM_EVENTS_SECRET: SECRET,
    ...env,
  });
  const service = await startService(config, silent);
  const sandbox = options.sandbox ?? service.graph.sandbox!;
  // A sandbox the test started keeps the clock the test gave it.
  if (!options.sandbox) sandbox.clock.set(NOW);
  if (options.tickets) {
    // The stand-ins were seeded at start, by the wall clock; change windows follow the tenant's clock.
    const seeds = seedTickets(seedTenantOf(sandbox), sandbox.clock.now());
    const { serviceNow, jira } = service.graph.tickets.standIns ?? {};
    for (const [table, rows] of Object.entries(seeds.serviceNow)) for (const row of rows) serviceNow?.put(table, row);
    for (const issue of seeds.jira) jira?.put(issue);
  }
  const ids = new Map<string, string>();
  const users = new Map<string, UserPim>();
  const upn = (prefix: string) => `${prefix}@contoso.example`;

  const h: Harness = {
    service,
    connector,
    sandbox,
    async id(prefix) {
      let id = ids.get(prefix);
      if (!id) ids.set(prefix, (id = (await service.graph.pim.getUser(upn(prefix))).id));
      return id;
    },
    async as(prefix) {
      let pim = users.get(prefix);
      if (!pim) {
        const credential = new SandboxCredential({
          authorityHost: sandbox.url,
          tenantId: sandbox.tenantId,
          clientId: service.graph.identity.clientId,
          clientSecret: 'sandbox',
          grant: { kind: 'password', username: upn(prefix), password: 'sandbox' },
        });
        const sso = await credential.getToken(`api://${service.graph.identity.clientId}/access_as_user`);
        users.set(prefix, (pim = service.graph.pim.forUser(sso.token)));
      }
      return pim;
    },
    async activate(prefix, roleId, input) {
      const me = await h.as(prefix);
      return me.selfActivate({
        principalId: await h.id(prefix),
        roleDefinitionId: roleId,
        duration: input.duration ?? 'PT2H',
        justification: input.justification,
        ticket: input.ticket ? { number: input.ticket, system: 'ServiceNow' } : undefined,
      });
    },
    async event(body, secret = SECRET) {
      const res = await fetch(`${service.url}/api/pim/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async poll() {
      const res = await h.event({ event: 'poll' });
      if (res.status !== 202) throw new Error(`poll refused: ${res.status}`);
    },
    async watch() {
      const res = await h.event({ event: 'watch' });
      if (res.status !== 202) throw new Error(`watch refused: ${res.status}`);
    },
    cardsFor(requestId) {
      return connector.calls.filter((c) => c.method === 'POST' && c.activity && cardText(c).includes(requestId) && cardText(c).includes('"Approve"'));
    },
    updatesFor(requestId) {
      return connector.calls.filter((c) => c.method === 'PUT' && cardText(c).includes(requestId));
    },
    async invoke({ from, name, replyToId, conversationId, verb, data }) {
      const res = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: `invoke-${Math.random().toString(36).slice(2)}`,
          channelId: 'msteams',
          serviceUrl: connector.url,
          timestamp: new Date().toISOString(),
          from: { id: `29:${from}`, name: name ?? from, aadObjectId: from },
          recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
          conversation: { id: conversationId, conversationType: 'personal', tenantId: sandbox.tenantId },
          channelData: { tenant: { id: sandbox.tenantId } },
          replyToId,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as InvokeBody) : {} };
    },
    async waitFor(fn, what, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await fn();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await service.close();
      await connector.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The baseline learned from the tenant's history (the service learns at start; this waits for it). */
export async function learned(h: Harness): Promise<void> {
  await h.waitFor(async () => ((await h.service.db.query('SELECT 1 FROM triage_learn_state')).rows.length > 0 ? true : undefined), 'the baseline to be learned', 60_000);
}
