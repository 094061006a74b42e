/** `pim-copilot recommend-policies --tenant FILE [--now ISO] [--json]` */
import { readGovernanceArgs } from './governance-cli-args.js';

const USAGE = `usage: pim-copilot recommend-policies --tenant FILE [--now ISO] [--json]

PIM policy advice per role from the last 90 days of real use: shorter maximum durations, approvals
that never deny or are slow, unused eligibilities, and broad roles used for narrow work.
--now defaults to the current time.
`;

export async function run(argv: string[]): Promise<number> {
  const args = readGovernanceArgs('recommend-policies', USAGE, argv, ['text', 'json']);
  if (typeof args === 'number') return args;
  const [{ loadSnapshot }, { governanceInputFromSnapshot }, { recommendPolicies }] = await Promise.all([
    import('../tenant/snapshot.js'),
    import('./snapshot-input.js'),
    import('./policy-advice.js'),
  ]);
  const recommendations = recommendPolicies(governanceInputFromSnapshot(await loadSnapshot(args.tenant)), { now: args.now });
  if (args.json) process.stdout.write(`${JSON.stringify({ generatedAt: args.now, recommendations }, null, 2)}\n`);
  else {
    for (const r of recommendations) process.stdout.write(`${r.roleName} — ${r.kind}\n  now: ${r.current}\n  suggested: ${r.suggested}\n  ${r.evidence}\n`);
    process.stdout.write(`\n${recommendations.length} recommendations\n`);
  }
  return 0;
}
