/** Arguments shared by the governance commands (review-pack, recommend-policies). */
import { parseArgs } from 'node:util';

export interface GovernanceArgs {
  tenant: string;
  now: string;
  json: boolean;
  format: 'text' | 'json' | 'csv';
}

/** Parsed arguments, or an exit code after printing usage or the error. */
export function readGovernanceArgs(command: string, usage: string, argv: string[], formats: readonly string[]): GovernanceArgs | number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        tenant: { type: 'string' },
        now: { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${command}: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (!values.tenant) {
    process.stderr.write(`${command}: --tenant is required\n\n${usage}`);
    return 2;
  }
  const now = values.now ?? new Date().toISOString();
  if (!Number.isFinite(Date.parse(now))) {
    process.stderr.write(`${command}: --now is not an ISO date: ${now}\n`);
    return 2;
  }
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (!formats.includes(format)) {
    process.stderr.write(`${command}: --format must be one of ${formats.join(', ')}\n`);
    return 2;
  }
  return { tenant: values.tenant, now: new Date(now).toISOString(), json: format === 'json', format: format as GovernanceArgs['format'] };
}
