/** Credential selection, the sandbox token grants, and the small TTL cache. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential, ManagedIdentityCredential, OnBehalfOfCredential } from '@azure/identity';
import { SandboxCredential, createAppCredential, createOnBehalfOfCredential, type AppIdentity } from '../../src/pim/index.js';
import { TtlCache } from '../../src/pim/ttl-cache.js';
import { FakeGraph, json } from './fake-graph.js';

const TENANT = 'db5b5fab-8f4d-4e27-9da1-494c73cf256d';
const CLIENT = '11111111-2222-3333-4444-555555555555';

describe('credentials', () => {
  let fake: FakeGraph;
  before(async () => {
    fake = await new FakeGraph((req, res) => {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== 'sandbox') return json(res, 401, { error: 'invalid_client', error_description: 'bad secret' });
      json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: `${form.get('grant_type')}:${form.get('assertion') ?? form.get('username') ?? 'app'}` });
    }).start();
  });
  after(() => fake.close());

  it('picks the @azure/identity credential for a real authority', () => {
    const base = { tenantId: TENANT, clientId: CLIENT };
    assert.ok(createAppCredential({ ...base, credential: { kind: 'secret', secret: 's' } }) instanceof ClientSecretCredential);
    assert.ok(createAppCredential({ ...base, credential: { kind: 'managedIdentity' } }) instanceof ManagedIdentityCredential);
    assert.ok(createOnBehalfOfCredential({ ...base, credential: { kind: 'secret', secret: 's' } }, 'sso') instanceof OnBehalfOfCredential);
    assert.ok(createOnBehalfOfCredential({ ...base, credential: { kind: 'managedIdentity', clientId: CLIENT } }, 'sso') instanceof OnBehalfOfCredential);
  });

  it('uses the sandbox token endpoint for an http authority: app, on-behalf-of, password', async () => {
    const identity: AppIdentity = { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 'sandbox' }, authorityHost: fake.url };
    const app = createAppCredential(identity);
    assert.ok(app instanceof SandboxCredential);
    assert.equal((await app.getToken('https://graph.microsoft.com/.default'))!.token, 'client_credentials:app');
    assert.equal(fake.requests.at(-1)!.url, `/${TENANT}/oauth2/v2.0/token`);
    await app.getToken('https://graph.microsoft.com/.default');
    assert.equal(fake.requests.length, 1, 'token cached until near expiry');

    const obo = createOnBehalfOfCredential(identity, 'sso-token');
    assert.equal((await obo.getToken('https://graph.microsoft.com/.default'))!.token, 'urn:ietf:params:oauth:grant-type:jwt-bearer:sso-token');
    assert.equal(new URLSearchParams(fake.requests.at(-1)!.body).get('requested_token_use'), 'on_behalf_of');

    const user = new SandboxCredential({ authorityHost: fake.url, tenantId: TENANT, clientId: CLIENT, clientSecret: 'sandbox', grant: { kind: 'password', username: 'a@b', password: 'p' } });
    assert.equal((await user.getToken(['https://graph.microsoft.com/.default'])).token, 'password:a@b');

    const wrong = new SandboxCredential({ authorityHost: fake.url, tenantId: TENANT, clientId: CLIENT, clientSecret: 'nope', grant: { kind: 'clientCredentials' } });
    await assert.rejects(wrong.getToken('x'), /invalid_client/);
    assert.throws(() => createAppCredential({ ...identity, credential: { kind: 'managedIdentity' } }), /client secret/);
  });

  it('expires, evicts and forgets failed loads', async () => {
    let now = 0;
    const cache = new TtlCache<Promise<number>>(100, 2, () => now);
    cache.set('a', Promise.resolve(1));
    assert.equal(await cache.get('a'), 1);
    now = 100;
    assert.equal(cache.get('a'), undefined);
    const failed = Promise.reject(new Error('x'));
    cache.set('b', failed);
    await failed.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    assert.equal(cache.get('b'), undefined);
    cache.set('c', Promise.resolve(3));
    cache.set('d', Promise.resolve(4));
    cache.set('e', Promise.resolve(5));
    assert.equal(cache.get('c'), undefined, 'oldest evicted beyond maxEntries');
  });
});
