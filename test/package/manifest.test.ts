import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { parseUtterance } from '../../src/planner/index.js';
import { resolvePlaceholders } from '../../scripts/package.js';
import { SAMPLE_ENV, readJson, readText, type TeamsManifest } from './project.js';

const manifestText = readText('appPackage', 'manifest.json');
const template = JSON.parse(manifestText) as TeamsManifest;

/** The manifest as Teams Toolkit would render it, with sample ids and domain. */
function rendered(): TeamsManifest {
  const { text, unresolved } = resolvePlaceholders(manifestText, SAMPLE_ENV);
  assert.deepEqual(unresolved, [], 'the sample values cover every placeholder');
  return JSON.parse(text) as TeamsManifest;
}

/** The official schema for a manifestVersion, as shipped in @microsoft/app-manifest (no network). */
function officialSchema(version: string): object {
  const pkg = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const file = join(pkg, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  assert.ok(existsSync(file), `@microsoft/app-manifest ships no schema for manifestVersion ${version}`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

describe('Teams app manifest', () => {
  it('is valid against the official schema of its manifestVersion', async () => {
    const manifest = rendered();
    assert.ok(Number(manifest.manifestVersion.split('.')[1]) >= 17, 'manifestVersion 1.17 or later');
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as never, officialSchema(manifest.manifestVersion) as never);
    assert.deepEqual(errors, []);
  });

  it('is checked for real: the same validation rejects a broken manifest', async () => {
    const broken = { ...rendered(), accentColor: 'blue', bots: [{ botId: 'not-a-guid', scopes: ['everywhere'] }] };
    const errors = await AppManifestUtils.validateAgainstSchema(broken as never, officialSchema(broken.manifestVersion) as never);
    assert.ok(errors.some((e) => e.startsWith('/accentColor')));
    assert.ok(errors.some((e) => e.startsWith('/bots/0/botId')));
    assert.ok(errors.some((e) => e.startsWith('/bots/0/scopes/0')));
  });

  it('points $schema at the same version it declares', () => {
    assert.match(template.$schema, new RegExp(`/teams/v${template.manifestVersion.replace('.', '\\.')}/MicrosoftTeams\\.schema\\.json$`));
  });

  it('uses the Teams Toolkit placeholders for ids and domain', () => {
    assert.equal(template.id, '${{TEAMS_APP_ID}}');
    assert.equal(template.bots[0]?.botId, '${{BOT_ID}}');
    assert.ok(template.validDomains?.includes('${{BOT_DOMAIN}}'));
  });

  it('declares SSO for the bot app: webApplicationInfo matches the Entra app identifier URI', () => {
    const aad = readJson<{ identifierUris: string[] }>('aad.manifest.json');
    assert.equal(template.webApplicationInfo?.id, '${{BOT_ID}}');
    assert.ok(template.webApplicationInfo?.resource);
    assert.ok(aad.identifierUris.includes(template.webApplicationInfo.resource), 'the resource is one of the app registration identifier URIs');
    assert.deepEqual(template.permissions, ['identity', 'messageTeamMembers']);
  });

  it('offers the bot in personal and team scopes with a command list for both', () => {
    const bot = template.bots[0]!;
    assert.deepEqual([...bot.scopes].sort(), ['personal', 'team']);
    const listed = new Set(bot.commandLists?.flatMap((l) => l.scopes));
    assert.ok(listed.has('personal') && listed.has('team'));
  });

  it('keeps command titles within 32 characters and descriptions within 128, without duplicates', () => {
    for (const list of template.bots[0]?.commandLists ?? []) {
      const titles = list.commands.map((c) => c.title.toLowerCase());
      assert.equal(new Set(titles).size, titles.length, 'no duplicate titles');
      for (const command of list.commands) {
        assert.ok(command.title.length <= 32, `title too long: ${command.title}`);
        assert.ok((command.description ?? '').length > 0, `no description: ${command.title}`);
        assert.ok((command.description ?? '').length <= 128, `description too long: ${command.title}`);
      }
    }
  });

  it('lists only commands the bot understands: each title reads as a known intent', () => {
    const ctx = { roles: [{ id: 'r1', displayName: 'Exchange Administrator' }, { id: 'r2', displayName: 'Global Reader' }], now: new Date('2025-06-02T09:00:00Z') };
    for (const list of template.bots[0]?.commandLists ?? []) {
      for (const command of list.commands) {
        const read = parseUtterance(command.title, ctx);
        assert.notEqual(read.intent, 'unknown', `"${command.title}" is not understood by the planner`);
        assert.notEqual(read.intent, 'smalltalk', `"${command.title}" reads as small talk`);
      }
    }
  });
});
