/**
 * The automation approver's sign-in against a real tenant. Graph's PIM approval API is delegated
 * only, so auto mode needs that account's own token. An admin opens `${BOT_ENDPOINT}/automation/sign-in`
 * and signs in as AUTOMATION_APPROVER_UPN (authorization code with PKCE, redeemed by MSAL with the
 * app's credential); any other account is refused. The MSAL cache, refresh token included, is kept
 * sealed in the database (token-cache.ts), and approvals take their Graph token from it silently.
 * The routes are unauthenticated by nature: they are rate-limited per client address, served over
 * https only (plain http on loopback for the local sandbox), and say nothing of why a code failed.
 */
import { createPrivateKey, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ManagedIdentityCredential } from '@azure/identity';
import {
  ConfidentialClientApplication,
  CryptoProvider,
  InteractionRequiredAuthError,
  LogLevel,
  ServerError,
  type Configuration,
  type ICachePlugin,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
  type NodeAuthOptions,
} from '@azure/msal-node';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { AuditTrail } from '../audit/index.js';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import { GRAPH_BASE_URL } from '../pim/client.js';
import { NotFoundError } from '../pim/errors.js';
import type { Database } from '../store/db.js';
import { automationActor, personActor } from './actors.js';
import { DatabaseTokenCache, seal, subkey, unseal } from './token-cache.js';

export const SIGN_IN_PATH = '/automation/sign-in';
export const CALLBACK_PATH = '/automation/callback';

const CACHE_ID = 'automation-approver';
const COOKIE = 'pim_automation_sign_in';
const COOKIE_CONTEXT = 'automation-sign-in';
const SESSION_MS = 10 * 60_000;
// Per client address: a sign-in takes two requests; guessing states or hammering the token endpoint through us takes many.
const RATE_LIMIT = { burst: 5, rate: 0.1 };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
// A managed identity federated with the app registration presents this audience's token as its assertion.
const FEDERATION_SCOPE = 'api://AzureADTokenExchange/.default';

type TenantGraph = Extract<Config['graph'], { mode: 'tenant' }>;

export type AutomationToken = { ok: true; token: string } | { ok: false; detail: string };

export interface AutomationSignIn {
  readonly upn: string;
  /** Where an admin signs the account in. */
  readonly signInUrl: string;
  /** A delegated Graph token of the signed-in account (its Entra object id), refreshed from the stored cache as needed. */
  graphToken(userId: string): Promise<AutomationToken>;
}

export interface AutomationSignInDeps {
  config: Config;
  db: Database;
  graph: GraphWiring;
  log: Logger;
}

// Keyed by the service's Graph wiring, which the workflow already holds: it finds the token source
// there without another dependency threaded through the bot.
const signIns = new WeakMap<GraphWiring, AutomationSignIn | { unavailable: string }>();

/** The tenant-mode token source for this Graph wiring, why there is none, or undefined (not set up). */
export function automationSignInOf(graph: GraphWiring): AutomationSignIn | { unavailable: string } | undefined {
  return signIns.get(graph);
}

/**
 * In tenant mode with AUTOMATION_APPROVER_UPN set: serves the sign-in routes on the bot's server and
 * makes the token source available to auto mode. Without TOKEN_CACHE_KEY or BOT_ENDPOINT, or with
 * either URL in plain http off loopback, it says so (log now, audit trail at each auto approval) and
 * auto mode falls back to cards.
 */
