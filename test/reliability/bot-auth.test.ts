/**
 * Production mode (MicrosoftAppId set) against a local stand-in of the Bot Framework's OpenID
 * metadata and signing keys (BOT_OPENID_METADATA_URL), so botbuilder's real token validation runs
 * offline: no token, a garbage one, one signed by an unknown key or forged under a known key id,
 * another audience, issuer or service URL, an expired one, the wrong algorithm: each is refused
 * with a 401 and nothing is processed. A token signed as the Bot Framework signs is accepted.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyObject } from 'jose';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { startService, type Service } from '../../src/service.js';
import { recordFigure } from '../support/figures.js';
import { freshDataDir } from '../support/data-dir.js';

const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const ISSUER = 'https://api.botframework.com';
const KID = 'stand-in-key-1';
const SERVICE_URL = 'http://127.0.0.1:9/teams/';

interface KeyStandIn {
  url: string;
  close(): Promise<void>;
}

/** The Bot Framework's OpenID metadata and JWKS, as login.botframework.com publishes them. */
async function startKeyStandIn(publicJwk: Record<string, unknown>): Promise<KeyStandIn> {
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: ISSUER, authorization_endpoint: `${base}/authorize`, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] }));
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(JSON.stringify({ keys: [{ ...publicJwk, kid: KID, use: 'sig', endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/v1/.well-known/openidconfiguration`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('Bot Framework authentication in production mode', { timeout: 240_000 }, () => {
  let service: Service;
  let keys: KeyStandIn;
  let dataDir: string;
  let signing: KeyObject;
  let stranger: KeyObject;
  let rejected = 0;

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signing = pair.privateKey as KeyObject;
    stranger = (await generateKeyPair('RS256')).privateKey as KeyObject;
    keys = await startKeyStandIn((await exportJWK(pair.publicKey)) as Record<string, unknown>);
    dataDir = await freshDataDir('pim-bot-auth-');
    service = await startService(
      loadConfig({
        PORT: '0',
        SANDBOX_PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        INTAKE_POLL_SECONDS: '3600',
        TICKET_STANDINS: 'false',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        BOT_OPENID_METADATA_URL: keys.url,
      }),
      pino({ level: 'silent' }),
    );
  });
  after(async () => {
    recordFigure({ suite: 'hostile', name: 'unauthenticated activities rejected', value: rejected });
    await service?.close();
    await keys?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A token as the Bot Framework issues it for this bot; `claims` and `options` bend it. */
  function token(claims: JWTPayload = {}, options: { key?: KeyObject; kid?: string; alg?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: SERVICE_URL, ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? KID, typ: 'JWT' })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
      .setAudience(typeof claims.aud === 'string' ? claims.aud : APP_ID)
      .setIssuedAt(claims.iat ?? now - 60)
      .setNotBefore(claims.nbf ?? now - 60)
      .setExpirationTime(claims.exp ?? now + 3600)
      .sign(options.key ?? signing);
  }

  /** An activity that makes the bot write down where the sender talks to it, and send nothing. */
  function activity(who: string) {
    return {
      type: 'conversationUpdate',
      id: `auth-${who}`,
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      timestamp: new Date().toISOString(),
      from: { id: `29:${who}`, name: who, aadObjectId: who },
      recipient: { id: `28:${APP_ID}`, name: 'PIM Copilot' },
      conversation: { id: `a:${who}`, conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      membersAdded: [],
    };
  }

  async function post(who: string, authorization?: string): Promise<number> {
    const res = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity(who)),
    });
    await res.arrayBuffer();
    return res.status;
  }

  const processed = async (who: string) => (await service.db.query('SELECT 1 FROM conversation_refs WHERE aad_object_id = $1', [who])).rows.length > 0;

  it('refuses every activity without a valid token, and processes none of them', async () => {
    const hour = Math.floor(Date.now() / 1000) - 3600;
    const attempts: Array<[string, () => Promise<string | undefined>]> = [
      ['no Authorization header', async () => undefined],
      ['an empty bearer token', async () => 'Bearer '],
      ['a garbage bearer token', async () => 'Bearer not.a.jwt'],
      ['another scheme', async () => `Basic ${Buffer.from('bot:secret').toString('base64')}`],
      ['a token signed by an unknown key', async () => `Bearer ${await token({}, { key: stranger, kid: 'unknown-key' })}`],
      ['a token forged under the known key id', async () => `Bearer ${await token({}, { key: stranger })}`],
      ['another audience', async () => `Bearer ${await token({ aud: '00000000-0000-0000-0000-0000000000aa' })}`],
      ['another issuer', async () => `Bearer ${await token({ iss: 'https://login.example.test' })}`],
      ['another service URL', async () => `Bearer ${await token({ serviceurl: 'https://smuggled.example.test/' })}`],
      ['an expired token', async () => `Bearer ${await token({ iat: hour - 3600, nbf: hour - 3600, exp: hour })}`],
      ['a token not valid yet', async () => `Bearer ${await token({ nbf: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 })}`],
      ['an HMAC token keyed with the public key', async () => `Bearer ${await hmacWithPublicKey()}`],
      ['an unsigned token', async () => `Bearer ${unsigned()}`],
    ];
    for (const [i, [label, header]] of attempts.entries()) {
      const who = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const status = await post(who, await header());
      assert.ok(status === 401 || status === 403, `${label}: status ${status}`);
      assert.equal(await processed(who), false, `${label}: the activity was processed`);
      rejected += 1;
    }
  });

  it('accepts an activity signed as the Bot Framework signs it', async () => {
    const who = '00000000-0000-4000-8000-00000000a11e';
    const status = await post(who, `Bearer ${await token()}`);
    assert.equal(status, 200);
    assert.equal(await processed(who), true, 'the turn ran');
  });

  /** The classic confusion: HS256 with the RSA public key as the secret. */
  async function hmacWithPublicKey(): Promise<string> {
    const res = await fetch(keys.url.replace('openidconfiguration', 'keys'));
    const secret = new TextEncoder().encode(JSON.stringify(await res.json()));
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: SERVICE_URL }).setProtectedHeader({ alg: 'HS256', kid: KID }).setIssuer(ISSUER).setAudience(APP_ID).setIssuedAt(now).setExpirationTime(now + 3600).sign(secret);
  }

  function unsigned(): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${part({ alg: 'none', kid: KID })}.${part({ iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, iat: now, exp: now + 3600 })}.`;
  }
});
