/**
 * `npm run playground`: the bot on the local sandbox tenant plus Microsoft 365 Agents Playground,
 * a local Teams-like chat client, with no Microsoft account and no credentials. Ctrl+C stops both.
 *
 * The bot runs in local mode (no Bot Framework credentials) because the Playground sends
 * unauthenticated activities. If a bot already answers on PORT, that one is used instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Settings that would switch the bot to authenticated mode, which the Playground cannot satisfy. */
export const BOT_CREDENTIALS = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'] as const;

export interface PlaygroundPlan {
  botUrl: string;
  playgroundUrl: string;
  botEnv: NodeJS.ProcessEnv;
  playgroundEnv: NodeJS.ProcessEnv;
  playgroundArgs: string[];
}

/** Works out how to run both processes from the environment; pure, for tests. */
export function planPlayground(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): PlaygroundPlan {
  const port = Number(env.PORT || 3978);
  const playgroundPort = Number(env.TEAMSAPPTESTER_PORT || 56150);
  const botUrl = `http://127.0.0.1:${port}`;

  const botEnv: NodeJS.ProcessEnv = { ...env, PORT: String(port) };
  for (const key of BOT_CREDENTIALS) delete botEnv[key];
  // Production refuses unauthenticated mode, and the Playground needs it.
  if (botEnv.NODE_ENV === 'production') delete botEnv.NODE_ENV;

  const playgroundEnv: NodeJS.ProcessEnv = { ...env, BOT_ENDPOINT: `${botUrl}/api/messages`, TEAMSAPPTESTER_PORT: String(playgroundPort) };
  // The Playground crashes when it cannot open a browser, so say none where there is no opener.
  if (!env.TEAMSAPPTESTER_BROWSER && !canOpenBrowser(env, platform)) playgroundEnv.TEAMSAPPTESTER_BROWSER = 'none';
  playgroundEnv.M365_AGENTS_PLAYGROUND_LOGFILE ??= join('data', 'm365agentsplayground.log');

  return {
    botUrl,
    playgroundUrl: `http://localhost:${playgroundPort}`,
    botEnv,
    playgroundEnv,
    playgroundArgs: ['start', '--app-endpoint', `${botUrl}/api/messages`, '--channel-id', 'msteams', '--port', String(playgroundPort), '--disable-telemetry'],
  };
}

function canOpenBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'xdg-open')));
}

/** The Playground's command-line entry point inside node_modules. */
export function playgroundCli(): string {
  return createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
}

/** Polls `url` until it answers 200 (at least one try), `timeoutMs` passes or `isAlive` says no. */
export async function waitForOk(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline || !isAlive()) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const plan = planPlayground(process.env);
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };

  let bot: ChildProcess | undefined;
  if (await waitForOk(`${plan.botUrl}/healthz`, 0)) {
    process.stdout.write(`Using the bot already running at ${plan.botUrl}\n`);
  } else {
    bot = spawn(process.execPath, ['--disable-warning=DEP0111', join(root, 'bin', 'pim-copilot.js'), 'start'], { cwd: root, env: plan.botEnv, stdio: 'inherit' });
    children.push(bot);
    const ready = await waitForOk(`${plan.botUrl}/readyz`, 120_000, () => bot?.exitCode === null);
    if (!ready) {
      process.stderr.write(`The bot did not become ready at ${plan.botUrl}/readyz; see its output above.\n`);
      stopAll();
      return 1;
    }
  }

  const playground = spawn(process.execPath, [playgroundCli(), ...plan.playgroundArgs], { cwd: root, env: plan.playgroundEnv, stdio: 'inherit' });
  children.push(playground);
  process.stdout.write(`\nMicrosoft 365 Agents Playground: open ${plan.playgroundUrl} and say "help". Ctrl+C stops.\n\n`);

  return new Promise<number>((resolve) => {
    let code = 0;
    const onExit = (name: string) => (exitCode: number | null) => {
      if (exitCode) {
        code = exitCode;
        process.stderr.write(`${name} exited with code ${exitCode}\n`);
      }
      stopAll();
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) resolve(code);
    };
    bot?.on('exit', onExit('the bot'));
    playground.on('exit', onExit('the Playground'));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stopAll);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