export function serveAutomationSignIn(server: Server, deps: AutomationSignInDeps): void {
  const { config, graph, log } = deps;
  const upn = config.workflow.automationApproverUpn;
  if (config.graph.mode !== 'tenant' || !upn) return;
  const key = config.workflow.tokenCacheKey;
  const endpoint = config.conversation.botEndpoint;
  const missing = [key ? '' : 'TOKEN_CACHE_KEY', endpoint ? '' : 'BOT_ENDPOINT'].filter(Boolean);
  let problem =
    missing.length > 0
      ? `the automation approver's sign-in needs ${missing.join(' and ')}; set it, then sign in as ${upn} at <BOT_ENDPOINT>${SIGN_IN_PATH}`
      : plainHttpProblem({ BOT_ENDPOINT: endpoint ?? '', AAD_AUTHORITY_HOST: config.graph.authorityHost });
  let auth: NodeAuthOptions | undefined;
  if (!problem) {
    try {
      auth = msalAuth(config.graph);
    } catch (err) {
      problem = `the automation approver's sign-in cannot use the app credential: ${(err as Error).message}`;
    }
  }
  if (problem || !auth || !key || !endpoint) {
    log.warn({ upn }, problem);
    signIns.set(graph, { unavailable: problem ?? 'the automation approver sign-in is not set up' });
    return;
  }
  const signIn = new TenantSignIn({ ...deps, upn, key, endpoint, auth, tenant: config.graph });
  signIns.set(graph, signIn);
  const allow = rateLimiter(RATE_LIMIT);
  const limited = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    if (allow(rateKey(clientAddress(req, config.http.trustedProxyHops)))) return handler(req, res);
    res.setHeader('retry-after', String(Math.ceil(1 / RATE_LIMIT.rate)));
    return page(res, 429, 'Too many requests', ['Too many sign-in requests from this address. Wait a little, then try again.'], '');
  };
  server.get(SIGN_IN_PATH, limited((req, res) => signIn.start(req, res)));
  server.get(CALLBACK_PATH, limited((req, res) => signIn.callback(req, res)));
  log.info({ upn, signIn: signIn.signInUrl }, 'automation approver sign-in served');
}

/**
 * The client's address: the connection's, or behind `trustedHops` reverse proxies that each append
 * the address they saw to X-Forwarded-For, the entry the outermost of them wrote (entries further
 * left were written by the client itself and prove nothing). App Service writes `ip:port`.
 */
export function clientAddress(req: Pick<Request, 'headers' | 'socket'>, trustedHops: number): string {
  const socket = req.socket.remoteAddress ?? '';
  if (trustedHops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  const entry = hops[hops.length - trustedHops];
  if (!entry) return socket;
  // `1.2.3.4:5678` and `[2001:db8::1]:5678` lose their port; a bare IPv6 address keeps its colons.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1] as string;
  return /^[\d.]+:\d+$/.test(entry) ? entry.slice(0, entry.lastIndexOf(':')) : entry;
}

/**
 * The rate limit's bucket for an address: IPv4 as it is (mapped IPv4 unwrapped), IPv6 by its /64,
 * the prefix one subscriber holds, or rotating through it would bring a fresh burst each time.
 */
export function rateKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.replace(/%.*$/, '').split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g || '0', 16) || 0).toString(16))
    .join(':')}::/64`;
}

/**
 * A token bucket per client address: `burst` requests at once, refilled at `rate` a second. The
 * least recently seen addresses are forgotten past `maxClients`, so memory stays bounded.
 */
export function rateLimiter(o: { burst: number; rate: number; maxClients?: number }, now: () => number = Date.now): (address: string) => boolean {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxClients = o.maxClients ?? 10_000;
  return (address) => {
    const t = now();
    const seen = buckets.get(address);
    const bucket = seen ? { tokens: Math.min(o.burst, seen.tokens + ((t - seen.at) / 1000) * o.rate), at: t } : { tokens: o.burst, at: t };
    // Deleted and set again: the Map's order is then least recently seen first.
    buckets.delete(address);
    if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
    const allowed = bucket.tokens >= 1;
    buckets.set(address, { tokens: allowed ? bucket.tokens - 1 : bucket.tokens, at: t });
    return allowed;
  };
}

/** True for plain http to this machine (the local sandbox): the one place http is accepted. */
export function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  } catch {
    return false;
  }
}

/** Cookies, codes and tokens cross these URLs: plain http off loopback is refused (fail closed). */
function plainHttpProblem(urls: Record<string, string>): string | undefined {
  const isHttps = (url: string) => URL.canParse(url) && new URL(url).protocol === 'https:';
  const bad = Object.entries(urls).filter(([, url]) => !isHttps(url) && !isLoopbackHttp(url));
  if (bad.length === 0) return undefined;
  const named = bad.map(([name, url]) => `${name} (${url})`).join(' and ');
  return `the automation approver's sign-in is refused: ${named} must use https (plain http only on localhost, 127.0.0.1 or [::1])`;
}

interface Session {
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

class TenantSignIn implements AutomationSignIn {
  readonly signInUrl: string;
  private readonly redirectUri: string;
  private readonly scopes: string[];
  private readonly cache: DatabaseTokenCache;
  private readonly cookieKey: Buffer;
  private readonly app: ConfidentialClientApplication;
  /** The token being acquired now: concurrent triage jobs share it rather than race to refresh. */
  private inflight: Promise<AutomationToken> | undefined;
  private readonly trail: AuditTrail;
  private readonly log: Logger;

