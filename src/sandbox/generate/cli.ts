/** `pim-copilot sandbox generate`: writes a seeded tenant snapshot, with progress on stderr. */
import { parseArgs } from 'node:util';
import { generateTenant, startOfUtcDay } from './index.js';

function whole(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required`);
    return fallback;
  }
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not '${value}'`);
  return n;
}

export async function runGenerate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      days: { type: 'string' },
      requests: { type: 'string' },
      seed: { type: 'string', default: 'pim-copilot' },
      end: { type: 'string' },
      domain: { type: 'string' },
      organization: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (!values.out) throw new Error('--out FILE is required');
  const end = values.end ? new Date(values.end) : startOfUtcDay();
  if (Number.isNaN(end.getTime())) throw new Error(`--end must be an ISO date, not '${values.end}'`);
  const started = Date.now();
  let lastReport = 0;
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`generate: ${values.users} users, ${values.days} days to ${end.toISOString()}, seed '${values.seed}'\n`);
  const summary = await generateTenant({
    users: whole('users', values.users),
    days: whole('days', values.days),
    requests: values.requests === undefined ? undefined : whole('requests', values.requests),
    seed: values.seed,
    end,
    domain: values.domain,
    organization: values.organization,
    out: values.out,
    onProgress: (stage, done, total) => {
      const now = Date.now();
      if (done < total && now - lastReport < 2000) return;
      lastReport = now;
      const of = total > 0 ? `/${total.toLocaleString('en-US')}` : '';
      process.stderr.write(`generate: ${stage} ${done.toLocaleString('en-US')}${of} (${seconds()}s)\n`);
    },
  });
  process.stderr.write(
    `generate: wrote ${values.out} (${(summary.bytes / 1e6).toFixed(1)} MB) in ${seconds()}s: ${summary.users} users, ${summary.requests} requests, ` +
      `${summary.approvals} approvals, ${summary.audits} audit records, ${summary.signIns} sign-ins; tenant ${summary.tenantId}\n`,
  );
  return 0;
}
