/**
 * Screenshots for the README's Playground walk-through, taken in headless Chromium against what
 * `npm run playground` runs: the bot on the sandbox tenant and two Playground pages, the
 * requester's and the approver's. The requester asks for a role, the approver gets the card and
 * approves, the requester is told. PNGs go to docs/playground/.
 *
 *   node --import tsx scripts/playground-shots.ts      (CHROMIUM=/path/to/chromium if not /usr/bin/chromium)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { loadSnapshot } from '../src/tenant/snapshot.js';
import { pickPeople } from './playground-people.js';
import { planPlayground, startPlayground, tenantFileOf, waitForOk, type PlaygroundRun } from './playground.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'playground');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

/** Opens the person's 1:1 chat with the bot in their Playground page. */
async function openChat(page: Page, run: PlaygroundRun): Promise<void> {
  await page.goto(`http://127.0.0.1:${run.port}`, { waitUntil: 'load' });
  await page.getByText('Personal Chat', { exact: true }).click();
  // Opening the page installs the app for its user: the bot's welcome shows the chat is live.
  await page.getByText('Type help at any time', { exact: false }).last().waitFor({ timeout: 60_000 });
}

async function send(page: Page, text: string): Promise<void> {
  // The message box is a rich-text editor (Lexical), not an input.
  await page.locator('[data-lexical-editor="true"]').first().click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(800); // let the chat finish scrolling
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  process.stdout.write(`  docs/playground/${name}.png\n`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM.\n`);
    return 1;
  }
  const people = pickPeople(await loadSnapshot(tenantFileOf(process.env, ROOT)));
  const dataDir = mkdtempSync(join(tmpdir(), 'pim-playground-shots-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(await freePort()),
    TEAMSAPPTESTER_PORT: String(await freePort()),
    PLAYGROUND_APPROVER_PORT: String(await freePort()),
    TEAMSAPPTESTER_BROWSER: 'none',
    DATA_DIR: dataDir,
    SANDBOX_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const plan = planPlayground(env, people, 'linux', ROOT);
  const [requester, approver] = plan.runs as [PlaygroundRun, PlaygroundRun];
  const children: ChildProcess[] = [spawn(process.execPath, ['--disable-warning=DEP0111', join(ROOT, 'bin', 'pim-copilot.js'), 'start'], { cwd: ROOT, env: plan.botEnv, stdio: 'inherit' })];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    if (!(await waitForOk(`${plan.botUrl}/readyz`, 180_000, () => children[0]!.exitCode === null))) throw new Error('the bot did not become ready');
    for (const run of plan.runs) {
      children.push(startPlayground(run, 'ignore'));
      if (!(await waitForOk(`http://127.0.0.1:${run.port}`, 60_000))) throw new Error(`the ${run.as}'s Playground did not start`);
    }
    mkdirSync(OUT, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const asker = await context.newPage();
    const decider = await context.newPage();
    // Tall enough for the whole approval card.
    await decider.setViewportSize({ width: 1280, height: 1500 });
    // Both pages open before anything is asked: the Playground shows only what arrives while a page is open.
    await openChat(asker, requester);
    await openChat(decider, approver);
    process.stdout.write(`Requester ${people.requester.displayName}, approver ${people.approver.displayName}, role ${people.role}:\n`);

    await send(asker, 'what can I activate?');
    await asker.getByText('You can activate', { exact: false }).last().waitFor({ timeout: 60_000 });
    await shot(asker, '1-requester-eligible-roles');

    await send(asker, `activate ${people.role} for 1 hour to review the retention policy change for the audit`);
    await asker.getByText('It needs approval', { exact: false }).last().waitFor({ timeout: 60_000 });
    await shot(asker, '2-requester-asks');

    const approve = decider.getByRole('button', { name: 'Approve' }).last();
    await approve.waitFor({ timeout: 120_000 });
    await approve.scrollIntoViewIfNeeded();
    await shot(decider, '3-approver-card');

    const reason = decider.locator('textarea').last();
    await reason.click();
    await decider.keyboard.type('Fine for the audit review');
    await approve.click();
    await decider.getByText(`Approved by ${people.approver.displayName}`, { exact: false }).last().waitFor({ timeout: 60_000 });
    await shot(decider, '4-approver-approved');

    await asker.getByText(`approved by ${people.approver.displayName}`, { exact: false }).last().waitFor({ timeout: 60_000 });
    await shot(asker, '5-requester-told');
    return 0;
  } catch (err) {
    // What each page showed when it went wrong, to see why.
    const failed = join(ROOT, 'data', 'playground-shots-failed');
    mkdirSync(failed, { recursive: true });
    for (const [i, page] of browser.contexts().flatMap((c) => c.pages()).entries()) await page.screenshot({ path: join(failed, `page-${i + 1}.png`) }).catch(() => undefined);
    process.stderr.write(`Screens at the failure: ${failed}\n`);
    throw err;
  } finally {
    await browser.close();
    for (const child of children.reverse()) await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err: unknown) => {
  process.stderr.write(`playground-shots: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
