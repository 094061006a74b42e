/**
 * `pim-copilot triage --tenant FILE --request ID [--now ISO] [--baseline snapshot|stored] [--no-llm] [--json]`:
 * scores one pending request of a tenant snapshot, against a baseline learned from the snapshot's
 * own history or the one `learn` stored. When a model is configured (LLM_PROVIDER), it also reads
 * the justification; it can only add risk.
 */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { chatEndpoint } from '../llm/endpoint.js';
import { createChatClient, DEFAULT_TIMEOUT_MS } from '../llm/client.js';
import { withModelReading } from '../llm/triage-reading.js';
import { openDatabase } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { loadSnapshot } from '../tenant/snapshot.js';
import { learnBaseline } from './baseline.js';
import { BaselineStore } from './baseline-store.js';
import { triage } from './engine.js';
import { formatAnalysis } from './format.js';
import { contextFromSnapshot } from './from-snapshot.js';
import { indexSnapshot } from './snapshot-index.js';
import type { Baseline, TriageContext } from './types.js';

const USAGE = 'usage: pim-copilot triage --tenant FILE --request ID [--now ISO] [--baseline snapshot|stored] [--no-llm] [--llm-timeout MS] [--json]\n';

async function storedBaseline(config: Config, ctx: TriageContext): Promise<Baseline> {
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    const baseline = await new BaselineStore(db).loadFor(ctx.requester.id, ctx.request.roleDefinitionId);
    if (!baseline) throw new Error('no stored baseline yet: run `pim-copilot learn --tenant FILE` first');
    return baseline;
  } finally {
    await db.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      request: { type: 'string' },
      now: { type: 'string' },
      baseline: { type: 'string', default: 'snapshot' },
      'no-llm': { type: 'boolean', default: false },
      'llm-timeout': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.tenant || !values.request || !['snapshot', 'stored'].includes(values.baseline ?? '')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`pim-copilot triage: --now '${values.now}' is not an ISO date-time\n`);
    return 2;
  }
  const timeoutMs = values['llm-timeout'] ? Number(values['llm-timeout']) : DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    process.stderr.write(`pim-copilot triage: --llm-timeout must be a whole number of milliseconds\n`);
    return 2;
  }
  const config = loadConfig();
  const index = indexSnapshot(await loadSnapshot(values.tenant));
  const context = contextFromSnapshot(index, values.request, now);
  const baseline = values.baseline === 'stored' ? await storedBaseline(config, context) : learnBaseline(index.history.records, now);
  let analysis = triage(context, baseline, now);
  const endpoint = values['no-llm'] ? undefined : chatEndpoint(config.llm);
  if (endpoint) analysis = await withModelReading(analysis, context, createChatClient(endpoint, { timeoutMs }));
  process.stdout.write(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatAnalysis(analysis));
  return 0;
}
