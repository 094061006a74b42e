/**
 * Copies the files under src/ that tsc does not emit (SQL migrations, JSON data) into dist/, so
 * the compiled service finds them beside its modules. Run after `npm run build` by the Dockerfile
 * and the Teams Toolkit deploy step: `node --import tsx scripts/copy-assets.ts`.
 */
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Copies every non-TypeScript file of `from` to the same place under `to`; returns them. */
export function copyAssets(from: string, to: string): string[] {
  const copied: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.ts')) {
        const rel = relative(from, path);
        cpSync(path, join(to, rel));
        copied.push(rel);
      }
    }
  };
  walk(from);
  return copied.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const copied = copyAssets(join(root, 'src'), join(root, 'dist'));
  process.stdout.write(`copied ${copied.length} asset file(s) from src/ to dist/\n`);
}
