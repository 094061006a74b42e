/**
 * `pim-copilot parse "TEXT" --as UPN --tenant FILE [--now ISO] [--json]`: shows how the local
 * planner reads a sentence, spoken by a user of a tenant snapshot.
 */
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../tenant/snapshot.js';
import { parseUtterance } from './parse.js';
import { contextFor } from './tenant-context.js';

const USAGE = 'usage: pim-copilot parse "TEXT" --as UPN --tenant FILE [--now ISO] [--time-zone IANA] [--json]\n';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { as: { type: 'string' }, tenant: { type: 'string' }, now: { type: 'string' }, 'time-zone': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const text = positionals.join(' ').trim();
  if (!text || !values.tenant) {
    process.stderr.write(USAGE);
    return 2;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`pim-copilot parse: --now is not a date: ${values.now}\n`);
    return 2;
  }
  const snapshot = await loadSnapshot(values.tenant);
  const ctx = contextFor(snapshot, values.as, now);
  if (values['time-zone']) ctx.timeZone = values['time-zone'];
  const result = parseUtterance(text, ctx);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ text, as: values.as ?? null, timeZone: ctx.timeZone, ...result }, null, 2)}\n`);
    return 0;
  }
  const rows: Array<[string, unknown]> = [
    ['intent', `${result.intent} (${Math.round(result.confidence * 100)}%)`],
    ['role', result.role],
    ['duration', result.duration],
    ['ticket', result.ticket],
    ['subject', result.subject],
    ['justification', result.justification],
    ['task', result.task],
    ['still needs', result.missing.join(', ') || null],
  ];
  process.stdout.write(rows.filter(([, v]) => v !== null).map(([k, v]) => `${k.padEnd(14)} ${String(v)}`).join('\n') + '\n');
  return 0;
}
