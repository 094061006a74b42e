/**
 * `npm run package`: writes appPackage/build/appPackage.zip, the file a Teams admin uploads.
 * `${{NAME}}` placeholders in manifest.json are filled from the process environment first, then
 * from env/.env.$TEAMSFX_ENV (default `local`) and its `.user` file, as Teams Toolkit does;
 * any left unresolved stay as they are and are listed, so the zip is still usable as a template.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AdmZip from 'adm-zip';

export const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Reads a dotenv-style file (KEY=value, # comments, optional quotes); a missing file is empty. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/** Replaces `${{NAME}}` with non-empty values from `vars`; returns the text and the names left. */
export function resolvePlaceholders(text: string, vars: Record<string, string | undefined>): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      unresolved.add(name);
      return whole;
    }
    // The value lands inside a JSON string: escape it as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: out, unresolved: [...unresolved].sort() };
}

export interface PackageOptions {
  /** The project root (holds appPackage/ and env/). */
  root: string;
  /** Toolkit environment whose env files fill the placeholders. */
  envName?: string;
  /** Variables that win over the env files (normally process.env). */
  overrides?: Record<string, string | undefined>;
  out?: string;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  unresolved: string[];
}

/** Builds the zip: manifest.json (placeholders filled where known), color.png, outline.png. */
export function buildAppPackage(options: PackageOptions): PackageResult {
  const appDir = join(options.root, 'appPackage');
  const envName = options.envName ?? 'local';
  const fromFiles = {
    ...readEnvFile(join(options.root, 'env', `.env.${envName}`)),
    ...readEnvFile(join(options.root, 'env', `.env.${envName}.user`)),
  };
  const vars: Record<string, string | undefined> = { TEAMSFX_ENV: envName, ...fromFiles };
  for (const [k, v] of Object.entries(options.overrides ?? {})) if (v) vars[k] = v;

  const { text, unresolved } = resolvePlaceholders(readFileSync(join(appDir, 'manifest.json'), 'utf8'), vars);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const icons = manifest.icons as { color: string; outline: string };

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  for (const icon of [icons.color, icons.outline]) zip.addFile(icon, readFileSync(join(appDir, icon)));

  const zipPath = options.out ?? join(appDir, 'build', 'appPackage.zip');
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip.toBuffer());
  return { zipPath, manifest, unresolved };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = buildAppPackage({ root, envName: process.env.TEAMSFX_ENV || 'local', overrides: process.env });
  process.stdout.write(`wrote ${result.zipPath}\n`);
  if (result.unresolved.length) {
    process.stdout.write(
      `left as placeholders (set them in the environment or env/.env.${process.env.TEAMSFX_ENV || 'local'}): ${result.unresolved.join(', ')}\n`,
    );
  }
}
