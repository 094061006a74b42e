// No Bicep compiler can be installed here (it is not in the npm registry or Debian), so these
// tests check the infra/ templates' structure: balanced syntax, parameters, module wiring,
// resource types, outputs, and that the app settings make a configuration the service accepts.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, envSchema } from '../../src/config.js';
import { blockAt, readBicep, stripBicep, topLevelKeys, type BicepFile } from './bicep.js';
import { path, readJson, readText } from './project.js';

const MAIN = 'infra/azure.bicep';
const main = readBicep(MAIN);
const moduleFiles = readdirSync(path('infra', 'modules')).filter((f) => f.endsWith('.bicep')).map((f) => `infra/modules/${f}`);
const all: Array<[string, BicepFile]> = [[MAIN, main], ...moduleFiles.map((f) => [f, readBicep(f)] as [string, BicepFile])];

const EXPECTED_TYPES = new Set([
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Web/serverfarms',
  'Microsoft.Web/sites',
  'Microsoft.Web/sites/config',
  'Microsoft.BotService/botServices',
  'Microsoft.BotService/botServices/channels',
  'Microsoft.DBforPostgreSQL/flexibleServers',
  'Microsoft.DBforPostgreSQL/flexibleServers/databases',
  'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
  'Microsoft.KeyVault/vaults',
  'Microsoft.KeyVault/vaults/secrets',
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.Insights/components',
  'Microsoft.OperationalInsights/workspaces',
]);

/** App Service settings that are not the service's own (src/config.ts). */
const PLATFORM_SETTINGS = new Set([
  'WEBSITES_PORT',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'WEBSITE_RUN_FROM_PACKAGE',
]);
const KEY_VAULT_SETTINGS = ['MicrosoftAppPassword', 'AAD_CLIENT_SECRET', 'DATABASE_URL'];