  constructor(
    private readonly o: AutomationSignInDeps & { upn: string; key: Buffer; endpoint: string; auth: NodeAuthOptions; tenant: TenantGraph },
  ) {
    this.signInUrl = `${o.endpoint}${SIGN_IN_PATH}`;
    this.redirectUri = `${o.endpoint}${CALLBACK_PATH}`;
    this.scopes = [graphScope(o.tenant.baseUrl)];
    this.log = o.log.child({ component: 'automation-sign-in' });
    this.cache = new DatabaseTokenCache(o.db, o.key, { id: CACHE_ID, account: o.upn, tenantId: o.tenant.tenantId, clientId: o.tenant.clientId }, this.log);
    this.cookieKey = subkey(o.key, 'sign-in-cookie');
    this.app = new ConfidentialClientApplication(this.msalConfig(this.cache));
    this.trail = new AuditTrail(o.db, { logger: this.log });
  }

  get upn(): string {
    return this.o.upn;
  }

  graphToken(userId: string): Promise<AutomationToken> {
    return (this.inflight ??= this.acquire(userId).finally(() => (this.inflight = undefined)));
  }

  private async acquire(userId: string): Promise<AutomationToken> {
    const { upn, tenant } = this.o;
    const again = `sign in as ${upn} at ${this.signInUrl}`;
    try {
      // By object id and tenant: a username can be renamed or reused, those cannot.
      const account = (await this.app.getTokenCache().getAllAccounts()).find((a) => sameId(a.localAccountId, userId) && sameId(a.tenantId, tenant.tenantId));
      if (!account) return { ok: false, detail: `no delegated sign-in of ${upn} is stored; ${again}` };
      const result = await this.app.acquireTokenSilent({ account, scopes: this.scopes });
      return { ok: true, token: result.accessToken };
    } catch (err) {
      // Revoked, expired or otherwise refused refresh tokens: only a new sign-in helps.
      if (err instanceof InteractionRequiredAuthError || (err instanceof ServerError && err.errorCode === 'invalid_grant')) {
        return { ok: false, detail: `the stored sign-in of ${upn} no longer works (${err.errorCode}); ${again}` };
      }
      this.log.warn({ err }, 'no token for the automation approver now');
      return { ok: false, detail: `no token for ${upn} now (${(err as Error).message}); if it persists, ${again}` };
    }
  }

  /** `GET /automation/sign-in`: off to the tenant's authorize endpoint, PKCE and state bound to a short-lived sealed cookie. */
  async start(_req: Request, res: Response): Promise<void> {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const session: Session = { state: randomBytes(24).toString('base64url'), nonce: randomUUID(), verifier, expiresAt: Date.now() + SESSION_MS };
    const url = await this.app.getAuthCodeUrl({
      scopes: this.scopes,
      redirectUri: this.redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state: session.state,
      nonce: session.nonce,
      loginHint: this.o.upn,
      prompt: 'login',
      responseMode: 'query',
    });
    this.setCookie(res, seal(this.cookieKey, JSON.stringify(session), COOKIE_CONTEXT), SESSION_MS / 1000);
    res.status(302);
    res.setHeader('location', url);
    noLeaks(res);
    res.end();
  }

  /** `GET /automation/callback`: redeems the code, keeps the tokens only if they are the automation approver's. */
  async callback(req: Request, res: Response): Promise<void> {
    const query: Record<string, unknown> = typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>) : {};
    // A repeated parameter arrives as an array: only a single string counts.
    const param = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    const traceId = (req as Request & { traceId?: string }).traceId ?? randomUUID();
    const restart = `Start again at <a href="${SIGN_IN_PATH}">${SIGN_IN_PATH}</a>.`;
    // The state first: a stray or forged hit learns nothing and leaves a sign-in in progress alone.
    const session = this.readCookie(req);
    const state = param('state');
    if (!session || session.expiresAt < Date.now() || !state || !sameSecret(state, session.state)) {
      return page(res, 400, 'Sign-in link expired', ['This sign-in was not started from this browser in the last ten minutes, or it was already used.'], restart);
    }
    this.setCookie(res, '', 0);
    if (query.error !== undefined) {
      return page(res, 400, 'Sign-in did not complete', [`The tenant answered: ${param('error') ?? 'an error'}. ${param('error_description') ?? ''}`], restart);
    }
    const code = param('code');
    if (!code) return page(res, 400, 'Sign-in did not complete', ['The tenant sent no authorization code.'], restart);

