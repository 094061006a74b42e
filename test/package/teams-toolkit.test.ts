import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { envSchema } from '../../src/config.js';
import { PLACEHOLDER, readEnvFile } from '../../scripts/package.js';
import { bicepOutputs } from './bicep.js';
import { GRAPH_APP_ID, GRAPH_PERMISSIONS, path, readJson, readText } from './project.js';

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

/** The actions used here and their parameters, from the Teams Toolkit v1.7 yaml schema. */
const ACTIONS: Record<string, { required: string[]; optional: string[]; writes?: { required: string[]; optional: string[] } }> = {
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    optional: ['serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription'],
    writes: { required: ['clientId', 'objectId', 'clientSecret'], optional: ['tenantId', 'authority', 'authorityHost'] },
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'], optional: [] },
  'arm/deploy': { required: ['subscriptionId', 'resourceGroupName', 'templates'], optional: ['bicepCliVersion'] },
  'teamsApp/create': { required: ['name'], optional: [], writes: { required: ['teamsAppId'], optional: [] } },
  'teamsApp/validateManifest': { required: ['manifestPath'], optional: [] },
  'teamsApp/zipAppPackage': { required: ['manifestPath', 'outputZipPath', 'outputFolder'], optional: [] },
  'teamsApp/validateAppPackage': { required: ['appPackagePath'], optional: [] },
  'teamsApp/update': { required: ['appPackagePath'], optional: [] },
  'teamsApp/publishAppPackage': { required: ['appPackagePath'], optional: [], writes: { required: ['publishedAppId'], optional: [] } },
  'botFramework/create': { required: ['botId', 'name', 'messagingEndpoint'], optional: ['description', 'iconUrl', 'channels'] },
  'cli/runNpmCommand': { required: ['args'], optional: ['workingDirectory'] },
  script: { required: ['run'], optional: ['workingDirectory', 'shell', 'timeout', 'redirectTo'] },
  'azureAppService/zipDeploy': { required: ['artifactFolder', 'resourceId'], optional: ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'] },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'], optional: [] },
};

/** Variables Teams Toolkit provides or asks for by itself. */
const BUILT_IN = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID']);

const load = (file: string) => parse(readText(file)) as ProjectFile;
const steps = (p: ProjectFile) => [...(p.provision ?? []), ...(p.deploy ?? []), ...(p.publish ?? [])];
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));

function checkSteps(file: string): void {
  const project = load(file);
  assert.equal(project.version, 'v1.7', `${file}: schema version`);
  for (const step of steps(project)) {
    const action = ACTIONS[step.uses];
    assert.ok(action, `${file}: unknown action ${step.uses}`);
    const given = Object.keys(step.with ?? {});
    for (const key of action.required) assert.ok(given.includes(key), `${file}: ${step.uses} needs with.${key}`);
    for (const key of given) assert.ok([...action.required, ...action.optional].includes(key), `${file}: ${step.uses} has no parameter ${key}`);
    const writes = Object.keys(step.writeToEnvironmentFile ?? {});
    if (action.writes) {
      for (const key of action.writes.required) assert.ok(writes.includes(key), `${file}: ${step.uses} must write ${key}`);
      for (const key of writes) assert.ok([...action.writes.required, ...action.writes.optional].includes(key), `${file}: ${step.uses} cannot write ${key}`);
    } else {
      assert.deepEqual(writes, [], `${file}: ${step.uses} writes nothing`);
    }
    for (const [key, name] of Object.entries(step.writeToEnvironmentFile ?? {})) {
      assert.match(name, key === 'clientSecret' ? /^SECRET_[A-Z0-9_]+$/ : /^[A-Z][A-Z0-9_]*$/, `${file}: ${key} → ${name}`);
    }
  }
}

