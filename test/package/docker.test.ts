// No Docker engine here: the Dockerfile is checked for structure, and the steps it runs
// (build, copy-assets, start from dist/) are the ones the other packaging tests exercise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envSchema } from '../../src/config.js';
import { readText } from './project.js';

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function instructions(): Array<{ op: string; args: string }> {
  return readText('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions();
  const stages = all.flatMap((ins, i) => (ins.op === 'FROM' ? [i] : []));
  const final = all.slice(stages.at(-1));

  it('is multi-stage on a Node 20 slim image, the last stage copying from the build stage', () => {
    assert.ok(stages.length >= 2, 'at least two stages');
    assert.match(readText('Dockerfile'), /^ARG NODE_IMAGE=node:20-[\w-]*slim$/m);
    assert.ok(all.filter((i) => i.op === 'FROM').every((i) => /\bAS \w+$/i.test(i.args)), 'stages are named');
    assert.ok(final.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build')));
  });

  it('installs with npm ci, builds, copies assets and prunes dev dependencies', () => {
    const runs = all.filter((i) => i.op === 'RUN').map((i) => i.args).join(' && ');
    for (const step of ['npm ci', 'npm run build', 'scripts/copy-assets.ts', 'npm prune --omit=dev']) assert.ok(runs.includes(step), step);
  });

  it('runs as the non-root node user', () => {
    const users = final.filter((i) => i.op === 'USER');
    assert.equal(users.at(-1)?.args, 'node');
    const lastUser = final.lastIndexOf(users.at(-1)!);
    assert.ok(final.slice(lastUser).every((i) => i.op !== 'RUN'), 'nothing runs as root after USER');
  });

  it('exposes the default PORT and checks /healthz with node, not curl', () => {
    const port = envSchema.shape.PORT.parse(undefined);
    assert.deepEqual(final.filter((i) => i.op === 'EXPOSE').map((i) => i.args), [String(port)]);
    const health = final.find((i) => i.op === 'HEALTHCHECK');
    assert.ok(health, 'has a HEALTHCHECK');
    assert.match(health.args, /CMD \["node", "-e", ".*\/healthz/);
    assert.doesNotMatch(health.args, /curl|wget/);
  });

  it('starts the service with the project binary', () => {
    assert.match(final.find((i) => i.op === 'CMD')?.args ?? '', /"bin\/pim-copilot\.js", "start"\]$/);
  });

  it('.dockerignore keeps local state, secrets and dependencies out of the context', () => {
    const ignored = readText('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git', 'env']) assert.ok(ignored.includes(entry), entry);
  });
});