    // Redeemed into a throwaway cache: another account's tokens never reach the stored one.
    const scratch = new ConfidentialClientApplication(this.msalConfig());
    let result;
    try {
      result = await scratch.acquireTokenByCode(
        { code, scopes: this.scopes, redirectUri: this.redirectUri, codeVerifier: session.verifier, nonce: session.nonce, state: session.state },
        { code, state },
      );
    } catch (err) {
      // The tenant's words stay in the log: the page is served to whoever calls.
      this.log.warn({ err, traceId }, 'the automation approver sign-in code could not be redeemed');
      return page(res, 400, 'Sign-in did not complete', [`The code could not be redeemed (trace ${traceId}).`], restart);
    }
    const { upn } = this.o;
    const who = result.account?.username ?? '';
    const oid = result.account?.localAccountId || result.uniqueId;
    let expectedId: string | undefined;
    try {
      expectedId = (await this.o.graph.pim.getUser(upn)).id;
    } catch (err) {
      // Not a wrong account: the directory did not answer. Nothing is stored; the admin tries again.
      if (!(err instanceof NotFoundError)) {
        this.log.warn({ err, traceId, upn }, 'the automation approver could not be looked up after sign-in; nothing was stored');
        return page(res, 503, 'Sign-in did not complete', [`${upn} could not be looked up in the directory just now (trace ${traceId}). Nothing was stored.`], restart);
      }
    }
    const tenantOk = result.tenantId.toLowerCase() === this.o.tenant.tenantId.toLowerCase();
    if (!tenantOk || who.toLowerCase() !== upn.toLowerCase() || !expectedId || expectedId.toLowerCase() !== oid.toLowerCase()) {
      const detail = `${who || 'an unknown account'} signed in at ${SIGN_IN_PATH}; only the automation approver ${upn} may, so nothing was stored`;
      this.log.warn({ traceId, who, upn }, detail);
      await this.trail.append({ kind: 'refusal', traceId, actor: personActor(oid || 'unknown', who || undefined), output: { reason: 'wrong-account', detail, verb: 'automation-sign-in' } });
      return page(res, 403, 'Wrong account', [`You signed in as ${who || 'an unknown account'}.`, `Only the automation approver, ${upn}, may sign in here. Nothing was stored.`], `Sign out of that account, then start again at <a href="${SIGN_IN_PATH}">${SIGN_IN_PATH}</a> as ${esc(upn)}.`);
    }
    const serialized = scratch.getTokenCache().serialize();
    if (!holdsRefreshToken(serialized, result.account?.homeAccountId)) {
      this.log.warn({ traceId, upn }, 'the automation approver signed in but the tenant returned no refresh token; nothing was stored');
      return page(res, 502, 'Sign-in did not complete', [`The tenant returned no refresh token (trace ${traceId}), so auto mode could not keep this sign-in. Nothing was stored.`], restart);
    }

    await this.trail.record(
      {
        kind: 'session.activity',
        traceId,
        actor: automationActor(oid, result.account?.name ?? undefined),
        output: { activity: 'Automation approver signed in', activityDateTime: new Date().toISOString(), principalId: oid, category: 'automation-sign-in', target: upn, result: 'token cache stored, encrypted' },
      },
      () => this.cache.save(serialized),
    );
    this.log.info({ traceId, upn }, 'automation approver signed in; auto mode approves as this account');
    return page(res, 200, 'Automation approver signed in', [`Signed in as ${upn}.`, 'Auto mode now approves as this account. Its refresh token is kept encrypted in the database; sign in here again whenever it stops working.'], '');
  }

