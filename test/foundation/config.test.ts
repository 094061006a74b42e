import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, describeConfig, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, 'expected a ConfigError');
    return err.problems;
  }
  assert.fail('expected the settings to be refused');
}

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP = '66666666-7777-8888-9999-000000000000';

describe('settings', () => {
  it('gives a working local configuration with no variables at all', () => {
    const c = loadConfig({});
    assert.equal(c.http.port, 3978);
    assert.equal(c.http.host, '127.0.0.1');
    assert.deepEqual(c.database, { kind: 'pglite', dataDir: './data' });
    assert.deepEqual(c.bot, { mode: 'local' });
    assert.equal(c.graph.mode, 'sandbox');
    assert.equal(c.llm.provider, 'none');
  });

  it('treats empty strings as unset', () => {
    assert.equal(loadConfig({ PORT: '', MicrosoftAppId: ' ' }).http.port, 3978);
  });

  it('refuses a port that is not a number, with the variable named', () => {
    const [p] = problemsOf({ PORT: 'eighty' });
    assert.match(p!, /^PORT: must be a port number/);
  });

  it('refuses a port out of range', () => {
    assert.match(problemsOf({ PORT: '70000' })[0]!, /^PORT: must be between 0 and 65535/);
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    assert.match(problemsOf({ DATABASE_URL: 'mysql://x' })[0]!, /^DATABASE_URL: must be a postgres:\/\//);
  });

  it('refuses an app id that is not a GUID', () => {
    assert.match(problemsOf({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'x' })[0]!, /^MicrosoftAppId: must be a GUID/);
  });

  it('needs a password with an app id, and an app id with a password', () => {
    assert.match(problemsOf({ MicrosoftAppId: APP })[0]!, /^MicrosoftAppPassword: required/);
    assert.match(problemsOf({ MicrosoftAppPassword: 'pw' })[0]!, /^MicrosoftAppId: required/);
  });

  it('needs a tenant id for single-tenant bots', () => {
    assert.match(problemsOf({ MicrosoftAppId: APP, MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' })[0]!, /^MicrosoftAppTenantId: required/);
  });

  it('refuses an unknown enum value', () => {
    assert.match(problemsOf({ LOG_LEVEL: 'loud' })[0]!, /^LOG_LEVEL: /);
    assert.match(problemsOf({ LLM_PROVIDER: 'skynet' })[0]!, /^LLM_PROVIDER: /);
  });

  it('refuses a boolean it cannot read', () => {
    assert.match(problemsOf({ SANDBOX: 'maybe' })[0]!, /^SANDBOX: must be true or false/);
  });

  it('reports a half-configured tenant as separate lines', () => {
    const problems = problemsOf({ AAD_CLIENT_ID: APP });
    assert.ok(problems.some((p) => p.startsWith('AAD_TENANT_ID: required')));
    assert.ok(problems.some((p) => p.startsWith('AAD_CLIENT_SECRET: one app credential is required')));
  });

  it('refuses two app credentials at once', () => {
    const problems = problemsOf({ AAD_TENANT_ID: TENANT, AAD_CLIENT_ID: APP, AAD_CLIENT_SECRET: 's', AAD_USE_MANAGED_IDENTITY: 'true' });
    assert.ok(problems.some((p) => /set only one of/.test(p)));
  });

  it('refuses the sandbox together with a real tenant', () => {
    const problems = problemsOf({ SANDBOX: 'true', AAD_TENANT_ID: TENANT, AAD_CLIENT_ID: APP, AAD_CLIENT_SECRET: 's' });
    assert.ok(problems.some((p) => p.startsWith('SANDBOX: cannot be true')));
  });

  it('refuses production on the sandbox or without Bot Framework authentication', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    assert.ok(problems.some((p) => /production needs a real tenant/.test(p)));
    assert.ok(problems.some((p) => /production needs MicrosoftAppId/.test(p)));
  });

  it('checks what each language model provider needs', () => {
    assert.match(problemsOf({ LLM_PROVIDER: 'openai' })[0]!, /^OPENAI_API_KEY: required/);
    const az = problemsOf({ LLM_PROVIDER: 'azure-openai' });
    assert.ok(az.some((p) => p.startsWith('AZURE_OPENAI_ENDPOINT')) && az.some((p) => p.startsWith('AZURE_OPENAI_DEPLOYMENT')));
    assert.match(problemsOf({ LLM_PROVIDER: 'openai-compatible' })[0]!, /^OPENAI_BASE_URL: required/);
    assert.match(problemsOf({ OPENAI_API_KEY: 'sk-x' })[0]!, /^LLM_PROVIDER: a model endpoint or key is set/);
  });

  it('lists every problem at once, one line each', () => {
    assert.equal(problemsOf({ PORT: 'x', LOG_LEVEL: 'y', DATABASE_URL: 'z' }).length, 3);
  });

  it('builds a full production configuration', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: APP,
      MicrosoftAppPassword: 'bot-secret-value',
      AAD_TENANT_ID: TENANT,
      AAD_CLIENT_ID: APP,
      AAD_CLIENT_SECRET: 'graph-secret-value',
      DATABASE_URL: 'postgres://pim:db-secret-value@db.example:5432/pim',
      LLM_PROVIDER: 'azure-openai',
      AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o',
      AZURE_OPENAI_API_KEY: 'llm-secret-value',
    });
    assert.equal(c.http.host, '0.0.0.0');
    assert.equal(c.database.kind, 'postgres');
    assert.equal(c.graph.mode, 'tenant');
    // Nothing secret survives into what gets logged.
    const logged = JSON.stringify(describeConfig(c));
    for (const secret of ['bot-secret-value', 'graph-secret-value', 'db-secret-value', 'llm-secret-value']) {
      assert.ok(!logged.includes(secret), `${secret} must not be logged`);
    }
  });

  it('never echoes a secret in an error message', () => {
    const problems = problemsOf({ MicrosoftAppPassword: 'super-secret-value', PIM_EVENTS_SECRET: 'short' });
    assert.ok(!problems.join('\n').includes('super-secret-value'));
    assert.ok(problems.some((p) => p.startsWith('PIM_EVENTS_SECRET: must be at least 16 characters')));
  });
});

describe('settings documentation', () => {
  it('documents every variable in env/.env.example and the README', async () => {
    const { readFile } = await import('node:fs/promises');
    const { envSchema } = await import('../../src/config.js');
    const example = await readFile(new URL('../../env/.env.example', import.meta.url), 'utf8');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(envSchema.shape)) {
      assert.ok(new RegExp(`^# ${name}=`, 'm').test(example), `${name} is missing from env/.env.example`);
      assert.ok(readme.includes(`\`${name}\``), `${name} is missing from README.md`);
    }
  });
});
