/**
 * The automation approver against a real tenant, played by the sandbox: the service runs in tenant
 * mode (AAD_* and GRAPH_BASE_URL point at a sandbox started here), so auto mode has no password
 * grant to lean on. An admin signs the account in over HTTP (authorization code with PKCE through
 * the sandbox's authorize page, redeemed by MSAL), and the encrypted cache in the database keeps
 * auto mode approving across a restart. Each browser gets its own loopback address (127.0.0.x):
 * the sign-in routes are rate-limited per address.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TokenCacheContext, type ISerializableTokenCache } from '@azure/msal-node';
import { pino } from 'pino';
import restify from 'restify';
import { ConfigError, loadConfig } from '../../src/config.js';
import { SANDBOX_CLIENT_ID, wireGraph } from '../../src/graph-wiring.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { automationAccount } from '../../src/workflow/automation-account.js';
import { automationSignInOf, clientAddress, isLoopbackHttp, rateKey, rateLimiter, serveAutomationSignIn, type AutomationSignIn } from '../../src/workflow/automation-sign-in.js';
import { cacheContext, DatabaseTokenCache, seal, subkey, unseal, type CacheRow } from '../../src/workflow/token-cache.js';
import { learned, NOW, ROLES, startHarness, TENANT_FILE, type Harness } from './harness.js';
import { freshDataDir } from '../support/data-dir.js';

type Json = Record<string, unknown>;
interface MsalCache {
  AccessToken: Record<string, { secret: string; expires_on: string; extended_expires_on?: string }>;
  RefreshToken: Record<string, { secret: string }>;
}

const UPN = 'jlorenz@contoso.example';
const KEY = randomBytes(32).toString('base64');
const CACHE_ID = 'automation-approver';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const unescapeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A GET from a given loopback address (fetch cannot choose one), no redirects followed. */
function getFrom(from: string, url: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { localAddress: from, agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

let lastAddress = 10;
/** A loopback address no other browser in this file used. */
const newBrowser = () => `127.0.0.${++lastAddress}`;

/** Log lines as objects, for checking what the service said. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/** MSAL's in-memory cache as the plugin sees it: what it was given and what it hands back. */
class MemoryCache implements ISerializableTokenCache {
  constructor(public data = '{}') {}
  deserialize(cache: string): void {
    this.data = cache;
  }
  serialize(): string {
    return this.data;
  }
}

/** Cuts a sealed value's tag down to its first `bytes` bytes (a tag Node would accept unless pinned). */
function shortenTag(sealed: string, bytes: number): string {
  const parts = sealed.split('.');
  parts[2] = Buffer.from(parts[2]!, 'base64url').subarray(0, bytes).toString('base64url');
  return parts.join('.');
}

function flipBody(sealed: string): string {
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = body[0]! ^ 1;
  return [...parts.slice(0, 3), body.toString('base64url')].join('.');
}

describe('the token cache key and seal', () => {
  it('TOKEN_CACHE_KEY must be 32 bytes of base64, and its value is never echoed', () => {
    assert.equal(loadConfig({ TOKEN_CACHE_KEY: KEY }).workflow.tokenCacheKey?.length, 32);
    for (const bad of ['not-a-key', randomBytes(16).toString('base64'), `${KEY}!`]) {
      assert.throws(
        () => loadConfig({ TOKEN_CACHE_KEY: bad }),
        (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('TOKEN_CACHE_KEY: must be 32 random bytes')) && !err.message.includes(bad),
      );
    }
  });

  it('a sealed value opens only with its key and context, and not once changed', () => {
    const key = Buffer.from(KEY, 'base64');
    const sealed = seal(key, 'refresh-token-in-here', CACHE_ID);
    assert.ok(!sealed.includes('refresh-token'));
    assert.notEqual(seal(key, 'refresh-token-in-here', CACHE_ID), sealed, 'a fresh IV each time');
    assert.equal(unseal(key, sealed, CACHE_ID), 'refresh-token-in-here');
    assert.throws(() => unseal(randomBytes(32), sealed, CACHE_ID));
    assert.throws(() => unseal(key, sealed, 'another-row'));
    assert.throws(() => unseal(key, flipBody(sealed), CACHE_ID));
  });

  it('a tag cut short, an IV of another length or a value of another shape is refused', () => {
    const key = Buffer.from(KEY, 'base64');
    const sealed = seal(key, 'refresh-token-in-here', CACHE_ID);
    for (const bytes of [4, 8, 12, 15]) assert.throws(() => unseal(key, shortenTag(sealed, bytes), CACHE_ID), /not a sealed value/, `a ${bytes}-byte tag`);
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const longIv = Buffer.concat([Buffer.from(iv, 'base64url'), Buffer.alloc(4)]).toString('base64url');
    assert.throws(() => unseal(key, [version, longIv, tag, body].join('.'), CACHE_ID), /not a sealed value/);
    assert.throws(() => unseal(key, `${sealed}.extra`, CACHE_ID), /not a sealed value/);
    assert.throws(() => unseal(key, ['v2', iv, tag, body].join('.'), CACHE_ID), /not a sealed value/);
    assert.throws(() => unseal(key, [version, iv, tag, `${body}!`].join('.'), CACHE_ID), /not a sealed value/);
  });

  it('each purpose has its own key derived from TOKEN_CACHE_KEY, and a row opens only for its tenant, app and account', () => {
    const key = Buffer.from(KEY, 'base64');
    const rowKey = subkey(key, 'token-cache');
    const cookieKey = subkey(key, 'sign-in-cookie');
    assert.equal(rowKey.length, 32);
    assert.ok(rowKey.equals(subkey(key, 'token-cache')), 'the same key each time');
    assert.ok(!rowKey.equals(cookieKey) && !rowKey.equals(key) && !cookieKey.equals(key));
    const row: CacheRow = { id: CACHE_ID, account: UPN, tenantId: randomUUID(), clientId: SANDBOX_CLIENT_ID };
    const sealed = seal(rowKey, '{"RefreshToken":{}}', cacheContext(row));
    assert.equal(unseal(rowKey, sealed, cacheContext({ ...row, account: UPN.toUpperCase() })), '{"RefreshToken":{}}', 'the UPN in any case');
    assert.throws(() => unseal(cookieKey, sealed, cacheContext(row)), 'not with the cookie key');
    assert.throws(() => unseal(key, sealed, cacheContext(row)), 'nor with TOKEN_CACHE_KEY itself');
    for (const other of [{ tenantId: randomUUID() }, { clientId: randomUUID() }, { account: 'nwilke@contoso.example' }, { id: 'another-row' }]) {
      assert.throws(() => unseal(rowKey, sealed, cacheContext({ ...row, ...other })), `not as ${JSON.stringify(other)}`);
    }
  });

  it('the rate limit: a burst per address, then one request per refill, the oldest addresses forgotten past the bound', () => {
    let t = 0;
    const allow = rateLimiter({ burst: 5, rate: 0.1, maxClients: 3 }, () => t);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => allow('a')), [true, true, true, true, true, false]);
    t += 9_000;
    assert.equal(allow('a'), false, 'not yet a whole token back');
    t += 1_000;
    assert.equal(allow('a'), true, 'one after ten seconds');
    assert.equal(allow('a'), false);
    assert.equal(allow('b'), true, 'each address has its own bucket');
    t += 3_600_000;
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => allow('a')), [true, true, true, true, true, false], 'refilled up to the burst, no further');
    for (const other of ['c', 'd', 'e']) allow(other);
    assert.equal(allow('a'), true, 'forgotten once three others came since: a fresh bucket');
  });

  it('counts the rate limit per client behind trusted proxies, never by what the client wrote itself', () => {
    const req = (xff: string | undefined, remoteAddress = '10.0.0.7') => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress } }) as Parameters<typeof clientAddress>[0];
    assert.equal(clientAddress(req('203.0.113.9'), 0), '10.0.0.7', 'no proxy trusted: the connection');
    assert.equal(clientAddress(req('203.0.113.9:51234'), 1), '203.0.113.9', "App Service's ip:port");
    assert.equal(clientAddress(req('6.6.6.6, 203.0.113.9'), 1), '203.0.113.9', 'a forged entry on the left is ignored');
    assert.equal(clientAddress(req('6.6.6.6, 203.0.113.9, 198.51.100.4'), 2), '203.0.113.9', 'two proxies: the outer one wrote the client');
    assert.equal(clientAddress(req('[2001:db8::5]:443'), 1), '2001:db8::5');
    assert.equal(clientAddress(req('2001:db8::5'), 1), '2001:db8::5');
    assert.equal(clientAddress(req(undefined), 1), '10.0.0.7', 'no header: the connection');
    assert.equal(clientAddress(req('203.0.113.9'), 2), '10.0.0.7', 'fewer entries than proxies: the connection');
    // Buckets: one per IPv4 address, one per IPv6 /64 (rotating inside it gains nothing).
    assert.equal(rateKey('203.0.113.9'), '203.0.113.9');
    assert.equal(rateKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(rateKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(rateKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(rateKey('2001:db8::7'), '2001:db8:0:0::/64');
    assert.notEqual(rateKey('2001:db8:1:3::1'), rateKey('2001:db8:1:2::1'));
    assert.equal(rateKey('::1'), '0:0:0:0::/64');
  });

  it('plain http is loopback only', () => {
    for (const ok of ['http://localhost:3978', 'http://127.0.0.1:5100/', 'http://[::1]:8080']) assert.ok(isLoopbackHttp(ok), ok);
    for (const no of ['https://localhost', 'http://bot.contoso.example', 'http://127.0.0.1.nip.example', 'http://10.0.0.4', 'http://localhost.contoso.example', 'not a url']) {
      assert.ok(!isLoopbackHttp(no), no);
    }
  });
});

