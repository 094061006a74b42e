import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { Sandbox } from '../../src/sandbox/index.js';
import { appToken, call, contosoSandbox, tokenReply, userToken } from './helpers.js';

describe('sandbox tokens and authorization', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await contosoSandbox();
  });
  after(() => sb.close());

  it('issues app tokens for client credentials, verifiable with the published keys', async () => {
    const r = await tokenReply(sb, { grant_type: 'client_credentials', client_secret: 'sandbox', scope: 'https://graph.microsoft.com/.default' });
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    const config = (await call(sb, 'GET', `/${sb.tenantId}/v2.0/.well-known/openid-configuration`)).body;
    const jwks = (await call(sb, 'GET', new URL(config.jwks_uri).pathname)).body;
    const { payload, protectedHeader } = await jwtVerify(r.body.access_token, createLocalJWKSet(jwks), { issuer: config.issuer });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.idtyp, 'app');
    assert.equal(payload.tid, sb.tenantId);
    assert.ok((payload.roles as string[]).includes('RoleAssignmentSchedule.ReadWrite.Directory'));
    assert.ok(typeof payload.oid === 'string');
  });

  it('refuses a wrong client secret with AADSTS7000215', async () => {
    const r = await tokenReply(sb, { grant_type: 'client_credentials', client_secret: 'nope', scope: 'https://graph.microsoft.com/.default' });
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.match(r.body.error_description, /^AADSTS7000215:/);
    assert.deepEqual(r.body.error_codes, [7000215]);
  });

  it('checks the grant, the scope and the tenant', async () => {
    const r1 = await tokenReply(sb, { grant_type: 'client_credentials', client_secret: 'sandbox', scope: 'User.Read' });
    assert.equal(r1.body.error, 'invalid_scope');
    const r2 = await tokenReply(sb, { grant_type: 'implicit' });
    assert.equal(r2.body.error, 'unsupported_grant_type');
    const res = await fetch(`${sb.url}/00000000-1111-2222-3333-444444444444/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
    assert.match(((await res.json()) as { error_description: string }).error_description, /AADSTS90002/);
  });

  it('issues delegated tokens for the password grant, with MFA in amr', async () => {
    const token = await userToken(sb, 'nwilke@contoso.example');
    const claims = decodeJwt(token);
    assert.equal(claims.idtyp, 'user');
    assert.equal(claims.upn, 'nwilke@contoso.example');
    assert.deepEqual(claims.amr, ['pwd', 'mfa']);
    for (const scope of ['RoleAssignmentSchedule.ReadWrite.Directory', 'PrivilegedAccess.ReadWrite.AzureAD', 'RoleManagement.Read.Directory', 'User.Read.All', 'Group.Read.All']) {
      assert.ok(String(claims.scp).split(' ').includes(scope), scope);
    }
    const bad = await tokenReply(sb, { grant_type: 'password', username: 'nwilke@contoso.example', password: 'wrong', scope: '.default' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error_description, /^AADSTS50126:/);
    const unknown = await tokenReply(sb, { grant_type: 'password', username: 'nobody@contoso.example', password: 'sandbox' });
    assert.match(unknown.body.error_description, /^AADSTS50034:/);
  });

  it('exchanges a user token on behalf of the user (OBO) and refreshes', async () => {
    const bot = await tokenReply(sb, { grant_type: 'password', username: 'mgraham@contoso.example', password: 'sandbox', scope: 'api://pim-copilot/access_as_user offline_access openid' });
    assert.equal(bot.status, 200);
    assert.equal(decodeJwt(bot.body.access_token).aud, 'api://pim-copilot');
    assert.ok(bot.body.id_token && bot.body.refresh_token);
    const notForGraph = await call(sb, 'GET', '/v1.0/me', bot.body.access_token);
    assert.equal(notForGraph.status, 401);
    const obo = await tokenReply(sb, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_secret: 'sandbox',
      assertion: bot.body.access_token,
      scope: 'https://graph.microsoft.com/.default',
      requested_token_use: 'on_behalf_of',
    });
    assert.equal(obo.status, 200);
    const me = await call(sb, 'GET', '/v1.0/me', obo.body.access_token);
    assert.equal(me.status, 200);
    assert.equal(me.body.userPrincipalName, 'mgraham@contoso.example');
    const forged = await tokenReply(sb, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_secret: 'sandbox', assertion: 'a.b.c', scope: '.default' });
    assert.match(forged.body.error_description, /^AADSTS50013:/);
    const refreshed = await tokenReply(sb, { grant_type: 'refresh_token', refresh_token: bot.body.refresh_token, scope: 'https://graph.microsoft.com/User.Read' });
    assert.equal(refreshed.status, 200);
    assert.equal(decodeJwt(refreshed.body.access_token).scp, 'User.Read');
  });

  it('answers 401 in Graph shape without a valid bearer token', async () => {
    for (const token of [undefined, 'not-a-jwt', 'a.b.c']) {
      const r = await call(sb, 'GET', '/v1.0/users', token);
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'InvalidAuthenticationToken');
      assert.ok(r.body.error.innerError['request-id']);
      assert.equal(r.headers.get('request-id'), r.body.error.innerError['request-id']);
    }
  });

  it('answers 403 when the token lacks the permission a route needs', async () => {
    const narrow = await userToken(sb, 'nwilke@contoso.example', { scope: 'https://graph.microsoft.com/User.Read' });
    const r = await call(sb, 'GET', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', narrow);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'Authorization_RequestDenied');
    assert.equal((await call(sb, 'GET', '/v1.0/me', narrow)).status, 200);
    const app = await appToken(sb);
    const me = await call(sb, 'GET', '/v1.0/me', app);
    assert.equal(me.status, 400);
  });
});
