/** `pim-copilot start`: runs the bot until SIGINT or SIGTERM. */
import { ConfigError, describeConfig, loadConfig, type Config } from '../config.js';
import type { Service } from '../service.js';
import { createLogger } from '../log.js';
import { startTelemetry } from '../telemetry.js';

/** Where Graph is. The sandbox's default credentials are printed; ones changed in the settings are secrets. */
function graphLines(config: Config, service: Service): string[] {
  const sandbox = service.graph.sandbox;
  if (config.graph.mode === 'tenant' || !sandbox) return [`  Graph: tenant ${service.graph.identity.tenantId} at ${config.graph.mode === 'tenant' ? config.graph.baseUrl : ''}`];
  const shown = (v: string) => (v === 'sandbox' ? `'${v}'` : '(as set in the settings)');
  return [
    `  Graph: the local sandbox tenant ${sandbox.tenantId} at ${sandbox.url}/v1.0`,
    `    tokens: POST ${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`,
    `    any client id with client secret ${shown(config.graph.clientSecret)}; any user (UPN) with password ${shown(config.graph.userPassword)}`,
  ];
}

export async function run(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`pim-copilot: cannot start, the settings have problems:\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.stderr.write('See env/.env.example and the README for every setting.\n');
      return 1;
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  log.info({ settings: describeConfig(config) }, 'starting');
  // Before the service's modules load, so they are instrumented; nothing is loaded when unset.
  const telemetry = await startTelemetry(config.telemetry.appInsightsConnectionString);
  if (telemetry) log.info('traces and metrics go to Application Insights');
  // Loaded after the settings are known good, so a bad setting fails fast and quietly.
  const { startService } = await import('../service.js');
  const service = await startService(config, log);

  const lines = [
    '',
    `PIM Copilot is listening on ${service.url}/api/messages`,
    `  health: ${service.url}/healthz   ready: ${service.url}/readyz`,
    config.bot.mode === 'local'
      ? '  local mode: no Bot Framework authentication (set MicrosoftAppId and MicrosoftAppPassword for Teams).'
      : `  Bot Framework app id ${config.bot.appId}; incoming requests must carry a valid token.`,
    ...graphLines(config, service),
    '  Talk to it: run Microsoft 365 Agents Playground against this endpoint (see README, "Try it"),',
    `  or post a Bot Framework activity to ${service.url}/api/messages.`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: no new requests, letting running jobs finish');
      service
        .close()
        .then(() => telemetry?.shutdown())
        .then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  log.info('stopped');
  return 0;
}