describe('automation approver sign-in in tenant mode (the sandbox as Entra)', { timeout: 240_000 }, () => {
  let sandbox: Sandbox;
  let h: Harness;
  let dataDir: string;
  let endpoint: string;
  let env: Record<string, string>;
  let connectorPort: number;

  before(async () => {
    sandbox = await startSandbox({ tenantFile: TENANT_FILE, clientSecret: 'sandbox', userPassword: 'sandbox', now: new Date(NOW) });
    dataDir = await freshDataDir('pim-automation-');
    const port = await freePort();
    connectorPort = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      BOT_ENDPOINT: endpoint,
      AAD_TENANT_ID: sandbox.tenantId,
      AAD_CLIENT_ID: SANDBOX_CLIENT_ID,
      AAD_CLIENT_SECRET: 'sandbox',
      AAD_AUTHORITY_HOST: sandbox.url,
      GRAPH_BASE_URL: sandbox.url,
      TOKEN_CACHE_KEY: KEY,
      ROLLOUT_MODES: 'Exchange Administrator=auto',
      AUTOMATION_APPROVER_UPN: UPN,
    };
    h = await startHarness(env, { sandbox, dataDir, connectorPort });
    await learned(h);
  });
  after(async () => {
    await h?.close();
    await sandbox?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const trail = async (kind: string, requestId?: string) =>
    (
      await h.service.db.query<{ output: Json; actor: Json }>(
        `SELECT output, actor FROM audit_trail WHERE kind = $1 AND ${requestId ? 'request_id = $2' : 'request_id IS NULL'} ORDER BY seq`,
        requestId ? [kind, requestId] : [kind],
      )
    ).rows;
  const status = async (requestId: string) => (await h.service.graph.pim.getRequest(requestId)).status;
  const settled = (requestId: string) =>
    h.waitFor(async () => (await h.service.db.query<{ state: string }>('SELECT state FROM workflow_requests WHERE request_id = $1', [requestId])).rows.find((r) => r.state !== 'triaging'), `triage of ${requestId}`);
  const cacheRows = async () =>
    (await h.service.db.query<{ account: string; sealed: string; version: string }>('SELECT account, sealed, version::text AS version FROM token_caches WHERE id = $1', [CACHE_ID])).rows;
  const row = (): CacheRow => ({ id: CACHE_ID, account: UPN, tenantId: sandbox.tenantId, clientId: SANDBOX_CLIENT_ID });
  const rowKey = () => subkey(Buffer.from(KEY, 'base64'), 'token-cache');
  const storedCache = async () => JSON.parse(unseal(rowKey(), (await cacheRows())[0]!.sealed, cacheContext(row()))) as MsalCache;
  /** Changes the stored cache as another instance (or time) would. */
  const rewriteCache = async (change: (cache: MsalCache) => void) => {
    const cache = await storedCache();
    change(cache);
    await h.service.db.query('UPDATE token_caches SET sealed = $1, version = version + 1 WHERE id = $2', [seal(rowKey(), JSON.stringify(cache), cacheContext(row())), CACHE_ID]);
  };
  const tokenSource = () => automationSignInOf(h.service.graph) as AutomationSignIn;
  const expireAccessTokens = (cache: MsalCache) => {
    const past = String(Math.floor(Date.now() / 1000) - 60);
    for (const t of Object.values(cache.AccessToken)) Object.assign(t, { expires_on: past, extended_expires_on: past });
  };

  /** The Exchange Administrator request the approval tests use as their auto-approvable example. */
  const lowRisk = async () => {
    const r = await h.activate('nwilke', ROLES.exchangeAdmin, { justification: 'Apply transport rule change CHG0048213 approved at Tuesday CAB', ticket: 'CHG0048213', duration: 'PT2H' });
    assert.equal(r.status, 'PendingApproval');
    await h.poll();
    return r;
  };

  /** Ends nwilke's activation so the next request is a fresh one (PIM keeps an activation 5 minutes at least). */
  const deactivate = async () => {
    sandbox.clock.advance(10 * 60_000);
    const me = await h.as('nwilke');
    const r = await me.selfDeactivate({ principalId: await h.id('nwilke'), roleDefinitionId: ROLES.exchangeAdmin, directoryScopeId: '/' });
    assert.equal(r.status, 'Revoked');
  };

  /** An admin's browser opens the service's sign-in route: the sealed cookie, the state and where it is sent. */
  async function begin(from: string): Promise<{ from: string; cookie: string; state: string; authorize: string }> {
    const start = await getFrom(from, `${endpoint}/automation/sign-in`);
    assert.equal(start.status, 302);
    const setCookie = String(start.headers['set-cookie'] ?? '');
    assert.match(setCookie, /HttpOnly; SameSite=Lax$/, 'no Secure on loopback http, and nothing else');
    assert.equal(start.headers['referrer-policy'], 'no-referrer');
    const authorize = start.headers.location ?? '';
    assert.ok(authorize.startsWith(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/authorize?`), authorize);
    const asked = new URL(authorize).searchParams;
    assert.equal(asked.get('redirect_uri'), `${endpoint}/automation/callback`);
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.equal(asked.get('login_hint'), UPN);
    assert.match(asked.get('scope') ?? '', /offline_access/);
    return { from, cookie: setCookie.split(';')[0]!, state: asked.get('state') ?? '', authorize };
  }

  /** The sandbox's authorize page and form, signed in as `username`: the callback URL it sends the browser to. */
  async function authorizeAs(started: { state: string; authorize: string }, username: string): Promise<string> {
    const { authorize } = started;
    const form = await fetch(authorize, { redirect: 'manual' });
    assert.equal(form.status, 200);
    const fields = new URLSearchParams();
    for (const m of (await form.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, unescapeHtml(m[2]!));
    fields.set('username', username);
    fields.set('password', 'sandbox');
    const signedIn = await fetch(authorize, { method: 'POST', body: fields, redirect: 'manual' });
    assert.equal(signedIn.status, 302, 'the sandbox signs the user in');
    const callback = signedIn.headers.get('location') ?? '';
    assert.ok(callback.startsWith(`${endpoint}/automation/callback?`), callback);
    assert.equal(new URL(callback).searchParams.get('state'), started.state);
    return callback;
  }

  /** The whole sign-in in one new browser; with `replay`, the callback is opened a second time. */
  async function signIn(username: string, options: { replay?: boolean } = {}): Promise<Answer & { replay?: Answer }> {
    const started = await begin(newBrowser());
    const callback = await authorizeAs(started, username);
    const result = await getFrom(started.from, callback, started.cookie);
    if (!options.replay) return result;
    return { ...result, replay: await getFrom(started.from, callback, started.cookie) };
  }
  const callbackUrl = (params: Array<[string, string]>) => `${endpoint}/automation/callback?${new URLSearchParams(params)}`;

  let waiting: string;

  it('before the sign-in, an auto-mode low-risk request is not auto-approved and the trail says where to sign in', async () => {
    const r = await lowRisk();
    waiting = r.id;
    const row = await settled(r.id);
    assert.equal(row.state, 'open', 'left to the approvers');
    const [analysis] = await trail('triage.analysis', r.id);
    assert.equal(analysis?.output.autoApprovable, true, 'the engine would approve it');
    const noToken = await h.waitFor(async () => (await trail('refusal', r.id)).find((e) => e.output.reason === 'automation-no-token'), 'the trail to say why');
    assert.match(String(noToken.output.detail), new RegExp(`sign in as ${UPN} at ${endpoint}/automation/sign-in`));
    assert.equal(await status(r.id), 'PendingApproval');
    assert.equal((await trail('decision.auto', r.id)).length, 0);
    await h.waitFor(() => (h.cardsFor(r.id).length > 0 ? true : undefined), 'the approvers\u2019 cards');
  });

  it('refuses any account but the automation approver, and a callback without its sign-in', async () => {
    const wrong = await signIn('nwilke@contoso.example');
    assert.equal(wrong.status, 403);
    assert.match(wrong.text, /Wrong account/);
    assert.match(wrong.text, /nwilke@contoso\.example/);
    assert.equal((await cacheRows()).length, 0, 'nothing stored');
    const refusal = (await trail('refusal')).find((e) => e.output.reason === 'wrong-account');
    assert.ok(refusal, 'the refusal is in the trail');
    assert.equal(refusal.actor.id, await h.id('nwilke'));

    const stranger = newBrowser();
    const forged = await getFrom(stranger, callbackUrl([['code', 'abc'], ['state', 'xyz']]));
    assert.equal(forged.status, 400, 'no sign-in cookie, no redemption');
    assert.match(forged.text, /Sign-in link expired/);
    const refused = await getFrom(stranger, callbackUrl([['error', 'access_denied'], ['error_description', 'AADSTS65004']]));
    assert.equal(refused.status, 400);
    assert.doesNotMatch(refused.text, /AADSTS65004/, 'an error without a valid state is not shown');
    assert.equal((await cacheRows()).length, 0);
  });

  it('a wrong state, a tampered or short-tag cookie, or a repeated state is refused, and leaves the sign-in in progress alone', async () => {
    const started = await begin(newBrowser());
    const stray = await getFrom(started.from, callbackUrl([['code', 'abc'], ['state', randomBytes(24).toString('base64url')]]), started.cookie);
    assert.equal(stray.status, 400);
    assert.match(stray.text, /Sign-in link expired/);
    assert.equal(stray.headers['set-cookie'], undefined, 'the sign-in cookie is not cleared');
    assert.equal(stray.headers['referrer-policy'], 'no-referrer');
    assert.equal(stray.headers['x-content-type-options'], 'nosniff');

    const [name, value] = started.cookie.split('=') as [string, string];
    const other = newBrowser();
    for (const [what, cookie] of [
      ['a 4-byte tag', `${name}=${shortenTag(value, 4)}`],
      ['a changed byte', `${name}=${flipBody(value)}`],
    ]) {
      const res = await getFrom(other, callbackUrl([['code', 'abc'], ['state', started.state]]), cookie);
      assert.equal(res.status, 400, what);
      assert.match(res.text, /Sign-in link expired/, what);
    }
    const repeated = await getFrom(other, callbackUrl([['code', 'abc'], ['state', started.state], ['state', started.state]]), started.cookie);
    assert.equal(repeated.status, 400, 'a repeated state is not a state');

    // The sign-in carries on: cookie and state still hold (here for the wrong account, so nothing is kept).
    const back = await getFrom(started.from, await authorizeAs(started, 'nwilke@contoso.example'), started.cookie);
    assert.equal(back.status, 403);
    assert.match(back.text, /Wrong account/);
    assert.equal((await cacheRows()).length, 0);
  });

  it('the tenant\u2019s error is shown escaped, and a failed redemption shows only a trace id', async () => {
    const started = await begin(newBrowser());
    const script = '<script>alert(1)</script>';
    const denied = await getFrom(started.from, callbackUrl([['state', started.state], ['error', 'access_denied'], ['error_description', `AADSTS65004 ${script}`]]), started.cookie);
    assert.equal(denied.status, 400);
    assert.match(denied.text, /Sign-in did not complete/);
    assert.ok(denied.text.includes('AADSTS65004 &#60;script&#62;alert(1)&#60;/script&#62;'), denied.text);
    assert.ok(!denied.text.includes(script));
    assert.match(String(denied.headers['set-cookie']), /Max-Age=0/, 'a callback with the right state ends the sign-in');

    const again = await begin(newBrowser());
    const bogus = await getFrom(again.from, callbackUrl([['state', again.state], ['code', 'not-a-code']]), again.cookie);
    assert.equal(bogus.status, 400);
    const trace = /could not be redeemed \(trace ([\w.-]+)\)/.exec(bogus.text)?.[1];
    assert.ok(trace, bogus.text);
    assert.equal(trace, bogus.headers['x-request-id'], 'the trace id of the request, to find it in the log');
    assert.doesNotMatch(bogus.text, /AADSTS|invalid_grant|msal/i, 'the tenant\u2019s words stay in the log');
    assert.equal((await cacheRows()).length, 0);
  });

  it('the sign-in routes are rate-limited per client address', async () => {
    const busy = newBrowser();
    for (let i = 0; i < 5; i++) assert.equal((await getFrom(busy, `${endpoint}/automation/sign-in`)).status, 302, `request ${i + 1} of the burst`);
    const limited = await getFrom(busy, `${endpoint}/automation/sign-in`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '10');
    assert.equal(limited.headers['set-cookie'], undefined, 'no sign-in started');
    assert.equal((await getFrom(busy, callbackUrl([['code', 'abc'], ['state', 'xyz']]))).status, 429, 'the callback shares the limit');
    assert.equal((await getFrom(newBrowser(), `${endpoint}/automation/sign-in`)).status, 302, 'another address is not held up');
  });

  it('plain http off loopback for BOT_ENDPOINT or AAD_AUTHORITY_HOST is refused, logged and given as the reason; https gets a Secure cookie', async () => {
    const cases: Array<[Record<string, string>, RegExp | undefined]> = [
      [{ BOT_ENDPOINT: 'http://bot.contoso.example' }, /BOT_ENDPOINT \(http:\/\/bot\.contoso\.example\) must use https/],
      [{ AAD_AUTHORITY_HOST: 'http://login.contoso.example' }, /AAD_AUTHORITY_HOST \(http:\/\/login\.contoso\.example\) must use https/],
      [{ BOT_ENDPOINT: 'https://bot.contoso.example' }, undefined],
    ];
    for (const [change, refusal] of cases) {
      const config = loadConfig({ ...env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...change });
      const { log, lines } = capturedLogger();
      const graph = await wireGraph(config, log);
      const server = restify.createServer();
      try {
        serveAutomationSignIn(server, { config, db: h.service.db, graph, log });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        const start = await getFrom(newBrowser(), `${server.url}/automation/sign-in`);
        const account = await automationAccount(graph, UPN, undefined).get();
        if (refusal) {
          assert.ok(lines.some((l) => l.level === 40 && refusal.test(String(l.msg))), `the log says why: ${JSON.stringify(lines)}`);
          assert.ok(!account.ok && account.reason === 'no-token' && refusal.test(account.detail), JSON.stringify(account));
          assert.equal(start.status, 404, 'no sign-in route is served');
        } else {
          assert.equal(start.status, 302);
          assert.match(String(start.headers['set-cookie']), /; Secure$/, 'the cookie is Secure off loopback');
        }
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await graph.close();
      }
    }
  });

  it('after the sign-in, the same kind of request is approved by the automation account with the rationale', async () => {
    const ok = await signIn(UPN, { replay: true });
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /Automation approver signed in/);
    assert.equal(ok.replay?.status, 400, 'a code is redeemed once');

    const [signedIn] = await trail('session.activity');
    assert.equal(signedIn?.output.category, 'automation-sign-in');
    assert.equal(signedIn?.actor.type, 'automation');
    assert.equal(signedIn?.actor.id, await h.id('jlorenz'));

    // The row is sealed: no token in clear, yet it opens with the key and holds the refresh token.
    const rows = await cacheRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.account, UPN);
    const refreshTokens = Object.values((await storedCache()).RefreshToken).map((t) => t.secret);
    assert.equal(refreshTokens.length, 1);
    assert.ok(refreshTokens[0]!.length > 100);
    assert.ok(!rows[0]!.sealed.includes(refreshTokens[0]!), 'the refresh token is not in the row in clear text');
    assert.ok(!/eyJ[\w-]+\.eyJ[\w-]+\./.test(rows[0]!.sealed), 'nor any other token');
    assert.ok(!rows[0]!.sealed.includes(UPN));

    // The request that came before the sign-in stays with its approvers; a new one goes through.
    await (await h.as('nwilke')).cancelRequest(waiting);
    const r = await lowRisk();
    await h.waitFor(async () => ((await status(r.id)) === 'Provisioned' ? true : undefined), 'the automatic approval');
    const [analysis] = await trail('triage.analysis', r.id);
    const step = (await (await h.as('jlorenz')).getApproval(r.id)).steps[0]!;
    assert.equal(step.reviewedBy?.id, await h.id('jlorenz'), 'approved by the automation approver');
    assert.ok(step.justification?.includes(String(analysis?.output.rationale)), 'with the rationale as the justification');
    const [auto] = await trail('decision.auto', r.id);
    assert.equal(auto?.actor.type, 'automation');
    assert.equal(h.cardsFor(r.id).length, 0, 'nobody had to decide');
  });

  it('a restart with the same database still approves: the sealed cache survives', async () => {
    await deactivate();
    await h.close();
    h = await startHarness(env, { sandbox, dataDir, connectorPort });
    const r = await lowRisk();
    await h.waitFor(async () => ((await status(r.id)) === 'Provisioned' ? true : undefined), 'the automatic approval after the restart');
    const step = (await (await h.as('jlorenz')).getApproval(r.id)).steps[0]!;
    assert.equal(step.reviewedBy?.id, await h.id('jlorenz'));
    assert.equal((await trail('decision.auto', r.id)).length, 1);
  });

  it('concurrent token requests share one refresh, and the account is picked by object id and tenant', async () => {
    await rewriteCache(expireAccessTokens);
    const [{ version } = { version: '' }] = await cacheRows();
    const id = await h.id('jlorenz');
    const tokens = await Promise.all([1, 2, 3, 4].map(() => tokenSource().graphToken(id)));
    assert.ok(tokens.every((t) => t.ok), JSON.stringify(tokens));
    assert.equal(new Set(tokens.map((t) => (t.ok ? t.token : ''))).size, 1, 'one token for all four');
    assert.equal((await cacheRows())[0]!.version, String(Number(version) + 1), 'stored once');
    const stranger = await tokenSource().graphToken(randomUUID());
    assert.ok(!stranger.ok && /no delegated sign-in of/.test(stranger.detail), 'the same username under another object id is not it');
  });

  it('a refresh read before a newer sign-in is not stored over it', async () => {
    const id = `stale-writer-${randomUUID()}`;
    const row: CacheRow = { id, account: UPN, tenantId: sandbox.tenantId, clientId: SANDBOX_CLIENT_ID };
    const { log, lines } = capturedLogger();
    const key = Buffer.from(KEY, 'base64');
    const signIn = new DatabaseTokenCache(h.service.db, key, row, log);
    const instance = new DatabaseTokenCache(h.service.db, key, row, log);
    const stored = async () => {
      const [r] = (await h.service.db.query<{ sealed: string; version: string }>('SELECT sealed, version::text AS version FROM token_caches WHERE id = $1', [id])).rows;
      return { cache: unseal(rowKey(), r!.sealed, cacheContext(row)), version: Number(r!.version) };
    };

    await signIn.save('{"from":"first sign-in"}');
    assert.deepEqual(await stored(), { cache: '{"from":"first sign-in"}', version: 1 });
    const memory = new MemoryCache();
    await instance.beforeCacheAccess(new TokenCacheContext(memory, false));
    assert.equal(memory.data, '{"from":"first sign-in"}');
    await signIn.save('{"from":"newer sign-in"}');
    memory.data = '{"from":"refresh of the first sign-in"}';
    await instance.afterCacheAccess(new TokenCacheContext(memory, true));
    assert.deepEqual(await stored(), { cache: '{"from":"newer sign-in"}', version: 2 }, 'the newer sign-in stays');
    assert.ok(lines.some((l) => l.level === 30 && /changed meanwhile.*not stored/.test(String(l.msg))), 'and the log says so at info');

    // Read again, the refresh lands; unchanged, nothing is written.
    await instance.beforeCacheAccess(new TokenCacheContext(memory, false));
    memory.data = '{"from":"refresh of the newer sign-in"}';
    await instance.afterCacheAccess(new TokenCacheContext(memory, true));
    assert.deepEqual(await stored(), { cache: '{"from":"refresh of the newer sign-in"}', version: 3 });
    await instance.beforeCacheAccess(new TokenCacheContext(memory, false));
    await instance.afterCacheAccess(new TokenCacheContext(memory, false));
    assert.equal((await stored()).version, 3);

    // The same row read as another tenant's, app's or account's does not open.
    for (const other of [{ tenantId: randomUUID() }, { clientId: randomUUID() }, { account: 'nwilke@contoso.example' }]) {
      assert.equal(await new DatabaseTokenCache(h.service.db, key, { ...row, ...other }, log).load(), undefined, JSON.stringify(other));
    }
    assert.ok(lines.some((l) => l.level === 40 && /cannot be opened/.test(String(l.msg))));
    await h.service.db.query('DELETE FROM token_caches WHERE id = $1', [id]);
  });

  it('an expired access token is renewed with the refresh token; a refused refresh token means signing in again', async () => {
    await deactivate();
    await rewriteCache(expireAccessTokens);
    const [before] = Object.values((await storedCache()).RefreshToken).map((t) => t.secret);
    const renewed = await lowRisk();
    await h.waitFor(async () => ((await status(renewed.id)) === 'Provisioned' ? true : undefined), 'the approval with a renewed token');
    const after = await storedCache();
    assert.ok(Object.values(after.AccessToken).every((t) => Number(t.expires_on) * 1000 > Date.now()), 'the new access token was stored');
    assert.notEqual(Object.values(after.RefreshToken)[0]!.secret, before, 'and the new refresh token');

    await deactivate();
    await rewriteCache((cache) => {
      expireAccessTokens(cache);
      for (const t of Object.values(cache.RefreshToken)) t.secret = 'revoked';
    });
    const refused = await lowRisk();
    const noToken = await h.waitFor(async () => (await trail('refusal', refused.id)).find((e) => e.output.reason === 'automation-no-token'), 'the refusal');
    assert.match(String(noToken.output.detail), /no longer works/);
    assert.match(String(noToken.output.detail), new RegExp(`sign in as ${UPN} at ${endpoint}/automation/sign-in`));
    assert.equal(await status(refused.id), 'PendingApproval');
  });

  it('the sandbox authorize page and code grant check what Entra checks', async () => {
    const authorizeUrl = `${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/authorize`;
    const tokenUrl = `${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`;
    const redirectUri = 'https://bot.contoso.example/automation/callback';
    const verifier = randomBytes(32).toString('base64url');
    const base = {
      client_id: SANDBOX_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'https://graph.microsoft.com/.default offline_access openid profile',
      state: 'the-state',
      nonce: 'the-nonce',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
    const get = (params: Record<string, string>) => fetch(`${authorizeUrl}?${new URLSearchParams(params)}`, { redirect: 'manual' });
    const errorOf = (res: Response) => new URL(res.headers.get('location') ?? '').searchParams;

    const untrusted = await get({ ...base, redirect_uri: 'http://bot.contoso.example/cb' });
    assert.equal(untrusted.status, 400, 'an http redirect off loopback is refused on the page, not followed');
    assert.match(await untrusted.text(), /AADSTS50011/);
    const noPkce = await get({ ...base, code_challenge: '' });
    assert.equal(noPkce.status, 302);
    assert.equal(errorOf(noPkce).get('error'), 'invalid_request');
    assert.equal(errorOf(noPkce).get('state'), 'the-state');
    assert.equal(errorOf(await get({ ...base, code_challenge_method: 'plain' })).get('error'), 'invalid_request');
    assert.equal(errorOf(await get({ ...base, response_type: 'token' })).get('error'), 'unsupported_response_type');

    const signIn = async (password = 'sandbox') => {
      const res = await fetch(`${authorizeUrl}?${new URLSearchParams(base)}`, { method: 'POST', body: new URLSearchParams({ username: UPN, password }), redirect: 'manual' });
      return res.status === 302 ? (new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '') : `${res.status} ${await res.text()}`;
    };
    assert.match(await signIn('wrong'), /^200 [\s\S]*AADSTS50126/, 'a wrong password shows the form again');
    const redeem = async (code: string, extra: Record<string, string> = {}) => {
      const res = await fetch(tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: 'sandbox', grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, scope: base.scope, client_info: '1', ...extra }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const aadCode = (r: { body: Json }) => (r.body.error_codes as number[] | undefined)?.[0];

    let code = await signIn();
    assert.equal(aadCode(await redeem(code, { client_secret: 'wrong' })), 7000215, 'the client secret is checked');
    assert.equal(aadCode(await redeem(code, { code_verifier: randomBytes(32).toString('base64url') })), 501481, 'the PKCE verifier is checked');
    assert.equal(aadCode(await redeem(code)), 54005, 'a code is spent once tried');
    code = await signIn();
    assert.equal(aadCode(await redeem(code, { redirect_uri: 'https://elsewhere.example/cb' })), 500112, 'the redirect URI must be the same');
    code = await signIn();
    const ok = await redeem(code);
    assert.equal(ok.status, 200);
    for (const field of ['access_token', 'refresh_token', 'id_token', 'client_info', 'scope', 'expires_in']) assert.ok(ok.body[field], `the answer has ${field}`);
    assert.equal(ok.body.token_type, 'Bearer');
    const idToken = JSON.parse(Buffer.from(String(ok.body.id_token).split('.')[1]!, 'base64url').toString('utf8')) as Json;
    assert.equal(idToken.nonce, 'the-nonce');
    assert.equal(idToken.preferred_username, UPN);
    assert.equal(idToken.aud, SANDBOX_CLIENT_ID);
  });
});
