/**
 * `pim-copilot triage --tenant FILE --request ID [--now ISO] [--json]`: scores one pending request
 * of a tenant snapshot, learning the baseline from the snapshot's own history.
 */
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../tenant/snapshot.js';
import { learnBaseline } from './baseline.js';
import { triage } from './engine.js';
import { formatAnalysis } from './format.js';
import { contextFromSnapshot, historyFromSnapshot } from './from-snapshot.js';

const USAGE = 'usage: pim-copilot triage --tenant FILE --request ID [--now ISO] [--json]\n';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string' }, request: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.tenant || !values.request) {
    process.stderr.write(USAGE);
    return 2;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`pim-copilot triage: --now '${values.now}' is not an ISO date-time\n`);
    return 2;
  }
  const snapshot = await loadSnapshot(values.tenant);
  const history = historyFromSnapshot(snapshot);
  const context = contextFromSnapshot(snapshot, values.request, now, history);
  const analysis = triage(context, learnBaseline(history, now), now);
  process.stdout.write(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatAnalysis(analysis));
  return 0;
}