/** The `appSettings: { … }` object that azure.bicep hands to the web app module, as key → expression. */
function appSettings(): Record<string, string> {
  const at = /appSettings:\s*\{/.exec(main.code);
  assert.ok(at, 'azure.bicep passes appSettings to the web app');
  const open = at.index + at[0].length - 1;
  const block = blockAt(main.code, open);
  const original = main.text.slice(open + 1, open + 1 + block.length);
  const out: Record<string, string> = {};
  for (const key of topLevelKeys(block)) {
    const m = new RegExp(`^\\s*${key}:\\s*(.+)$`, 'm').exec(original);
    out[key] = m![1]!.trim();
  }
  return out;
}

describe('infra/ Bicep (structural)', () => {
  it('every file has balanced brackets, strings and comments', () => {
    for (const [file] of all) assert.doesNotThrow(() => stripBicep(readText(file)), file);
    assert.throws(() => stripBicep("param a string = 'x\nresource r 'T@1' = {"), /unclosed/);
  });

  it('the parameters file sets only declared params, and every required one', () => {
    const given = Object.keys(readJson<{ parameters: Record<string, unknown> }>('infra', 'azure.parameters.json').parameters);
    const declared = new Map(main.params.map((p) => [p.name, p]));
    for (const name of given) assert.ok(declared.has(name), `azure.parameters.json sets ${name}, which azure.bicep does not declare`);
    for (const p of main.params) if (!p.hasDefault) assert.ok(given.includes(p.name), `azure.parameters.json must set ${p.name}`);
  });

  it('modules exist and get exactly the params they declare as required', () => {
    for (const [file, bicep] of all) {
      for (const mod of bicep.modules) {
        const target = join(dirname(file), mod.path);
        const declared = readBicep(target).params;
        for (const name of mod.params) assert.ok(declared.some((p) => p.name === name), `${file}: module ${mod.symbol} passes ${name}, not declared in ${target}`);
        for (const p of declared) if (!p.hasDefault) assert.ok(mod.params.includes(p.name), `${file}: module ${mod.symbol} must pass ${p.name}`);
      }
    }
  });

  it('uses only the expected resource types, at dated GA API versions', () => {
    const types = new Set<string>();
    for (const [file, bicep] of all) {
      for (const r of bicep.resources) {
        assert.ok(EXPECTED_TYPES.has(r.type), `${file}: unexpected resource type ${r.type}`);
        assert.match(r.apiVersion, /^\d{4}-\d{2}-\d{2}$/, `${file}: ${r.type} uses API version ${r.apiVersion}`);
        types.add(r.type);
      }
    }
    for (const type of ['Microsoft.Web/sites', 'Microsoft.BotService/botServices/channels', 'Microsoft.DBforPostgreSQL/flexibleServers', 'Microsoft.KeyVault/vaults', 'Microsoft.Insights/components']) {
      assert.ok(types.has(type), `provisions ${type}`);
    }
  });

  it('registers the bot with the Teams channel at the web app endpoint, single-tenant', () => {
    const bot = readText('infra', 'modules', 'azurebot.bicep');
    assert.match(bot, /channelName: 'MsTeamsChannel'/);
    assert.match(bot, /msaAppType: 'SingleTenant'/);
    assert.match(main.text, /endpoint: 'https:\/\/\$\{web\.outputs\.defaultHostName\}\/api\/messages'/);
  });

  it('probes /healthz and runs the service the way the README does', () => {
    const web = readText('infra', 'modules', 'webapp.bicep');
    assert.match(web, /healthCheckPath: '\/healthz'/);
    assert.match(web, /appCommandLine: 'node bin\/pim-copilot\.js start'/);
    assert.match(web, /keyVaultReferenceIdentity: identityId/);
  });

  it('outputs what teamsapp.yml and the env template use, and never a secret', () => {
    const names = main.outputs.map((o) => o.name);
    for (const name of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_DOMAIN']) assert.ok(names.includes(name), `outputs ${name}`);
    for (const [file, bicep] of all) {
      const secure = bicep.params.filter((p) => p.secure).map((p) => p.name);
      for (const o of bicep.outputs) {
        for (const s of secure) assert.ok(!new RegExp(`\\b${s}\\b`).test(o.expression), `${file}: output ${o.name} reveals ${s}`);
        assert.ok(!/secret\b|password/i.test(o.name) || /Uri$/.test(o.name), `${file}: output ${o.name} looks like a secret`);
      }
    }
  });

  it('app settings are the service settings (src/config.ts), secrets as Key Vault references', () => {
    const settings = appSettings();
    for (const key of Object.keys(settings)) {
      assert.ok(key in envSchema.shape || PLATFORM_SETTINGS.has(key), `app setting ${key} is neither a service setting nor an App Service one`);
    }
    for (const key of ['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'AAD_TENANT_ID', 'AAD_CLIENT_ID', 'NODE_ENV', 'PORT', 'APPLICATIONINSIGHTS_CONNECTION_STRING', ...KEY_VAULT_SETTINGS]) {
      assert.ok(key in settings, `sets ${key}`);
    }
    for (const key of KEY_VAULT_SETTINGS) assert.match(settings[key]!, /^'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.outputs\.\w+\}\)'$/, `${key} comes from Key Vault`);
    assert.equal(settings.NODE_ENV, "'production'");
  });

  it('those settings, with sample values for the references, make a production configuration', () => {
    const sample: Record<string, string> = {
      botAadAppClientId: '8d2c1b0a-9f8e-4d7c-a6b5-c4d3e2f1a0b9',
      botAadAppTenantId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      logLevel: 'info',
      'monitoring.outputs.connectionString': 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    };
    const env: Record<string, string> = {};
    for (const [key, expr] of Object.entries(appSettings())) {
      if (KEY_VAULT_SETTINGS.includes(key)) env[key] = key === 'DATABASE_URL' ? 'postgresql://pimcopilot:x@server.postgres.database.azure.com:5432/pimcopilot?sslmode=verify-full' : 'client-secret';
      else if (/^'.*'$/.test(expr)) env[key] = expr.slice(1, -1);
      else {
        assert.ok(expr in sample, `no sample value for ${key}: ${expr}`);
        env[key] = sample[expr]!;
      }
    }
    const config = loadConfig(env);
    assert.equal(config.env, 'production');
    assert.equal(config.bot.mode, 'authenticated');
    assert.equal(config.graph.mode, 'tenant');
    assert.equal(config.database.kind, 'postgres');
    assert.equal(config.http.port, 8080);
  });

  it('builds DATABASE_URL for the flexible server with TLS verified', () => {
    assert.match(main.text, /databaseUrl: 'postgresql:\/\/\$\{postgresAdminLogin\}:\$\{uriComponent\(postgresAdminPassword\)\}@\$\{postgres\.outputs\.fqdn\}:5432\/\$\{postgres\.outputs\.databaseName\}\?sslmode=verify-full'/);
  });
});
