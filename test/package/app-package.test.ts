import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import AdmZip from 'adm-zip';
import { buildAppPackage, readEnvFile, resolvePlaceholders } from '../../scripts/package.js';
import { ROOT, SAMPLE_ENV, type TeamsManifest } from './project.js';

const scratch = mkdtempSync(join(tmpdir(), 'pim-package-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run package', () => {
  it('zips manifest.json, color.png and outline.png, with the placeholders filled', () => {
    const out = join(scratch, 'filled.zip');
    const result = buildAppPackage({ root: ROOT, envName: 'no-such-env', overrides: SAMPLE_ENV, out });
    assert.deepEqual(result.unresolved, []);
    const zip = new AdmZip(out);
    assert.deepEqual(zip.getEntries().map((e) => e.entryName).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as TeamsManifest;
    assert.equal(manifest.id, SAMPLE_ENV.TEAMS_APP_ID);
    assert.equal(manifest.bots[0]?.botId, SAMPLE_ENV.BOT_ID);
    assert.ok(manifest.validDomains?.includes(SAMPLE_ENV.BOT_DOMAIN!));
    assert.equal(zip.readFile('color.png')?.subarray(1, 4).toString(), 'PNG');
  });

  it('leaves unknown placeholders for Teams Toolkit and says which', () => {
    const out = join(scratch, 'template.zip');
    const result = buildAppPackage({ root: ROOT, envName: 'no-such-env', overrides: {}, out });
    assert.deepEqual(result.unresolved, ['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    const manifest = JSON.parse(new AdmZip(out).readAsText('manifest.json')) as TeamsManifest;
    assert.equal(manifest.id, '${{TEAMS_APP_ID}}');
  });

  it('reads values from env/.env.NAME and .env.NAME.user, the environment winning', () => {
    const root = join(scratch, 'project');
    for (const file of ['manifest.json', 'color.png', 'outline.png']) cpSync(join(ROOT, 'appPackage', file), join(root, 'appPackage', file));
    mkdirSync(join(root, 'env'), { recursive: true });
    writeFileSync(join(root, 'env', '.env.dev'), `# comment\nTEAMS_APP_ID=${SAMPLE_ENV.TEAMS_APP_ID}\nBOT_ID="from-file"\nBOT_DOMAIN=\n`);
    writeFileSync(join(root, 'env', '.env.dev.user'), `BOT_DOMAIN='user.example.net'\n`);
    const result = buildAppPackage({ root, envName: 'dev', overrides: { BOT_ID: SAMPLE_ENV.BOT_ID } });
    assert.equal(result.zipPath, join(root, 'appPackage', 'build', 'appPackage.zip'));
    assert.deepEqual(result.unresolved, []);
    const manifest = result.manifest as unknown as TeamsManifest;
    assert.equal(manifest.id, SAMPLE_ENV.TEAMS_APP_ID);
    assert.equal(manifest.bots[0]?.botId, SAMPLE_ENV.BOT_ID);
    assert.equal(manifest.validDomains?.[0], 'user.example.net');
  });

  it('parses env files and escapes values for JSON', () => {
    const file = join(scratch, 'sample.env');
    writeFileSync(file, 'A=1\n  # note\nB = "two words"\nbad line\nC=x=y\n');
    assert.deepEqual(readEnvFile(file), { A: '1', B: 'two words', C: 'x=y' });
    assert.deepEqual(readEnvFile(join(scratch, 'missing.env')), {});
    const { text } = resolvePlaceholders('{"a":"${{ A }}"}', { A: 'say "hi"\\' });
    assert.deepEqual(JSON.parse(text), { a: 'say "hi"\\' });
  });
});
