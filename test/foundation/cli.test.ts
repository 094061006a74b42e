import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { freshDataDir } from '../support/data-dir.js';

const BIN = new URL('../../bin/pim-copilot.js', import.meta.url).pathname;

function runBin(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('the pim-copilot command', () => {
  it('lists its commands', async () => {
    const p = runBin(['--help'], {});
    assert.equal(await p.exited, 0);
    assert.match(p.out(), /start\s+run the bot/);
  });

  it('refuses an unknown command with usage', async () => {
    const p = runBin(['frobnicate'], {});
    assert.equal(await p.exited, 2);
    assert.match(p.err(), /unknown command 'frobnicate'/);
  });

  it('stops at start-up on bad settings, one line per problem, without echoing secrets', async () => {
    const p = runBin(['start'], { PORT: 'abc', MicrosoftAppPassword: 'very-secret-password' });
    assert.equal(await p.exited, 1);
    assert.match(p.err(), /- PORT: must be a port number/);
    assert.match(p.err(), /- MicrosoftAppId: required when MicrosoftAppPassword is set/);
    assert.ok(!p.err().includes('very-secret-password'));
  });

  it('starts, says where it listens, becomes ready, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = await freshDataDir('pim-copilot-cli-');
    const p = runBin(['start'], { PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${p.out()}\n${p.err()}`)), 30_000);
        const check = () => {
          const m = /listening on (http:\/\/[\d.]+:\d+)\/api\/messages/.exec(p.out());
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          } else setTimeout(check, 100);
        };
        check();
      });
      assert.match(p.out(), /Agents Playground/);
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      p.child.kill('SIGTERM');
      assert.equal(await p.exited, 0);
      assert.match(p.out(), /"msg":"stopped"/);
    } finally {
      p.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
