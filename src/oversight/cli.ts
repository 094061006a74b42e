/**
 * `pim-copilot oversight scan --tenant FILE --since ISO [--now ISO] --break-glass-group NAME
 *  [--break-glass-users id,id] [--alert-break-glass-sign-ins] [--json]`
 */
import { parseArgs } from 'node:util';

const USAGE = `usage: pim-copilot oversight scan --tenant FILE --since ISO [--now ISO]
         [--break-glass-group NAME] [--break-glass-users id,id] [--alert-break-glass-sign-ins] [--json]

Scans privileged sessions in a tenant snapshot for anomalies after --since, reading the
snapshot as a stream (memory stays flat however long its logs). --now defaults to the newest
event in the snapshot. Any directory change, or a risky or failed sign-in, by a break-glass
account is a critical alert; a sign-in with nothing done after it is listed for confirmation
(breakGlassSignIns) unless --alert-break-glass-sign-ins makes it an alert too.
`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (sub !== 'scan') {
    process.stderr.write(`${sub ? `oversight: unknown subcommand '${sub}'\n\n` : ''}${USAGE}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        tenant: { type: 'string' },
        since: { type: 'string' },
        now: { type: 'string' },
        'break-glass-group': { type: 'string' },
        'break-glass-users': { type: 'string' },
        'alert-break-glass-sign-ins': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`oversight scan: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.tenant || !values.since) {
    process.stderr.write(`oversight scan: --tenant and --since are required\n\n${USAGE}`);
    return 2;
  }
  for (const [flag, value] of [['--since', values.since], ['--now', values.now]] as const) {
    if (value !== undefined && !Number.isFinite(Date.parse(value))) {
      process.stderr.write(`oversight scan: ${flag} is not an ISO date: ${value}\n`);
      return 2;
    }
  }

  const started = performance.now();
  // Loaded only once the arguments are good, so usage errors and --help answer at once.
  const [{ renderText, summarise }, { scanSnapshotFile }] = await Promise.all([import('./report.js'), import('./scan-file.js')]);
  const users = (values['break-glass-users'] ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  // Streamed: the snapshot's logs are never all in memory at once.
  const { result, breakGlassUserIds } = await scanSnapshotFile(values.tenant, {
    since: values.since,
    now: values.now,
    breakGlassGroup: values['break-glass-group'],
    breakGlassUserIds: users,
    alertOnBreakGlassSignIn: values['alert-break-glass-sign-ins'],
  });
  if (breakGlassUserIds.length === 0) process.stderr.write('oversight scan: no break-glass accounts configured; emergency-account use will not be watched\n');

  const summary = summarise(result, new Date(values.since).toISOString(), Math.round(performance.now() - started));
  if (values.json) process.stdout.write(`${JSON.stringify({ alerts: result.alerts, summary, breakGlassSignIns: result.breakGlassSignIns }, null, 2)}\n`);
  else process.stdout.write(renderText(result, summary));
  return 0;
}
