/**
 * `pim-copilot eval [CASES.json ...] [--llm] [--json]` (also `npm run eval`): runs the shared triage
 * cases, and any other case files given, in process; prints a row per case and the totals, and
 * exits 1 when a file falls short of the targets (100% acceptable, 90% exact, 90% flag recall,
 * no safety violation).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createChatClient } from '../llm/client.js';
import { chatEndpoint } from '../llm/endpoint.js';
import { withModelReading } from '../llm/triage-reading.js';
import { triage } from './engine.js';
import { evaluate, formatResults, loadCaseFile, shortfalls, type Analyse } from './eval.js';

const USAGE = 'usage: pim-copilot eval [CASES.json ...] [--llm] [--json]\n';

/** shared/ sits beside the project (PIM_SHARED_DIR says otherwise). */
export function defaultCaseFile(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(resolve(process.env.PIM_SHARED_DIR ?? join(root, '..', 'shared')), 'eval', 'triage', 'triage-cases.json');
}

function analyser(useModel: boolean): Analyse {
  const endpoint = useModel ? chatEndpoint(loadConfig().llm) : undefined;
  if (useModel && !endpoint) throw new Error('--llm needs a model: set LLM_PROVIDER and its settings');
  if (!endpoint) return triage;
  const client = createChatClient(endpoint);
  return (ctx, baseline, now) => withModelReading(triage(ctx, baseline, now), ctx, client);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { llm: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const files = [defaultCaseFile(), ...positionals.map((p) => resolve(p))].filter((f, i, all) => all.indexOf(f) === i);
  const analyse = analyser(values.llm ?? false);
  let failed = false;
  const report: unknown[] = [];
  for (const file of files) {
    const { base, cases } = await loadCaseFile(file);
    const { results, totals } = await evaluate(base, cases, analyse);
    const short = shortfalls(totals);
    failed ||= short.length > 0;
    if (values.json) report.push({ file, totals, shortfalls: short, results });
    else process.stdout.write(`${file}\n\n${formatResults(results, totals)}${short.length ? `below target: ${short.join('; ')}\n` : 'all targets met\n'}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return failed ? 1 : 0;
}
