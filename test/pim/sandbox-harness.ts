/**
 * The gateway wired to a local sandbox over HTTP, on the evaluation tenant: an app client, a
 * per-user client made the production way (SSO token in, on-behalf-of Graph token out), and a
 * counter of the HTTP requests each client sends.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import {
  createGraphClient,
  createOnBehalfOfCredential,
  createAppCredential,
  PimGateway,
  UserPim,
  type AppIdentity,
  type ClientSettings,
} from '../../src/pim/index.js';

export const TENANT_FILE = '/work/shared/eval/triage/contoso.json';
export const CLIENT_ID = '6a0e1f7e-0c1b-4a43-9d55-3a1f8c9b2e11';

export const ROLES = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
};
export const IDENTITY_APPROVERS = '2d1ef7bf-0bed-4b07-8f7a-04433fc2a908';

/** Wraps a credential and counts token lookups: the auth middleware asks once per HTTP attempt. */
export class CountingCredential implements TokenCredential {
  calls = 0;
  constructor(private readonly inner: TokenCredential) {}
  async getToken(scopes: string | string[]): Promise<AccessToken | null> {
    this.calls++;
    return this.inner.getToken(scopes);
  }
}

export interface Harness {
  sandbox: Sandbox;
  snapshot: TenantSnapshot;
  identity: AppIdentity;
  app: Client;
  appCalls: CountingCredential;
  gateway: PimGateway;
  userId(upnPrefix: string): string;
  /** A Teams-SSO-like token for the user: audience is our app, not Graph. */
  ssoToken(upnPrefix: string, amr?: string): Promise<string>;
  /** Delegated gateway for the user, through on-behalf-of. */
  as(upnPrefix: string, amr?: string): Promise<UserPim>;
  close(): Promise<void>;
}

export const FAST: ClientSettings = { timeoutMs: 5_000, maxRetries: 8, retryBaseDelayMs: 5, retryMaxDelayMs: 200 };

let cached: TenantSnapshot | undefined;

export interface HarnessOptions {
  settings?: ClientSettings;
  /** Sandbox clock start; the tenant's logs end on 2026-11-18. */
  now?: Date;
  /** Changes to the tenant before the sandbox loads it. */
  tenant?: (snapshot: TenantSnapshot) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const settings = options.settings ?? FAST;
  cached ??= await loadSnapshot(TENANT_FILE);
  const snapshot = structuredClone(cached);
  options.tenant?.(snapshot);
  const sandbox = await startSandbox({ snapshot, port: 0, now: options.now });
  const identity: AppIdentity = { tenantId: sandbox.tenantId, clientId: CLIENT_ID, credential: { kind: 'secret', secret: 'sandbox' }, authorityHost: sandbox.url };
  const appCalls = new CountingCredential(createAppCredential(identity));
  const app = createGraphClient({ ...settings, baseUrl: sandbox.url, credential: appCalls });
  const userClient = (sso: string) => createGraphClient({ ...settings, baseUrl: sandbox.url, credential: createOnBehalfOfCredential(identity, sso) });
  const gateway = new PimGateway({ app, userClient, now: () => sandbox.clock.now() });
  const userId = (prefix: string) => {
    const user = snapshot.users.find((u) => u.userPrincipalName?.startsWith(`${prefix}@`));
    if (!user?.id) throw new Error(`no user ${prefix}`);
    return user.id;
  };
  const ssoToken = async (prefix: string, amr = 'pwd,mfa') => {
    const upn = snapshot.users.find((u) => u.userPrincipalName?.startsWith(`${prefix}@`))!.userPrincipalName!;
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: CLIENT_ID,
      username: upn,
      password: 'sandbox',
      scope: `api://${CLIENT_ID}/access_as_user`,
      sandbox_amr: amr,
    });
    const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no SSO token for ${upn}: ${JSON.stringify(body)}`);
    return body.access_token;
  };
  return {
    sandbox,
    snapshot,
    identity,
    app,
    appCalls,
    gateway,
    userId,
    ssoToken,
    as: async (prefix, amr) => gateway.forUser(await ssoToken(prefix, amr)),
    close: () => sandbox.close(),
  };
}
