/**
 * `npm run playground`: the bot on the local sandbox tenant plus two Microsoft 365 Agents Playground
 * windows, a local Teams-like chat client, with no Microsoft account and no credentials: one as a
 * requester of the sandbox tenant, one as an approver of their roles. Ctrl+C stops everything.
 *
 * The bot runs in local mode (no Bot Framework credentials) because the Playground sends
 * unauthenticated activities. If a bot already answers on PORT, that one is used instead.
 * Each Playground is its own Bot Connector, so the bot's replies and approval cards reach the
 * window of the person they are for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSnapshot } from '../src/tenant/snapshot.js';
import { personalChatId, pickPeople, playgroundYaml, type Person, type Persona, type PlaygroundPeople } from './playground-people.js';

/** Settings that would switch the bot to authenticated mode, which the Playground cannot satisfy. */
export const BOT_CREDENTIALS = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'] as const;

/** One Playground window: who is signed in to it, where it listens, its generated mock data. */
export interface PlaygroundRun {
  as: Persona;
  person: Person;
  port: number;
  url: string;
  /** Its working folder: the generated `.m365agentsplayground.yml` and its log. */
  dir: string;
  configPath: string;
  yaml: string;
  /** The person's 1:1 chat with the bot in this window. */
  chatId: string;
  env: NodeJS.ProcessEnv;
  args: string[];
}

export interface PlaygroundPlan {
  botUrl: string;
  botEnv: NodeJS.ProcessEnv;
  runs: PlaygroundRun[];
}

/** Works out how to run the bot and both Playgrounds from the environment; pure, for tests. */
export function planPlayground(env: NodeJS.ProcessEnv, people: PlaygroundPeople, platform: NodeJS.Platform = process.platform, root = '.'): PlaygroundPlan {
  const port = Number(env.PORT || 3978);
  const botUrl = `http://127.0.0.1:${port}`;
  const endpoint = `${botUrl}/api/messages`;

  const botEnv: NodeJS.ProcessEnv = { ...env, PORT: String(port) };
  for (const key of BOT_CREDENTIALS) delete botEnv[key];
  // Production refuses unauthenticated mode, and the Playground needs it.
  if (botEnv.NODE_ENV === 'production') delete botEnv.NODE_ENV;

  const requesterPort = Number(env.TEAMSAPPTESTER_PORT || 56150);
  const ports: Record<Persona, number> = { requester: requesterPort, approver: Number(env.PLAYGROUND_APPROVER_PORT || requesterPort + 1) };
  const base = join(env.DATA_DIR || join(root, 'data'), 'playground');
  const runs = (['requester', 'approver'] as const).map((as): PlaygroundRun => {
    const dir = join(base, as);
    const configPath = join(dir, '.m365agentsplayground.yml');
    const runEnv: NodeJS.ProcessEnv = {
      ...env,
      BOT_ENDPOINT: endpoint,
      TEAMSAPPTESTER_PORT: String(ports[as]),
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, 'm365agentsplayground.log'),
    };
    // The Playground crashes when it cannot open a browser, so say none where there is no opener.
    if (!env.TEAMSAPPTESTER_BROWSER && !canOpenBrowser(env, platform)) runEnv.TEAMSAPPTESTER_BROWSER = 'none';
    return {
      as,
      person: as === 'requester' ? people.requester : people.approver,
      port: ports[as],
      url: `http://localhost:${ports[as]}`,
      dir,
      configPath,
      yaml: playgroundYaml(people, as),
      chatId: personalChatId(people, as),
      env: runEnv,
      args: ['start', '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', String(ports[as]), '--disable-telemetry'],
    };
  });
  return { botUrl, botEnv, runs };
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

/** The tenant the sandbox runs: `SANDBOX_TENANT_FILE`, else the demo tenant. */
export function tenantFileOf(env: NodeJS.ProcessEnv, root: string): string {
  return env.SANDBOX_TENANT_FILE || join(root, 'src', 'sandbox', 'demo-tenant.json');
}

/** Writes the run's `.m365agentsplayground.yml` and starts its Playground. */
export function startPlayground(run: PlaygroundRun, stdio: 'inherit' | 'ignore' = 'inherit'): ChildProcess {
  mkdirSync(run.dir, { recursive: true });
  writeFileSync(run.configPath, run.yaml);
  return spawn(process.execPath, [playgroundCli(), ...run.args], { cwd: run.dir, env: run.env, stdio });
}

/**
 * What Teams does when someone installs the app: the bot gets `installationUpdate` and
 * `conversationUpdate` in the person's chat, greets them and keeps where to reach them later.
 */
export async function installFor(run: PlaygroundRun): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${run.port}/_debug/conversation/${encodeURIComponent(run.chatId)}/installation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`the Playground at ${run.url} refused the installation (${res.status})`);
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

/** Whether nothing listens on `port` (the Playground would quietly move to a random port). */
export async function portFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (process.env.AAD_TENANT_ID) {
    process.stderr.write('npm run playground runs on the local sandbox tenant: the Playground has no Teams SSO, so it cannot act as people of a real tenant. Unset AAD_TENANT_ID (and AAD_CLIENT_*) first.\n');
    return 1;
  }
  const people = pickPeople(await loadSnapshot(tenantFileOf(process.env, root)));
  const plan = planPlayground(process.env, people, process.platform, root);
  for (const run of plan.runs) {
    if (!(await portFree(run.port))) {
      const setting = run.as === 'requester' ? 'TEAMSAPPTESTER_PORT' : 'PLAYGROUND_APPROVER_PORT';
      process.stderr.write(`Port ${run.port} (the ${run.as}'s Playground) is in use, perhaps by a Playground still running. Stop it or set ${setting}.\n`);
      return 1;
    }
  }

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

  const playgrounds = plan.runs.map((run) => {
    const child = startPlayground(run);
    children.push(child);
    return child;
  });
  const up = await Promise.all(plan.runs.map((run, i) => waitForOk(`http://127.0.0.1:${run.port}`, 60_000, () => playgrounds[i]!.exitCode === null)));
  if (up.every(Boolean)) {
    for (const run of plan.runs) await installFor(run).catch((err: unknown) => process.stderr.write(`${String(err)}\n`));
    const [requester, approver] = plan.runs as [PlaygroundRun, PlaygroundRun];
    process.stdout.write(
      [
        '',
        'Microsoft 365 Agents Playground, as two people of the sandbox tenant:',
        `  requester  ${requester.person.displayName} <${requester.person.userPrincipalName}>  ${requester.url}`,
        `  approver   ${approver.person.displayName} <${approver.person.userPrincipalName}>  ${approver.url}`,
        '',
        `As ${requester.person.displayName}, ask "what can I activate?", then e.g. "activate ${people.role} for 1 hour to <your reason>".`,
        `${approver.person.displayName} gets the approval card in the other window: Approve, and ${requester.person.displayName} is told.`,
        'Ctrl+C stops everything.',
        '',
      ].join('\n') + '\n',
    );
  }

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
    playgrounds.forEach((p, i) => p.on('exit', onExit(`the ${plan.runs[i]!.as}'s Playground`)));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stopAll);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
