#!/usr/bin/env -S node --disable-warning=DEP0111 --no-allocation-site-pretenuring
// Runs the compiled build when there is one (production images), the TypeScript sources otherwise,
// so `npm install && npm start` needs no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'index.js');
if (existsSync(built) && process.env.PIM_COPILOT_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'index.ts')).href);
}