  private msalConfig(cachePlugin?: ICachePlugin): Configuration {
    const local = isLoopbackHttp(this.o.tenant.authorityHost);
    const log = this.log;
    return {
      auth: { ...this.o.auth },
      cache: cachePlugin ? { cachePlugin } : undefined,
      system: {
        ...(local ? { networkClient: fetchNetwork } : {}),
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) => (level <= LogLevel.Error ? log.error({ msal: message }, 'msal') : log.warn({ msal: message }, 'msal')),
        },
      },
    };
  }

  private setCookie(res: Response, value: string, maxAgeSeconds: number): void {
    // Fail closed: only plain http on loopback goes without Secure.
    const secure = isLoopbackHttp(this.o.endpoint) ? '' : '; Secure';
    res.setHeader('set-cookie', `${COOKIE}=${value}; Path=/automation; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`);
  }

  private readCookie(req: Request): Session | undefined {
    const header = req.header('cookie') ?? '';
    const value = header
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([name]) => name === COOKIE)?.[1];
    if (!value) return undefined;
    try {
      const s = JSON.parse(unseal(this.cookieKey, value, COOKIE_CONTEXT)) as Partial<Session>;
      const ok = typeof s.state === 'string' && typeof s.nonce === 'string' && typeof s.verifier === 'string' && typeof s.expiresAt === 'number';
      return ok ? (s as Session) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Compares in constant time, so a guessed state learns nothing from how long the refusal took. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const sameId = (a: string | undefined, b: string) => !!a && a.toLowerCase() === b.toLowerCase();

/** Whether MSAL's serialized cache holds a refresh token (of that account, when known): without one the sign-in would last an hour. */
function holdsRefreshToken(serialized: string, homeAccountId: string | undefined): boolean {
  const cache = JSON.parse(serialized) as { RefreshToken?: Record<string, { home_account_id?: string; secret?: string }> };
  return Object.values(cache.RefreshToken ?? {}).some((t) => !!t.secret && (!homeAccountId || t.home_account_id === homeAccountId));
}

/** Graph's delegated `.default`: the permissions admin-consented on the app registration. */
function graphScope(baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  return `${origin.startsWith('https://') ? origin : GRAPH_BASE_URL}/.default`;
}

/** Client id, app credential and authority for MSAL. */
function msalAuth(g: TenantGraph): NodeAuthOptions {
  const host = g.authorityHost.replace(/\/+$/, '');
  const base = { clientId: g.clientId, ...authority(host, g.tenantId) };
  const c = g.credential;
  if (c.kind === 'secret') return { ...base, clientSecret: c.secret };
  if (c.kind === 'certificate') {
    const pem = readFileSync(c.path, 'utf8');
    const cert = new X509Certificate(pem);
    const privateKey = createPrivateKey(pem).export({ format: 'pem', type: 'pkcs8' }).toString();
    return { ...base, clientCertificate: { thumbprintSha256: cert.fingerprint256.replace(/:/g, ''), privateKey, x5c: cert.toString() } };
  }
  const mi = new ManagedIdentityCredential();
  return {
    ...base,
    clientAssertion: async () => {
      const token = await mi.getToken(FEDERATION_SCOPE);
      if (!token) throw new Error('managed identity returned no federation token');
      return token.token;
    },
  };
}

/**
 * MSAL accepts https authorities only. The local sandbox (plain http on loopback) is named with
 * https and its real endpoints are given as metadata, so MSAL never looks anything up.
 */
function authority(host: string, tenantId: string): Pick<NodeAuthOptions, 'authority' | 'knownAuthorities' | 'authorityMetadata' | 'cloudDiscoveryMetadata'> {
  if (!isLoopbackHttp(host)) return { authority: `${host}/${tenantId}` };
  const where = new URL(host).host;
  const base = `${host}/${tenantId}`;
  return {
    authority: `https://${where}/${tenantId}`,
    knownAuthorities: [where],
    authorityMetadata: JSON.stringify({
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: where, preferred_cache: where, aliases: [where] }],
    }),
  };
}

/** MSAL's own HTTP client speaks https only; this one (fetch) also reaches the local sandbox. */
const fetchNetwork: INetworkModule = {
  sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, options, timeout),
  sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
};

async function send<T>(method: string, url: string, options?: NetworkRequestOptions, timeoutMs = 30_000): Promise<NetworkResponse<T>> {
  const res = await fetch(url, { method, headers: options?.headers, body: options?.body, signal: AbortSignal.timeout(timeoutMs) });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return { status: res.status, headers, body: (await res.json().catch(() => ({}))) as T };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page; `lines` are text (escaped), `tail` is trusted HTML. */
function page(res: Response, status: number, title: string, lines: string[], tail: string): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PIM Copilot: ${esc(title)}</title></head>
<body><h1>${esc(title)}</h1>
${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
${tail ? `<p>${tail}</p>` : ''}
</body></html>
`;
  res.status(status);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-security-policy', "default-src 'none'");
  res.setHeader('x-frame-options', 'DENY');
  noLeaks(res);
  res.end(body);
}

/** The callback's URL carries a code and a state: never cached, never sent on as a referrer. */
function noLeaks(res: Response): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
}
