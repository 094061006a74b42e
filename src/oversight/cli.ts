/**
 * `pim-copilot oversight scan --tenant FILE --since ISO [--now ISO] --break-glass-group NAME
 *  [--break-glass-users id,id] [--alert-break-glass-sign-ins] [--json]`
 */
import { parseArgs } from 'node:util';

const USAGE = `usage: pim-copilot oversight scan --tenant FILE --since ISO [--now ISO]
         [--break-glass-group NAME] [--break-glass-users id,id] [--alert-break-glass-sign-ins] [--json]

Scans privileged sessions in a tenant snapshot for anomalies after --since.
--now defaults to the newest event in the snapshot.
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
  const [{ loadSnapshot }, { breakGlassMembers }, { renderText, summarise }, { scanOversight }, { oversightInputFromSnapshot }] = await Promise.all([
    import('../tenant/snapshot.js'),
    import('./people.js'),
    import('./report.js'),
    import('./scan.js'),
    import('./snapshot-input.js'),
  ]);
  const snapshot = await loadSnapshot(values.tenant);
  const breakGlass = new Set<string>();
  if (values['break-glass-group']) for (const id of breakGlassMembers(snapshot.groups, values['break-glass-group'])) breakGlass.add(id);
  for (const id of (values['break-glass-users'] ?? '').split(',')) if (id.trim()) breakGlass.add(id.trim());
  if (breakGlass.size === 0) process.stderr.write('oversight scan: no break-glass accounts configured; emergency-account use will not be watched\n');

  const result = scanOversight(oversightInputFromSnapshot(snapshot), {
    since: values.since,
    now: values.now,
    breakGlassUserIds: [...breakGlass],
    alertOnBreakGlassSignIn: values['alert-break-glass-sign-ins'],
  });
  const summary = summarise(result, new Date(values.since).toISOString(), Math.round(performance.now() - started));
  if (values.json) process.stdout.write(`${JSON.stringify({ alerts: result.alerts, summary, breakGlassSignIns: result.breakGlassSignIns }, null, 2)}\n`);
  else process.stdout.write(renderText(result, summary));
  return 0;
}
