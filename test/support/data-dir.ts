/**
 * Fresh DATA_DIR folders for tests that start the service (or its command line). A new folder
 * means PGlite runs initdb, which takes seconds; so an initialised, empty cluster is kept in the
 * temporary folder (one per PGlite version, made by the first test process that needs it, shared
 * by the others) and each data folder gets a copy. The service still applies every migration.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, renameSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Written last, so a folder holding it is a whole cluster; one without it is never copied. */
const READY = 'ready';
const STALE_MS = 60 * 60 * 1000;

let template: Promise<string> | undefined;

const isReady = (dir: string) => existsSync(join(dir, READY));

async function pgliteVersion(): Promise<string> {
  // The package's entry is dist/index.*; its manifest (not exported) is beside dist.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Folders left by a process killed while making or replacing the cluster. */
async function removeLeftovers(dir: string): Promise<void> {
  const parent = dirname(dir);
  const prefix = `${basename(dir)}-`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(`${prefix}making-`) && !name.startsWith(`${prefix}broken-`)) continue;
    const path = join(parent, name);
    const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => Date.now()));
    if (age >= STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

/** An initialised cluster at `dir`, made there (once, whatever other processes do) when it is not whole. */
export async function clusterAt(dir: string): Promise<string> {
  if (isReady(dir)) return dir;
  await removeLeftovers(dir);
  // Made aside and renamed into place, so no process copies a cluster still being made.
  const making = await mkdtemp(`${dir}-making-`);
  try {
    const db = await PGlite.create(join(making, 'pglite'));
    await db.close();
    await writeFile(join(making, READY), '');
    for (let attempt = 0; attempt < 3 && !isReady(dir); attempt++) {
      try {
        await rename(making, dir);
        return dir;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
        // A broken folder is in the way: moved aside under a name of our own before it is deleted.
        // The check and the move run without yielding, and what was moved is looked at again: a
        // whole cluster another process put in place meanwhile goes back rather than being removed.
        const aside = await mkdtemp(`${dir}-broken-`);
        const old = join(aside, 'old');
        if (isReady(dir)) break; // another process finished first
        try {
          renameSync(dir, old);
        } catch {
          // Gone already (another process moved it): try again.
        }
        if (isReady(old)) {
          try {
            renameSync(old, dir);
          } catch {
            // Another whole cluster is in place already; this one is a spare.
          }
        }
        await rm(aside, { recursive: true, force: true });
      }
    }
    if (!isReady(dir)) throw new Error(`could not put the test database cluster in place at ${dir}`);
  } finally {
    await rm(making, { recursive: true, force: true });
  }
  return dir;
}

/** A new temporary folder (`prefix` names it) holding an empty, initialised database cluster. */
export async function freshDataDir(prefix = 'pim-test-'): Promise<string> {
  template ??= pgliteVersion().then((version) => clusterAt(join(tmpdir(), `pim-test-pglite-${version}`))).catch((err: unknown) => {
    template = undefined; // the next test tries again rather than inheriting this failure
    throw err;
  });
  const from = await template;
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(join(from, 'pglite'), join(dir, 'pglite'), { recursive: true });
  return dir;
}
