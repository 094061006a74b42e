import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TurnContext } from 'botbuilder';
import { signInPages } from '../../src/bot/sign-in-pages.js';
import { SIGN_IN_END_PATH, SIGN_IN_START_PATH, SSO_SCOPES, teamsSso } from '../../src/bot/sso.js';
import { loadConfig } from '../../src/config.js';

/** The TeamsSsoSettings fields read here (teams-ai does not export the type from its root). */
type TeamsSsoSettings = { scopes: string[]; signInLink: string; msalConfig: { auth: { clientId: string; clientSecret?: string; authority?: string } } };

const tenant = {
  MicrosoftAppId: '11111111-1111-1111-1111-111111111111',
  MicrosoftAppPassword: 'bot-secret',
  AAD_TENANT_ID: '22222222-2222-2222-2222-222222222222',
  AAD_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
  AAD_CLIENT_SECRET: 'graph-secret',
  BOT_ENDPOINT: 'https://pim-copilot.contoso.example/',
};

describe('Teams SSO configuration', () => {
  it('is on with a tenant, Bot Framework auth, a secret and a public endpoint', () => {
    const sso = teamsSso(loadConfig(tenant));
    assert.ok(sso.enabled);
    const graph = sso.options.settings.graph as unknown as TeamsSsoSettings;
    assert.deepEqual(graph.scopes, SSO_SCOPES);
    assert.equal(graph.signInLink, 'https://pim-copilot.contoso.example/auth-start.html');
    assert.equal(graph.msalConfig.auth.clientId, tenant.AAD_CLIENT_ID);
    assert.equal(graph.msalConfig.auth.clientSecret, 'graph-secret');
    assert.equal(graph.msalConfig.auth.authority, `https://login.microsoftonline.com/${tenant.AAD_TENANT_ID}`);
  });
  it('signs in before messages and card actions only', async () => {
    const sso = teamsSso(loadConfig(tenant));
    assert.ok(sso.enabled);
    const autoSignIn = sso.options.autoSignIn as (c: TurnContext) => Promise<boolean>;
    const ctx = (activity: object) => ({ activity }) as TurnContext;
    assert.equal(await autoSignIn(ctx({ type: 'message' })), true);
    assert.equal(await autoSignIn(ctx({ type: 'invoke', name: 'adaptiveCard/action' })), true);
    assert.equal(await autoSignIn(ctx({ type: 'conversationUpdate' })), false);
  });
  it('follows a sovereign cloud’s authority', () => {
    const sso = teamsSso(loadConfig({ ...tenant, AAD_AUTHORITY_HOST: 'https://login.microsoftonline.us' }));
    assert.ok(sso.enabled);
    assert.match((sso.options.settings.graph as unknown as TeamsSsoSettings).msalConfig.auth.authority!, /^https:\/\/login\.microsoftonline\.us\//);
  });
  it('is off, with the reason, in every other setup', () => {
    const reason = (env: Record<string, string>) => {
      const sso = teamsSso(loadConfig(env));
      return sso.enabled ? 'on' : sso.reason;
    };
    assert.match(reason({}), /sandbox/);
    const { MicrosoftAppId: _a, MicrosoftAppPassword: _p, ...noBot } = tenant;
    assert.match(reason(noBot), /MicrosoftAppId/);
    const { BOT_ENDPOINT: _e, ...noEndpoint } = tenant;
    assert.match(reason(noEndpoint), /BOT_ENDPOINT/);
    const { AAD_CLIENT_SECRET: _s, ...noSecret } = tenant;
    assert.match(reason({ ...noSecret, AAD_USE_MANAGED_IDENTITY: 'true' }), /AAD_CLIENT_SECRET/);
  });
});

describe('the sign-in pages', () => {
  const pages = signInPages(loadConfig(tenant));
  it('start an authorization-code flow with PKCE at the tenant’s authority, returning to the end page', () => {
    const start = pages[SIGN_IN_START_PATH]!;
    assert.match(start, /https:\/\/login\.microsoftonline\.com/);
    assert.match(start, /code_challenge_method: 'S256'/);
    assert.match(start, /response_type: 'code'/);
    assert.ok(start.includes(`location.origin + "${SIGN_IN_END_PATH}"`));
  });
  it('end by checking the state and telling Teams', () => {
    const end = pages[SIGN_IN_END_PATH]!;
    assert.match(end, /hash\.get\('state'\) !== expected/);
    assert.match(end, /notifySuccess\(\)/);
    assert.match(end, /notifyFailure/);
  });
});

describe('conversation settings', () => {
  it('chooses the planner: local without a model, the model when one is set, local when asked', () => {
    assert.equal(loadConfig({}).conversation.planner, 'local');
    const llm = { LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
    assert.equal(loadConfig(llm).conversation.planner, 'llm');
    assert.equal(loadConfig({ ...llm, BOT_PLANNER: 'local' }).conversation.planner, 'local');
    assert.throws(() => loadConfig({ BOT_PLANNER: 'llm' }), /BOT_PLANNER: llm needs a language model/);
  });
  it('checks the helpdesk group id and the endpoint', () => {
    assert.throws(() => loadConfig({ HELPDESK_GROUP_ID: 'service desk' }), /HELPDESK_GROUP_ID: must be a GUID/);
    assert.throws(() => loadConfig({ BOT_ENDPOINT: 'pim-copilot.example' }), /BOT_ENDPOINT/);
    assert.equal(loadConfig({ BOT_ENDPOINT: 'https://x.example/' }).conversation.botEndpoint, 'https://x.example');
  });
});