/** Every placeholder a file set uses must be written by a step, an ARM output, the env template or the Toolkit. */
function checkVariables(file: string, envName: string, others: string[]): void {
  const project = load(file);
  const known = new Set(BUILT_IN);
  for (const step of steps(project)) for (const name of Object.values(step.writeToEnvironmentFile ?? {})) known.add(name);
  if (steps(project).some((s) => s.uses === 'arm/deploy')) for (const name of bicepOutputs('infra/azure.bicep')) known.add(name);
  for (const name of Object.keys(readEnvFile(path('env', `.env.${envName}`)))) known.add(name);
  // Secrets set by hand in env/.env.NAME.user are documented in the template's comments.
  for (const m of readText('env', `.env.${envName}`).matchAll(/^#\s+(SECRET_[A-Z0-9_]+)=/gm)) known.add(m[1]!);
  for (const source of [file, ...others]) {
    for (const name of placeholders(readText(source))) assert.ok(known.has(name), `${source} uses \${{${name}}}, which nothing provides in ${envName}`);
  }
}

describe('Teams Toolkit project files', () => {
  it('teamsapp.yml and teamsapp.local.yml use known actions with their parameters', () => {
    checkSteps('teamsapp.yml');
    checkSteps('teamsapp.local.yml');
  });

  it('provision creates the Entra app, the Teams app and the Azure resources, then validates, zips and updates', () => {
    const order = (load('teamsapp.yml').provision ?? []).map((s) => s.uses);
    const expected = ['aadApp/create', 'teamsApp/create', 'arm/deploy', 'aadApp/update', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update'];
    let at = -1;
    for (const uses of expected) {
      const next = order.indexOf(uses, at + 1);
      assert.ok(next > at, `${uses} comes after the steps before it`);
      at = next;
    }
    const deploy = (load('teamsapp.yml').deploy ?? []).map((s) => s.uses);
    assert.deepEqual(deploy.at(-1), 'azureAppService/zipDeploy');
    assert.ok(deploy.includes('cli/runNpmCommand'));
  });

  it('every ${{VARIABLE}} is provided for its environment', () => {
    checkVariables('teamsapp.yml', 'dev', ['appPackage/manifest.json', 'aad.manifest.json', 'infra/azure.parameters.json']);
    checkVariables('teamsapp.local.yml', 'local', ['appPackage/manifest.json', 'aad.manifest.json']);
  });

  it('the paths the project files name exist', () => {
    for (const file of ['teamsapp.yml', 'teamsapp.local.yml']) {
      for (const step of steps(load(file))) {
        for (const key of ['manifestPath', 'ignoreFile'] as const) {
          const value = step.with?.[key];
          if (typeof value === 'string') assert.doesNotThrow(() => readText(value), `${file}: ${value}`);
        }
        for (const t of (step.with?.templates as Array<{ path: string; parameters: string }> | undefined) ?? []) {
          readText(t.path);
          readText(t.parameters);
        }
      }
    }
  });

  it('the local deploy writes only settings the service reads', () => {
    const write = (load('teamsapp.local.yml').deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    assert.ok(write);
    for (const key of Object.keys(write.with?.envs as object)) assert.ok(key in envSchema.shape, `${key} is not a setting of src/config.ts`);
  });

  it('the env templates hold no secrets', () => {
    for (const envName of ['dev', 'local']) {
      for (const [key, value] of Object.entries(readEnvFile(path('env', `.env.${envName}`)))) {
        assert.ok(!key.startsWith('SECRET_'), `env/.env.${envName}: ${key} belongs in env/.env.${envName}.user`);
        if (!['TEAMSFX_ENV', 'APP_NAME_SUFFIX'].includes(key)) assert.equal(value, '', `env/.env.${envName}: ${key} is left for provision to fill`);
      }
    }
  });
});

describe('Entra app manifest (aad.manifest.json)', () => {
  const aad = readJson<{
    id: string;
    appId: string;
    signInAudience: string;
    identifierUris: string[];
    requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
    oauth2Permissions: Array<{ value: string; type: string }>;
    preAuthorizedApplications: Array<{ appId: string }>;
  }>('aad.manifest.json');

  it('asks Microsoft Graph for exactly the permissions in the README table, by id', () => {
    assert.equal(aad.requiredResourceAccess.length, 1);
    const graph = aad.requiredResourceAccess[0]!;
    assert.equal(graph.resourceAppId, GRAPH_APP_ID);
    const asked = graph.resourceAccess.map((r) => `${r.type}:${r.id}`).sort();
    assert.deepEqual(asked, GRAPH_PERMISSIONS.map((p) => `${p.type}:${p.id}`).sort());
    const readme = readText('README.md');
    for (const p of GRAPH_PERMISSIONS) {
      const kind = p.type === 'Role' ? 'application' : 'delegated';
      assert.match(readme, new RegExp(`\\| \`${p.name.replace(/\./g, '\\.')}\` \\| ${kind} \\|`), `README explains ${p.name} (${kind})`);
    }
  });

  it('is the single-tenant bot app with the Teams SSO scope, pre-authorized for the Teams clients', () => {
    assert.equal(aad.appId, '${{BOT_ID}}');
    assert.equal(aad.id, '${{BOT_OBJECT_ID}}');
    assert.equal(aad.signInAudience, 'AzureADMyOrg');
    assert.deepEqual(aad.identifierUris, ['api://botid-${{BOT_ID}}']);
    assert.ok(aad.oauth2Permissions.some((p) => p.value === 'access_as_user' && p.type === 'User'));
    const clients = aad.preAuthorizedApplications.map((a) => a.appId).sort();
    // Teams desktop and mobile; Teams web.
    assert.deepEqual(clients, ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
  });
});
