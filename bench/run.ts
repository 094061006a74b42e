/**
 * Benchmarks: `npm run bench`. Each figure comes with the machine it was measured on. Results go
 * to bench/results/<timestamp>.json and bench/results/latest.json, and a Markdown table to stdout.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { startBotConnector } from '../src/standins/bot-connector.js';
import { PostgresStorage } from '../src/store/bot-storage.js';

const silent = pino({ level: 'silent' });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchTurns(turns: number) {
  const connector = await startBotConnector();
  const service = await startService(loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }), silent);
  const times: number[] = [];
  try {
    for (let i = 0; i < turns; i++) {
      const id = `bench-${i}`;
      const started = performance.now();
      const res = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id,
          text: 'help',
          channelId: 'msteams',
          serviceUrl: connector.url,
          from: { id: '29:bench', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
          recipient: { id: '28:bot' },
          conversation: { id: 'a:bench', conversationType: 'personal' },
        }),
      });
      await res.arrayBuffer();
      await connector.waitFor((c) => c.activity?.replyToId === id);
      times.push(performance.now() - started);
    }
    const storage = new PostgresStorage(service.db);
    const writes = 500;
    const t0 = performance.now();
    for (let i = 0; i < writes; i++) await storage.write({ [`bench/${i % 50}`]: { n: i } });
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < writes; i++) await storage.read([`bench/${i % 50}`]);
    const readMs = performance.now() - t1;
    times.sort((a, b) => a - b);
    return {
      turn: { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)), turns },
      storage: { writesPerSecond: Math.round((writes / writeMs) * 1000), readsPerSecond: Math.round((writes / readMs) * 1000), backend: 'pglite' },
    };
  } finally {
    await service.close();
    await connector.close();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
const result = { machine, measuredAt: new Date().toISOString(), ...(await benchTurns(200)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
const json = JSON.stringify(result, null, 2);
await writeFile(new URL(`./results/${result.measuredAt.replace(/[:.]/g, '-')}.json`, import.meta.url), json);
await writeFile(new URL('./results/latest.json', import.meta.url), json);
process.stdout.write(
  [
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| help turn through /api/messages, p50 / p95 / p99 | ${result.turn.p50Ms} / ${result.turn.p95Ms} / ${result.turn.p99Ms} ms |`,
    `| bot state writes (PGlite) | ${result.storage.writesPerSecond}/s |`,
    `| bot state reads (PGlite) | ${result.storage.readsPerSecond}/s |`,
    `| peak RSS | ${result.peakRssMb} MB |`,
    '',
  ].join('\n'),
);
