/**
 * Command-line entry of `pim-copilot`. Each command lives in its own module and is loaded only
 * when asked for, so `pim-copilot triage` does not pay for the bot's start-up.
 */
import { tuneCollector } from './gc-tuning.js';

type CommandModule = { run(argv: string[]): Promise<number | void> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  start: { summary: 'run the bot (default)', load: () => import('./cli/start.js') },
  sandbox: { summary: 'run the local Graph PIM tenant, or generate one', load: () => import('./sandbox/cli.js') },
  triage: { summary: 'score one pending request of a tenant snapshot', load: () => import('./triage/cli.js') },
  learn: { summary: "fold a tenant's new requests into the stored triage baseline", load: () => import('./triage/learn-cli.js') },
  eval: { summary: 'run the labelled triage cases and print the scores', load: () => import('./triage/eval-cli.js') },
  oversight: { summary: 'scan privileged sessions for anomalies', load: () => import('./oversight/cli.js') },
  'review-pack': { summary: 'access-review pack: use of every eligibility, keep/remove/reduce', load: () => import('./oversight/review-pack-cli.js') },
  'recommend-policies': { summary: 'PIM policy advice per role from real use', load: () => import('./oversight/recommend-policies-cli.js') },
  audit: { summary: 'verify, export or show the hash-chained audit trail', load: () => import('./audit/cli.js') },
  report: { summary: 'AI recommendations against human decisions, with drift warnings', load: () => import('./audit/report-cli.js') },
  parse: { summary: 'show how the local planner reads a sentence', load: () => import('./planner/cli-parse.js') },
  'recommend-role': { summary: 'least-privileged roles for a task', load: () => import('./planner/cli-recommend.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `usage: pim-copilot <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`pim-copilot: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  tuneCollector();
  const mod = await command.load();
  return (await mod.run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pim-copilot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
