/** `pim-copilot review-pack --tenant FILE [--now ISO] [--json | --format csv]` */
import { readGovernanceArgs } from './governance-cli-args.js';

const USAGE = `usage: pim-copilot review-pack --tenant FILE [--now ISO] [--json | --format text|json|csv]

For every PIM eligibility in a tenant snapshot: activations in the last 90 days, last use, what was
done while active, and whether to keep, remove or reduce it. --now defaults to the current time.
`;

export async function run(argv: string[]): Promise<number> {
  const args = readGovernanceArgs('review-pack', USAGE, argv, ['text', 'json', 'csv']);
  if (typeof args === 'number') return args;
  const [{ loadSnapshot }, { governanceInputFromSnapshot }, { buildReviewPack, reviewPackCsv }] = await Promise.all([
    import('../tenant/snapshot.js'),
    import('./snapshot-input.js'),
    import('./review-pack.js'),
  ]);
  const items = buildReviewPack(governanceInputFromSnapshot(await loadSnapshot(args.tenant)), { now: args.now });
  if (args.format === 'json') process.stdout.write(`${JSON.stringify({ generatedAt: args.now, items }, null, 2)}\n`);
  else if (args.format === 'csv') process.stdout.write(reviewPackCsv(items));
  else {
    for (const i of items) process.stdout.write(`[${i.recommendation.toUpperCase()}] ${i.principalName} — ${i.roleName}\n  ${i.narrative}\n`);
    const tally = (r: string) => items.filter((i) => i.recommendation === r).length;
    process.stdout.write(`\n${items.length} eligibilities: keep ${tally('keep')}, remove ${tally('remove')}, reduce ${tally('reduce')}\n`);
  }
  return 0;
}
