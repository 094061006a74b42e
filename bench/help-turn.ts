/**
 * The bot's HTTP path alone: a `help` turn through /api/messages to the Bot Connector stand-in,
 * and bot-state writes and reads on PGlite. Runnable alone; prints JSON.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { startBotConnector } from '../src/standins/bot-connector.js';
import { PostgresStorage } from '../src/store/bot-storage.js';

const silent = pino({ level: 'silent' });
const round = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

export async function benchHelpTurn(turns = 200) {
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
    const ops = 500;
    const t0 = performance.now();
    for (let i = 0; i < ops; i++) await storage.write({ [`bench/${i % 50}`]: { n: i } });
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < ops; i++) await storage.read([`bench/${i % 50}`]);
    const readMs = performance.now() - t1;
    times.sort((a, b) => a - b);
    return {
      helpTurn: { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)), turns },
      storage: { writesPerSecond: Math.round((ops / writeMs) * 1000), readsPerSecond: Math.round((ops / readMs) * 1000), backend: 'pglite' },
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await service.close();
    await connector.close();
  }
}

if (process.argv[1] && existsSync(process.argv[1]) && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.stdout.write(`${JSON.stringify(await benchHelpTurn(), null, 2)}\n`);
}
