/**
 * What a local-planner turn through /api/messages costs next to a bare botbuilder echo turn,
 * measured in the same run, in the same process, on the same Bot Connector stand-in. Turns of the
 * two bots alternate, so both see the same machine. `node --import tsx bench/turn.ts` runs it alone.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { pino } from 'pino';
import restify from 'restify';
import { loadConfig } from '../src/config.js';
import { listAll } from '../src/pim/index.js';
import { startService } from '../src/service.js';
import { startBotConnector, type BotConnectorStandIn } from '../src/standins/bot-connector.js';

export interface BenchTurnOptions {
  /** Measured turns per bot (after the warm-up). */
  turns?: number;
  warmup?: number;
  /** What the person says to the local planner, in turn; each is read in full by the planner. */
  utterances?: string[];
}

export interface BenchTurnResult {
  /** Median time of one turn, POST to answer, with the reply delivered to the connector. */
  localPlannerMs: number;
  echoMs: number;
  ratioToEcho: number;
  /** 95th percentiles, for the record. */
  localPlannerP95Ms: number;
  echoP95Ms: number;
  turns: number;
}

/** Greeting, a message the planner has to read in full against the tenant's roles, and help. */
const UTTERANCES = ['thanks!', 'can you tell me something about the weather in the data centre?', 'help'];

interface EchoBot {
  url: string;
  close(): Promise<void>;
}

/** The baseline: botbuilder's CloudAdapter behind restify, answering every message with its text. */
async function startEchoBot(): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function activity(connector: BotConnectorStandIn, text: string, aadObjectId: string) {
  return {
    type: 'message',
    id: randomUUID(),
    text,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: `29:${aadObjectId}`, name: 'Bench User', aadObjectId },
    recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
    conversation: { id: 'a:bench-turn', conversationType: 'personal' },
  };
}

async function timedTurn(url: string, body: object): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  if (res.status >= 300) throw new Error(`turn answered ${res.status}`);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function benchTurn(opts: BenchTurnOptions = {}): Promise<BenchTurnResult> {
  const turns = opts.turns ?? 300;
  const warmup = opts.warmup ?? 30;
  const utterances = opts.utterances ?? UTTERANCES;
  const connector = await startBotConnector();
  const echo = await startEchoBot();
  const service = await startService(loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  try {
    // A person of the sandbox tenant, so the planner reads with the tenant's roles and their time zone.
    const app = service.graph.pim.app;
    const [person] = await listAll<{ id: string }>(app, app.api('/users').select('id').top(1), { limit: 1 });
    if (!person) throw new Error('the sandbox tenant has no users');
    const local: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < warmup + turns; i++) {
      const text = utterances[i % utterances.length]!;
      const a = await timedTurn(service.url, activity(connector, text, person.id));
      const b = await timedTurn(echo.url, activity(connector, text, person.id));
      if (i >= warmup) {
        local.push(a);
        bare.push(b);
      }
    }
    const localPlannerMs = percentile(local, 50);
    const echoMs = percentile(bare, 50);
    return {
      localPlannerMs: round(localPlannerMs),
      echoMs: round(echoMs),
      ratioToEcho: round(localPlannerMs / echoMs),
      localPlannerP95Ms: round(percentile(local, 95)),
      echoP95Ms: round(percentile(bare, 95)),
      turns,
    };
  } finally {
    await service.close();
    await echo.close();
    await connector.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchTurn();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`local-planner turn ${result.localPlannerMs} ms (p95 ${result.localPlannerP95Ms}), echo turn ${result.echoMs} ms (p95 ${result.echoP95Ms}): ${result.ratioToEcho}× (limit 2×)\n`);
  if (result.ratioToEcho > 2) process.exitCode = 1;
}
