import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { clusterAt } from './data-dir.js';

describe('test database cluster cache', () => {
  const root = mkdtemp(join(tmpdir(), 'pim-cluster-cache-'));
  after(async () => rm(await root, { recursive: true, force: true }));

  it('replaces a half-made cluster, even with several processes at it, and leaves nothing beside it', async () => {
    const dir = join(await root, 'cluster');
    // What a process killed mid-way used to leave: files in place, but not a whole cluster.
    await mkdir(join(dir, 'pglite'), { recursive: true });
    await writeFile(join(dir, 'pglite', 'PG_VERSION'), '17\n');
    const stale = join(await root, 'cluster-making-old');
    await mkdir(stale);
    await utimes(stale, new Date(0), new Date(0));

    const made = await Promise.all([clusterAt(dir), clusterAt(dir)]);
    assert.deepEqual(made, [dir, dir]);
    assert.ok(existsSync(join(dir, 'ready')));
    assert.ok(existsSync(join(dir, 'pglite', 'global')), 'an initialised cluster is in place');
    assert.deepEqual(await readdir(await root), ['cluster']);
  });
});
