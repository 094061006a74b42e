/**
 * `npm run bench`: runs each benchmark in its own process (so each peak memory figure is its own),
 * then writes bench/results/<time>.json, bench/results/latest.json and a Markdown table.
 * Benchmarks that are not in the tree yet are reported as missing, not invented.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const here = fileURLToPath(new URL('.', import.meta.url));

/** Runs `bench/<file>` with tsx and returns the JSON object it prints last. */
function runBench(file: string, args: string[] = []): Promise<Json | { error: string }> {
  const path = `${here}${file}`;
  if (!existsSync(path)) return Promise.resolve({ error: `${file} is not in the tree` });
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(`  [${file}] ${d.toString()}`);
    });
    child.on('exit', (code) => {
      // A benchmark may exit 1 when it misses its target; its figures still count.
      const start = out.indexOf('{');
      const end = out.lastIndexOf('}');
      try {
        if (start < 0 || end < start) throw new Error(`exit ${code}: ${err.slice(-300)}`);
        resolveRun({ ...(JSON.parse(out.slice(start, end + 1)) as Json), ...(code === 0 ? {} : { missedTarget: true }) });
      } catch (e) {
        resolveRun({ error: (e as Error).message });
      }
    });
  });
}

const quick = process.argv.includes('--quick');
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtStart: Math.round(loadavg()[0]! * 10) / 10,
};
process.stderr.write(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}\n`);

const results: Record<string, Json> = {};
const plan: Array<[string, string, string[]]> = [
  ['help', 'help-turn.ts', []],
  ['turn', 'turn.ts', []],
  ['triage', 'triage-e2e.ts', []],
  // Two service processes on one PostgreSQL (DATABASE_URL's server or a local one); skipped without one.
  ['triageTwoInstances', 'triage-e2e.ts', ['--instances', '2']],
  ['scoring', 'triage-scoring.ts', quick ? ['--users', '5000', '--history', '100000', '--scored', '5000'] : []],
  ['audit', 'audit.ts', quick ? ['--entries', '100000'] : []],
  ['oversight', 'oversight.ts', []],
];
for (const [name, file, args] of plan) {
  process.stderr.write(`running ${file}…\n`);
  results[name] = await runBench(file, args);
}

const pick = (o: Json | undefined, keys: string[]) => (o && !('error' in o) ? Object.fromEntries(keys.map((k) => [k, o[k]])) : o);
const latest = {
  machine,
  measuredAt: new Date().toISOString(),
  quick,
  triage: {
    ...pick(results.triage, ['p50Ms', 'p95Ms', 'p99Ms', 'graphRoundTrips', 'perSecond']),
    twoInstances: results.triageTwoInstances?.skipped
      ? results.triageTwoInstances
      : pick(results.triageTwoInstances, ['p50Ms', 'p95Ms', 'p99Ms', 'graphRoundTrips', 'perSecond', 'database']),
  },
  scoring: pick(results.scoring, ['requestsPerSecond', 'tenantUsers', 'historyRequests', 'peakRssMb']),
  turn: pick(results.turn, ['localPlannerMs', 'echoMs', 'ratioToEcho']),
  audit: pick(results.audit, ['appendPerSecond', 'verifySecondsPerMillion']),
  oversight: {
    snapshot: pick(results.oversight, ['oneCore', 'eventsPerSecond', 'cpuEventsPerSecond', 'peakRssMb', 'smallPeakRssMb']),
    engine: (results.oversight as Json | undefined)?.engine,
  },
  details: results,
};

const dir = new URL('./results/', import.meta.url);
await mkdir(dir, { recursive: true });
const json = JSON.stringify(latest, null, 2);
await writeFile(new URL(`./${latest.measuredAt.replace(/[:.]/g, '-')}.json`, dir), json);
await writeFile(new URL('./latest.json', dir), json);

const cell = (o: Json | undefined, f: (o: Json) => string) => (!o ? 'missing' : 'error' in o ? `not measured (${String(o.error).slice(0, 60)})` : f(o));
const rows = [
  ['help turn through /api/messages, p50 / p95', cell(results.help, (o) => `${o.helpTurn.p50Ms} / ${o.helpTurn.p95Ms} ms`)],
  ['bot state writes / reads (PGlite)', cell(results.help, (o) => `${o.storage.writesPerSecond}/s / ${o.storage.readsPerSecond}/s`)],
  ['local-planner turn vs bare echo turn', cell(results.turn, (o) => `${o.localPlannerMs} ms vs ${o.echoMs} ms (×${o.ratioToEcho})`)],
  ['pending request → last approver card, p50 / p95 / p99', cell(results.triage, (o) => `${o.p50Ms} / ${o.p95Ms} / ${o.p99Ms} ms, ${o.graphRoundTrips} Graph round trips, ${o.perSecond}/s in a burst`)],
  [
    'the same with 2 instances on PostgreSQL (events route → queue → last card)',
    cell(results.triageTwoInstances, (o) => (o.skipped ? `skipped: ${o.skipped}` : `${o.p50Ms} / ${o.p95Ms} / ${o.p99Ms} ms, ${o.graphRoundTrips} Graph round trips, ${o.perSecond}/s in a burst`)),
  ],
  ['triage scoring, warm baseline', cell(results.scoring, (o) => `${o.requestsPerSecond}/s on ${o.tenantUsers} users, ${o.historyRequests} requests; peak ${o.peakRssMb} MB`)],
  ['audit append / verify', cell(results.audit, (o) => `${o.appendPerSecond}/s / ${o.verifySecondsPerMillion} s per million; peak ${o.peakRssMb} MB`)],
  [
    'oversight scan as the ingest job runs it (records parsed, sorted, scored)',
    cell(results.oversight, (o) => `${o.engine?.eventsPerSecond} events/s${o.oneCore ? ' on one core' : ''}, ${o.engine?.cpuEventsPerSecond}/s of CPU; peak ${o.engine?.peakRssMb} MB`),
  ],
  [
    'oversight snapshot command (file read and sorted included)',
    cell(
      results.oversight,
      (o) => `${o.eventsPerSecond} events/s${o.oneCore ? ' on one core' : ''}, ${o.cpuEventsPerSecond}/s of CPU; peak ${o.peakRssMb} MB (${o.smallPeakRssMb} MB at a tenth)`,
    ),
  ],
];
process.stdout.write(
  [
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, load ${machine.loadAverageAtStart}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([a, b]) => `| ${a} | ${b} |`),
    '',
  ].join('\n'),
);
