/**
 * `pim-copilot sandbox [--tenant FILE] [--port N] [--host H] [--now ISO]` runs the local Graph
 * PIM tenant until SIGINT/SIGTERM; `pim-copilot sandbox generate ...` writes a tenant file.
 */
import { parseArgs } from 'node:util';
import { demoTenantPath, startSandbox } from './index.js';

const USAGE = `usage:
  pim-copilot sandbox [--tenant FILE] [--port N] [--host H] [--now ISO]
  pim-copilot sandbox generate --users N --days D [--requests R] [--seed S] [--end ISO] [--domain D] --out FILE
`;

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      port: { type: 'string', default: '5100' },
      host: { type: 'string', default: '127.0.0.1' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not '${values.port}'`);
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO date-time, not '${values.now}'`);
  const tenantFile = values.tenant ?? demoTenantPath();
  const started = Date.now();
  let lastReport = started;
  const onLoadProgress = ({ bytes, total, records }: { bytes: number; total: number; records: number }) => {
    if (Date.now() - lastReport < 2000) return;
    lastReport = Date.now();
    process.stderr.write(`sandbox: loading ${tenantFile}: ${(bytes / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB, ${records.toLocaleString('en-US')} records\n`);
  };
  const sandbox = await startSandbox({ tenantFile, port, host: values.host, now, onLoadProgress });
  process.stdout.write(`listening on ${sandbox.url}\n`);
  process.stdout.write(`tenant ${sandbox.tenantId} (${tenantFile}, loaded in ${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  process.stdout.write(`token endpoint ${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token\n`);
  process.stdout.write(`client secret 'sandbox' (any client_id); every user's password 'sandbox'\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'generate') {
    const { runGenerate } = await import('./generate/cli.js');
    return runGenerate(argv.slice(1));
  }
  return serve(argv);
}
