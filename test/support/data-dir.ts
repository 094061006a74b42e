/**
 * Fresh DATA_DIR folders for tests that start the service (or its command line). A new folder
 * means PGlite runs initdb, which takes seconds; so an initialised, empty cluster is kept in the
 * temporary folder (one per PGlite version, made by the first test process that needs it, shared
 * by the others) and each data folder gets a copy. The service still applies every migration.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

let template: Promise<string> | undefined;

async function initialised(): Promise<string> {
  // The package's entry is dist/index.*; its manifest (not exported) is beside dist.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `pim-test-pglite-${version}`);
  if (existsSync(join(dir, 'pglite', 'PG_VERSION'))) return dir;
  // Made aside and renamed into place, so no process copies a cluster still being made.
  const making = await mkdtemp(`${dir}-making-`);
  try {
    const db = await PGlite.create(join(making, 'pglite'));
    await db.close();
    await rename(making, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process finished first (or a broken one is in the way and is replaced).
      if (existsSync(join(dir, 'pglite', 'PG_VERSION'))) return;
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      await rm(dir, { recursive: true, force: true });
      await rename(making, dir);
    });
  } finally {
    await rm(making, { recursive: true, force: true });
  }
  return dir;
}

/** A new temporary folder (`prefix` names it) holding an empty, initialised database cluster. */
export async function freshDataDir(prefix = 'pim-test-'): Promise<string> {
  template ??= initialised();
  const from = await template;
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(join(from, 'pglite'), join(dir, 'pglite'), { recursive: true });
  return dir;
}
