/**
 * `npm run reliability [-- --long]`: runs the reliability suite (test/reliability: load across two
 * instances, faults, hostile input) and prints what it measured — load held, faults survived, bad
 * inputs tried, nothing lost — as a table, also written to bench/results/reliability.{json,md}.
 * The tests' assertions decide pass or fail; the figures are what they counted on the way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Figure {
  suite: string;
  name: string;
  value: number;
  unit?: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const long = process.argv.includes('--long');
const files = readdirSync(join(root, 'test/reliability'))
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => join('test/reliability', f));

const dir = mkdtempSync(join(tmpdir(), 'pim-reliability-'));
const figuresFile = join(dir, 'figures.jsonl');

const started = Date.now();
const code = await new Promise<number>((resolveRun) => {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, RELIABILITY_FIGURES: figuresFile, ...(long ? { RELIABILITY_LONG: '1' } : {}) },
  });
  child.on('exit', (c) => resolveRun(c ?? 1));
});
const seconds = Math.round((Date.now() - started) / 1000);

const raw: Figure[] = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Figure)
  : [];
rmSync(dir, { recursive: true, force: true });

// A figure recorded more than once (several cases of one suite) is summed.
const figures = new Map<string, Figure>();
for (const f of raw) {
  const key = `${f.suite}\u0000${f.name}`;
  const seen = figures.get(key);
  figures.set(key, seen ? { ...seen, value: seen.value + f.value } : { ...f });
}
const rows = [...figures.values()].sort((a, b) => a.suite.localeCompare(b.suite));

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
const result = { at: new Date().toISOString(), machine, mode: long ? 'long' : 'fast', passed: code === 0, seconds, files, figures: rows };

const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2));
const md = [
  `Reliability suite (${result.mode}), ${result.at.slice(0, 16)}Z on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}: ${code === 0 ? 'all tests passed' : 'FAILED'} in ${seconds} s`,
  '',
  '| suite | what | figure |',
  '| --- | --- | ---: |',
  ...rows.map((f) => `| ${f.suite} | ${f.name} | ${fmt(f.value)}${f.unit ? ` ${f.unit}` : ''} |`),
  '',
].join('\n');

await mkdir(join(root, 'bench/results'), { recursive: true });
await writeFile(join(root, 'bench/results/reliability.json'), `${JSON.stringify(result, null, 2)}\n`);
await writeFile(join(root, 'bench/results/reliability.md'), md);
process.stdout.write(`\n${md}`);
process.exit(code);
