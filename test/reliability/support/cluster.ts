/**
 * The pieces of the reliability tests: one sandbox tenant and one Bot Connector stand-in in the
 * test process, and service instances as separate processes (support/instance.ts) in tenant mode
 * against the sandbox's URL, as a deployment of several bot processes on one PostgreSQL would run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { SANDBOX_CLIENT_ID, wireGraph, type GraphWiring } from '../../../src/graph-wiring.js';
import { SandboxCredential, type ScheduleRequest, type UserPim } from '../../../src/pim/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startBotConnector, type BotConnectorStandIn, type RecordedCall } from '../../../src/standins/bot-connector.js';
import type { InstanceMessage } from './instance.js';

export const TENANT_FILE = '/work/shared/eval/triage/contoso.json';
export const EVENTS_SECRET = 'reliability-events-secret-0123';
const TEAMS_APP_ID = '7f0c9d2e-3b1a-4c5d-9e8f-0a1b2c3d4e5f';

/** Requester and role (Teams, SharePoint or Intune Administrator): assist mode, Service Owners approve. */
export const PAIRS: Array<[string, string]> = [
  ['isayers', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['jsherman', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['pfernandez', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['pgupta', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['nwilke', '69091246-20e8-4a56-aa4d-066075b2a7a8'],
  ['hmueller', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c'],
  ['dsiciliani', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c'],
  ['thughes', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['rrazo', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
  ['sdavis', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
];

export interface Tenant {
  sandbox: Sandbox;
  connector: BotConnectorStandIn;
  /** The test's own view of Graph, as the app, in tenant mode like the instances. */
  graph: GraphWiring;
  /** The environment of an instance on `databaseUrl`; `extra` adds or overrides settings. */
  env(databaseUrl: string, extra?: Record<string, string>): Record<string, string>;
  /** Makes a request pending as its requester (PAIRS[i]), with a ticket in the justification. */
  request(i: number): Promise<ScheduleRequest>;
  /** Cancels it as its requester (PAIRS[i]), so the pair may ask again. */
  cancel(i: number, requestId: string): Promise<void>;
  /** First sends of approval cards naming this request. */
  cardsFor(requestId: string): RecordedCall[];
  close(): Promise<void>;
}

export function approverOf(call: RecordedCall): string {
  const card = call.activity?.attachments?.[0]?.content as { actions?: Array<{ data?: { approverId?: string } }> } | undefined;
  return String(card?.actions?.[0]?.data?.approverId);
}

/** People of the eval tenant by UPN prefix, each signed in once through the sandbox's password grant. */
export function sandboxPeople(sandbox: Sandbox, graph: Pick<GraphWiring, 'pim'>, clientId: string): (prefix: string) => Promise<{ id: string; pim: UserPim }> {
  const users = new Map<string, { id: string; pim: UserPim }>();
  return async (prefix) => {
    let u = users.get(prefix);
    if (!u) {
      const upn = `${prefix}@contoso.example`;
      const credential = new SandboxCredential({
        authorityHost: sandbox.url,
        tenantId: sandbox.tenantId,
        clientId,
        clientSecret: 'sandbox',
        grant: { kind: 'password', username: upn, password: 'sandbox' },
      });
      const sso = await credential.getToken(`api://${clientId}/access_as_user`);
      users.set(prefix, (u = { id: (await graph.pim.getUser(upn)).id, pim: graph.pim.forUser(sso.token) }));
    }
    return u;
  };
}

/** Approval cards sent for the requests, and how many went to an approver who already had one. */
export function tallyCards(tenant: Pick<Tenant, 'cardsFor'>, requestIds: readonly string[]): { cards: number; duplicates: number } {
  let cards = 0;
  let duplicates = 0;
  for (const id of requestIds) {
    const sent = tenant.cardsFor(id).map(approverOf);
    cards += sent.length;
    duplicates += sent.length - new Set(sent).size;
  }
  return { cards, duplicates };
}

export async function startTenant(): Promise<Tenant> {
  // The sandbox keeps wall-clock time, as the instances do in tenant mode.
  const sandbox = await startSandbox({ tenantFile: TENANT_FILE });
  const connector = await startBotConnector();
  const env = (databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    AAD_TENANT_ID: sandbox.tenantId,
    AAD_CLIENT_ID: SANDBOX_CLIENT_ID,
    AAD_CLIENT_SECRET: 'sandbox',
    AAD_AUTHORITY_HOST: sandbox.url,
    GRAPH_BASE_URL: sandbox.url,
    BOT_SERVICE_URL: connector.url,
    TEAMS_APP_ID,
    PIM_EVENTS_SECRET: EVENTS_SECRET,
    // The tickets cited are made up; ticket checks have their own tests (test/tickets).
    TICKET_STANDINS: 'false',
    // Work arrives through the events route unless a test asks for polls.
    INTAKE_POLL_SECONDS: '3600',
    OVERSIGHT_POLL_SECONDS: '3600',
    ...extra,
  });
  const graph = await wireGraph(loadConfig(env('postgres://unused@127.0.0.1/unused')), pino({ level: 'silent' }));
  const as = sandboxPeople(sandbox, graph, SANDBOX_CLIENT_ID);
  const cardText = (c: RecordedCall) => JSON.stringify(c.activity?.attachments?.[0]?.content ?? {});
  return {
    sandbox,
    connector,
    graph,
    env,
    async request(i) {
      const [prefix, role] = PAIRS[i % PAIRS.length]!;
      const u = await as(prefix);
      const ticket = `CHG00${48100 + i}`;
      return u.pim.selfActivate({ principalId: u.id, roleDefinitionId: role, duration: 'PT2H', justification: `Routine change window work ${ticket}`, ticket: { number: ticket, system: 'ServiceNow' } });
    },
    async cancel(i, requestId) {
      await (await as(PAIRS[i % PAIRS.length]![0])).pim.cancelRequest(requestId);
    },
    cardsFor(requestId) {
      return connector.calls.filter((c) => c.method === 'POST' && c.activity && cardText(c).includes(requestId) && cardText(c).includes('"Approve"'));
    },
    async close() {
      await graph.close();
      await connector.close();
      await sandbox.close();
    },
  };
}

export interface Instance {
  name: string;
  pid: number;
  url: string;
  /** Graph calls as they left the instance, in order. */
  graphCalls: Array<{ method: string; path: string; at: number }>;
  /** How each Graph call ended: a status, or the error of a call that got no answer. */
  graphResults: Array<{ path: string; status?: number; error?: string }>;
  unhandledRejections: number;
  /** Settles when the process ends, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** The last lines the instance wrote (logs at LOG_LEVEL), for failure messages. */
  output(): string;
  /** kill -9: no shutdown, no cleanup. */
  crash(): Promise<void>;
  /** SIGTERM: the service's own shutdown. */
  stop(): Promise<void>;
  /** Sends a PIM event (`{ requestIds }`, `{ event: 'poll' }`) to this instance. */
  event(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  readyz(): Promise<{ status: number; body: { status?: string; checks?: Record<string, boolean> } }>;
}

const ENTRY = fileURLToPath(new URL('./instance.ts', import.meta.url));

export async function spawnInstance(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    }),
  );
  const graphCalls: Instance['graphCalls'] = [];
  const graphResults: Instance['graphResults'] = [];
  let unhandledRejections = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within ${timeoutMs} ms:\n${tail}`)), timeoutMs);
    child.on('message', (m: InstanceMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.url);
      } else if (m.type === 'graph') graphCalls.push({ method: m.method, path: m.path, at: Date.now() });
      else if (m.type === 'graph-result') graphResults.push({ path: m.path, status: m.status, error: m.error });
      else if (m.type === 'unhandledRejection') unhandledRejections = m.count;
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${code ?? signal}) before it was ready:\n${tail}`));
    });
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENTS_SECRET}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    name,
    pid: child.pid!,
    url,
    graphCalls,
    graphResults,
    get unhandledRejections() {
      return unhandledRejections;
    },
    exited,
    get alive() {
      return alive;
    },
    output: () => tail,
    async crash() {
      if (alive) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    event: (body) => post('/api/pim/events', body),
    async readyz() {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: (await res.json()) as { status?: string; checks?: Record<string, boolean> } };
    },
  } as Instance;
}

/** Polls `fn` until it returns something other than undefined or false. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
