/**
 * `pim-copilot recommend-role "TASK" --tenant FILE [--limit N] [--json]`: the least-privileged
 * roles of a tenant snapshot for a task.
 */
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../tenant/snapshot.js';
import { recommendRoles } from './recommend.js';

const USAGE = 'usage: pim-copilot recommend-role "TASK" --tenant FILE [--limit N] [--json]\n';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, limit: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const task = positionals.join(' ').trim();
  const limit = Number(values.limit);
  if (!task || !values.tenant || !Number.isInteger(limit) || limit < 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const snapshot = await loadSnapshot(values.tenant);
  const roles = recommendRoles(task, snapshot['roleManagement/directory/roleDefinitions'], limit);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ task, roles }, null, 2)}\n`);
    return 0;
  }
  if (roles.length === 0) {
    process.stdout.write('No role of this tenant is known to fit that task.\n');
    return 0;
  }
  process.stdout.write(roles.map((r, i) => `${i + 1}. ${r.displayName}\n   ${r.reason}`).join('\n') + '\n');
  return 0;
}
