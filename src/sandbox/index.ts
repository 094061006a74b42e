/**
 * The sandbox: a local Microsoft Graph PIM tenant over HTTP (tokens, PIM behaviour, OData, faults,
 * a settable clock) for tests, benchmarks and `npm start`, and the generator of its tenants.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TenantSnapshot } from '../tenant/snapshot.js';
import { Clock } from './clock.js';
import { Faults } from './faults.js';
import { graphRouter, runGraph } from './graph.js';
import { Pim } from './pim/engine.js';
import type { Core } from './routes/router.js';
import { createSandboxServer } from './server.js';
import { TenantState } from './state.js';
import { TokenEndpoint } from './token-endpoint.js';
import { TokenIssuer } from './tokens.js';

export { Clock } from './clock.js';
export { Faults, type FaultRule } from './faults.js';
export { TenantState } from './state.js';
export { generateTenant, type GenerateOptions, type GenerateSummary } from './generate/index.js';

export interface SandboxOptions {
  /** The tenant, as objects. Not modified: the sandbox keeps its changes to itself. */
  snapshot?: TenantSnapshot;
  /** Or a snapshot file, streamed and indexed (for tenants too large to hold as objects). */
  tenantFile?: string;
  /** Called as a tenant file is read, for progress reports on large files. */
  onLoadProgress?: (progress: { bytes: number; total: number; records: number }) => void;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  clientSecret?: string;
  userPassword?: string;
  /** Where the clock starts; wall-clock time by default. */
  now?: Date;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:5100; Graph is at `${url}/v1.0` and `${url}/beta`. */
  url: string;
  tenantId: string;
  clock: Clock;
  faults: Faults;
  state: TenantState;
  pim: Pim;
  close(): Promise<void>;
}

/** The demo tenant shipped with the project (60 users, 90 days of history). */
export function demoTenantPath(): string {
  // A compiled build runs from dist/, where the JSON is not copied: fall back to the source tree's.
  const candidates = ['./demo-tenant.json', '../../src/sandbox/demo-tenant.json'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const state = options.snapshot ? TenantState.fromSnapshot(options.snapshot) : options.tenantFile ? await TenantState.fromFile(options.tenantFile, options.onLoadProgress) : undefined;
  if (!state) throw new Error('startSandbox needs a snapshot or a tenantFile');
  const tenantId = state.tenantId;
  const clock = new Clock(options.now);
  const faults = new Faults();
  const pim = new Pim(state, clock);
  const issuer = await TokenIssuer.create(tenantId);
  let baseUrl = '';
  const router = graphRouter();
  const core: Core = {
    state,
    pim,
    faults,
    baseUrl: () => baseUrl,
    dispatch: (req) => runGraph(core, router, issuer, req),
  };
  const org = state.collections.organization.get(0);
  const domains = ((org.verifiedDomains as Array<{ name?: string }> | undefined) ?? []).map((d) => String(d.name).toLowerCase());
  const tokens = new TokenEndpoint({
    tenantId,
    domains,
    clientSecret: options.clientSecret ?? 'sandbox',
    userPassword: options.userPassword ?? 'sandbox',
    issuer,
    pim,
    baseUrl: () => baseUrl,
  });
  const server = createSandboxServer({ core, router, issuer, tokens, clock, faults });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  issuer.setBaseUrl(baseUrl);
  return {
    url: baseUrl,
    tenantId,
    clock,
    faults,
    state,
    pim,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      state.close();
    },
  };
}
