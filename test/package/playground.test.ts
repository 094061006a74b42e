import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BOT_CREDENTIALS, planPlayground, playgroundCli, waitForOk } from '../../scripts/playground.js';

describe('npm run playground: the plan', () => {
  it('runs the bot in local mode, whatever credentials the shell has', () => {
    const plan = planPlayground({ PATH: '/usr/bin', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'z', NODE_ENV: 'production', LOG_LEVEL: 'debug' }, 'linux');
    for (const key of BOT_CREDENTIALS) assert.equal(plan.botEnv[key], undefined, key);
    assert.equal(plan.botEnv.NODE_ENV, undefined, 'production refuses local mode');
    assert.equal(plan.botEnv.LOG_LEVEL, 'debug', 'other settings pass through');
    assert.equal(plan.botEnv.PORT, '3978');
  });

  it('points the Playground at the bot on loopback, in the Teams channel', () => {
    const plan = planPlayground({ PORT: '4100', TEAMSAPPTESTER_PORT: '56999' }, 'darwin');
    assert.equal(plan.playgroundEnv.BOT_ENDPOINT, 'http://127.0.0.1:4100/api/messages');
    assert.deepEqual(plan.playgroundArgs.slice(0, 7), ['start', '--app-endpoint', 'http://127.0.0.1:4100/api/messages', '--channel-id', 'msteams', '--port', '56999']);
    assert.equal(plan.playgroundUrl, 'http://localhost:56999');
    assert.equal(plan.playgroundEnv.TEAMSAPPTESTER_BROWSER, undefined, 'a desktop opens the browser');
  });

  it('does not try to open a browser where there is no display (the Playground would crash)', () => {
    assert.equal(planPlayground({ PATH: '/usr/bin' }, 'linux').playgroundEnv.TEAMSAPPTESTER_BROWSER, 'none');
    assert.equal(planPlayground({ TEAMSAPPTESTER_BROWSER: 'firefox' }, 'linux').playgroundEnv.TEAMSAPPTESTER_BROWSER, 'firefox');
  });

  it('finds the Playground installed as a dev dependency', () => {
    assert.ok(existsSync(playgroundCli()));
  });
});

describe('Microsoft 365 Agents Playground against a bot endpoint (loopback only)', () => {
  let bot: Server;
  let playground: ChildProcess | undefined;
  let logDir: string;
  const received: Array<{ type?: string; text?: string; channelId?: string }> = [];

  before(async () => {
    // A stand-in bot that records what the Playground posts to /api/messages.
    bot = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/api/messages') received.push(JSON.parse(body) as (typeof received)[number]);
        res.writeHead(req.method === 'POST' ? 200 : 405).end();
      });
    });
    await new Promise<void>((r) => bot.listen(0, '127.0.0.1', r));
    logDir = mkdtempSync(join(tmpdir(), 'pim-playground-'));
  });

  after(async () => {
    if (playground && playground.exitCode === null) {
      const exited = new Promise((r) => playground!.once('exit', r));
      playground.kill('SIGTERM');
      await exited;
    }
    await new Promise((r) => bot.close(r));
    rmSync(logDir, { recursive: true, force: true });
  });

  it('starts offline, serves its web UI, and relays a user message to the bot', async () => {
    const botPort = (bot.address() as AddressInfo).port;
    const uiPort = await freePort();
    const plan = planPlayground({ PATH: process.env.PATH, PORT: String(botPort), TEAMSAPPTESTER_PORT: String(uiPort), M365_AGENTS_PLAYGROUND_LOGFILE: join(logDir, 'playground.log') }, 'linux');
    playground = spawn(process.execPath, [playgroundCli(), ...plan.playgroundArgs], { env: plan.playgroundEnv, stdio: 'ignore' });
    const ui = `http://127.0.0.1:${uiPort}`;
    assert.ok(await waitForOk(ui, 30_000, () => playground?.exitCode === null), 'the Playground web UI answers');

    // The Playground's own (internal) API, the one its web UI uses to send a message.
    const config = (await (await fetch(`${ui}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { id: string } } };
    const res = await fetch(`${ui}/_conversation/v1/conversations/${config.config.personalChat.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: config.config.currentUser.id }, text: 'help', textFormat: 'plain' }),
    });
    assert.equal(res.status, 200);
    const deadline = Date.now() + 10_000;
    while (!received.some((a) => a.type === 'message') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const message = received.find((a) => a.type === 'message');
    assert.equal(message?.text, 'help');
    assert.equal(message?.channelId, 'msteams');
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}
