import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { pickPeople } from '../../scripts/playground-people.js';
import { BOT_CREDENTIALS, installFor, planPlayground, playgroundCli, portFree, startPlayground, tenantFileOf, waitForOk, type PlaygroundPlan, type PlaygroundRun } from '../../scripts/playground.js';
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import { freshDataDir } from '../support/data-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const snapshot = await loadSnapshot(tenantFileOf({}, ROOT));
const people = pickPeople(snapshot);

/** Entra object ids of everyone who approves `roleName` (groups expanded), from the snapshot itself. */
function approversOf(snap: TenantSnapshot, roleName: string): Set<string> {
  const role = snap['roleManagement/directory/roleDefinitions'].find((r) => r.displayName === roleName)!;
  const policyId = snap['policies/roleManagementPolicyAssignments'].find((a) => a.roleDefinitionId === role.id)!.policyId;
  const rule = snap['policies/roleManagementPolicies'].find((p) => p.id === policyId)!.rules!.find((r) => r.id === 'Approval_EndUser_Assignment') as {
    setting?: { isApprovalRequired?: boolean; approvalStages?: Array<{ primaryApprovers?: Array<{ userId?: string; groupId?: string }> }> };
  };
  const out = new Set<string>();
  if (!rule.setting?.isApprovalRequired) return out;
  for (const a of rule.setting.approvalStages!.flatMap((s) => s.primaryApprovers ?? [])) {
    if (a.userId) out.add(a.userId);
    const group = snap.groups.find((g) => g.id === a.groupId) as { members?: Array<{ id: string }> } | undefined;
    for (const m of group?.members ?? []) out.add(m.id);
  }
  return out;
}

function eligibleRoleNames(snap: TenantSnapshot, userId: string): string[] {
  const ids = new Set(snap['roleManagement/directory/roleEligibilitySchedules'].filter((e) => e.principalId === userId).map((e) => e.roleDefinitionId));
  return snap['roleManagement/directory/roleDefinitions'].filter((r) => ids.has(r.id)).map((r) => r.displayName!);
}

describe('npm run playground: sandbox people', () => {
  it('picks a requester with roles that need approval, and an approver of the walk-through role', () => {
    assert.ok(people.roles.length >= 1);
    for (const role of people.roles) assert.ok(eligibleRoleNames(snapshot, people.requester.id).includes(role), `${people.requester.displayName} is eligible for ${role}`);
    assert.ok(people.roles.includes(people.role));
    assert.ok(approversOf(snapshot, people.role).has(people.approver.id), `${people.approver.displayName} approves ${people.role}`);
    assert.notEqual(people.approver.id, people.requester.id);
  });

  it('writes both mock-data files with real Entra ids, and every approver of those roles is a user in each', () => {
    const plan = planPlayground({ PATH: '/usr/bin' }, people, 'linux', '/repo');
    const everyApprover = new Set(people.roles.flatMap((r) => [...approversOf(snapshot, r)]));
    everyApprover.delete(people.requester.id);
    for (const run of plan.runs) {
      const config = parse(run.yaml) as { tenantId: string; currentUser: { id: string; aadObjectId: string; name: string; userPrincipleName: string }; users: Array<{ id: string; aadObjectId: string }>; personalChat: { id: string } };
      assert.equal(config.tenantId, snapshot.organization[0]!.id);
      assert.equal(config.currentUser.aadObjectId, run.person.id);
      assert.equal(config.currentUser.userPrincipleName, run.person.userPrincipalName);
      assert.equal(config.personalChat.id, run.chatId);
      // The Playground's schema wants exactly five other users, with unique ids.
      assert.equal(config.users.length, 5);
      const ids = [config.currentUser, ...config.users].map((u) => u.id);
      assert.equal(new Set(ids).size, 6);
      for (const u of [config.currentUser, ...config.users]) {
        assert.equal(u.id, u.aadObjectId, 'the channel id is the Entra object id, so the bot can open a chat by it');
        assert.ok(snapshot.users.some((s) => s.id === u.aadObjectId), `${u.id} is a person of the sandbox tenant`);
      }
      for (const a of everyApprover) assert.ok(ids.includes(a), `approver ${a} is a Playground user of the ${run.as}`);
    }
    assert.deepEqual(
      plan.runs.map((r) => [r.as, r.person.id, r.configPath]),
      [
        ['requester', people.requester.id, '/repo/data/playground/requester/.m365agentsplayground.yml'],
        ['approver', people.approver.id, '/repo/data/playground/approver/.m365agentsplayground.yml'],
      ],
    );
  });
});

describe('npm run playground: the plan', () => {
  it('runs the bot in local mode, whatever credentials the shell has', () => {
    const plan = planPlayground({ PATH: '/usr/bin', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'z', NODE_ENV: 'production', LOG_LEVEL: 'debug' }, people, 'linux');
    for (const key of BOT_CREDENTIALS) assert.equal(plan.botEnv[key], undefined, key);
    assert.equal(plan.botEnv.NODE_ENV, undefined, 'production refuses local mode');
    assert.equal(plan.botEnv.LOG_LEVEL, 'debug', 'other settings pass through');
    assert.equal(plan.botEnv.PORT, '3978');
  });

  it('points both Playgrounds at the bot on loopback, in the Teams channel, each on its own port and mock data', () => {
    const plan = planPlayground({ PORT: '4100', TEAMSAPPTESTER_PORT: '56999' }, people, 'darwin');
    const [requester, approver] = plan.runs as [PlaygroundRun, PlaygroundRun];
    for (const run of plan.runs) {
      assert.equal(run.env.BOT_ENDPOINT, 'http://127.0.0.1:4100/api/messages');
      assert.deepEqual(run.args.slice(0, 5), ['start', '--app-endpoint', 'http://127.0.0.1:4100/api/messages', '--channel-id', 'msteams']);
      assert.equal(run.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH, run.configPath);
      assert.equal(run.env.TEAMSAPPTESTER_BROWSER, undefined, 'a desktop opens the browser');
    }
    assert.equal(requester.url, 'http://localhost:56999');
    assert.equal(approver.url, 'http://localhost:57000');
    assert.equal(planPlayground({ PLAYGROUND_APPROVER_PORT: '60000' }, people).runs[1]!.port, 60000);
    assert.notEqual(requester.env.M365_AGENTS_PLAYGROUND_LOGFILE, approver.env.M365_AGENTS_PLAYGROUND_LOGFILE);
  });

  it('does not try to open a browser where there is no display (the Playground would crash)', () => {
    assert.equal(planPlayground({ PATH: '/usr/bin' }, people, 'linux').runs[0]!.env.TEAMSAPPTESTER_BROWSER, 'none');
    assert.equal(planPlayground({ TEAMSAPPTESTER_BROWSER: 'firefox' }, people, 'linux').runs[0]!.env.TEAMSAPPTESTER_BROWSER, 'firefox');
  });

  it('finds the Playground installed as a dev dependency', () => {
    assert.ok(existsSync(playgroundCli()));
  });

  it('notices a port in use', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, r));
    assert.equal(await portFree((holder.address() as AddressInfo).port), false);
    await new Promise((r) => holder.close(r));
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
    await stop(playground);
    await new Promise((r) => bot.close(r));
    rmSync(logDir, { recursive: true, force: true });
  });

  it('starts offline, serves its web UI, and relays a user message to the bot', async () => {
    const botPort = (bot.address() as AddressInfo).port;
    const plan = planPlayground({ PATH: process.env.PATH, PORT: String(botPort), TEAMSAPPTESTER_PORT: String(await freePort()), DATA_DIR: logDir }, people, 'linux');
    const run = plan.runs[0]!;
    playground = startPlayground(run, 'ignore');
    assert.ok(await waitForOk(`http://127.0.0.1:${run.port}`, 30_000, () => playground?.exitCode === null), 'the Playground web UI answers');

    // The Playground's own (internal) API, the one its web UI uses to send a message.
    const config = (await (await fetch(`http://127.0.0.1:${run.port}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { id: string; name: string } } };
    assert.equal(config.config.currentUser.name, people.requester.displayName, 'the generated mock data is loaded');
    const res = await say(run, 'help');
    assert.equal(res.status, 200);
    const message = await until(() => received.find((a) => a.type === 'message'), 10_000);
    assert.equal(message?.text, 'help');
    assert.equal(message?.channelId, 'msteams');
    assert.equal((message as { from?: { aadObjectId?: string } }).from?.aadObjectId, people.requester.id, 'the message comes from the sandbox person');
  });
});

describe('npm run playground: the bot on the sandbox, a requester and an approver', () => {
  let dataDir: string;
  let plan: PlaygroundPlan;
  let bot: ChildProcess | undefined;
  const playgrounds: ChildProcess[] = [];
  let botOutput = '';

  before(async () => {
    dataDir = await freshDataDir('pim-playground-e2e-');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(await freePort()), TEAMSAPPTESTER_PORT: String(await freePort()), PLAYGROUND_APPROVER_PORT: String(await freePort()), DATA_DIR: dataDir, SANDBOX_PORT: '0', TICKET_STANDINS: 'false', LOG_LEVEL: 'warn' };
    plan = planPlayground(env, people, 'linux', ROOT);
    bot = spawn(process.execPath, ['--disable-warning=DEP0111', join(ROOT, 'bin', 'pim-copilot.js'), 'start'], { cwd: ROOT, env: plan.botEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    bot.stdout!.on('data', (d: Buffer) => (botOutput += d.toString()));
    bot.stderr!.on('data', (d: Buffer) => (botOutput += d.toString()));
    for (const run of plan.runs) playgrounds.push(startPlayground(run, 'ignore'));
    assert.ok(await waitForOk(`${plan.botUrl}/readyz`, 120_000, () => bot?.exitCode === null), `the bot is ready:\n${botOutput}`);
    for (const [i, run] of plan.runs.entries()) {
      assert.ok(await waitForOk(`http://127.0.0.1:${run.port}`, 60_000, () => playgrounds[i]!.exitCode === null), `the ${run.as}'s Playground answers`);
      await installFor(run);
    }
  });

  after(async () => {
    await Promise.all([...playgrounds, bot].map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers "what can I activate?" from the mapped requester with their real eligible roles', async () => {
    const requester = plan.runs[0]!;
    assert.equal((await say(requester, 'what can I activate?')).status, 200);
    const reply = await until(() => botMessages(requester).find((m) => /You can activate/.test(m.text ?? '')), 30_000);
    assert.ok(reply, `a reply in the requester's Playground; the bot said:\n${botOutput}`);
    const roles = eligibleRoleNames(snapshot, people.requester.id);
    assert.match(reply.text!, new RegExp(`these ${roles.length} roles`));
    for (const role of roles) assert.ok(reply.text!.includes(`**${role}**`), `lists ${role}`);
    assert.equal(reply.conversationId, requester.chatId);
  });

  it('sends the approval card to the approver in their Playground, who approves as themselves', async () => {
    const [requester, approver] = plan.runs as [PlaygroundRun, PlaygroundRun];
    await say(requester, `activate ${people.role} for 1 hour to review the retention policy change for the audit`);
    const card = await until(() => botMessages(approver).find((m) => m.conversationId === approver.chatId && cardData(m)?.approverId === people.approver.id), 60_000);
    assert.ok(card, `the approval card reaches ${people.approver.displayName}'s Playground; the bot said:\n${botOutput}`);
    assert.ok(JSON.stringify(card.attachments).includes(people.requester.displayName), 'the card names the requester');

    // Approve, as the Playground's web UI does when the button is pressed.
    const res = await fetch(`http://127.0.0.1:${approver.port}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'approve', data: { ...cardData(card), comment: 'Fine for the audit review' } }, trigger: 'manual' },
        from: { id: people.approver.id },
        conversation: { id: approver.chatId },
        replyToId: card.messageId,
      }),
    });
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(await res.json()), new RegExp(`Approved by ${people.approver.displayName}`));
    const told = await until(() => botMessages(requester).find((m) => new RegExp(`approved by ${people.approver.displayName}`, 'i').test(m.text ?? '')), 30_000);
    assert.ok(told, 'the requester is told in their Playground');
  });
});

/** Sends a message as the run's current user through the Playground's internal API (the one its web UI uses). */
function say(run: PlaygroundRun, text: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${run.port}/_conversation/v1/conversations/${encodeURIComponent(run.chatId)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: { id: run.person.id }, text, textFormat: 'plain' }),
  });
}

interface BotMessage {
  conversationId: string;
  messageId: string;
  text?: string;
  attachments?: Array<{ content?: { actions?: Array<{ data?: Record<string, unknown> }> } }>;
}

/** What the bot posted in this Playground, read from its log (no page is open to take the messages). */
function botMessages(run: PlaygroundRun): BotMessage[] {
  const file = run.env.M365_AGENTS_PLAYGROUND_LOGFILE!;
  if (!existsSync(file)) return [];
  const out: BotMessage[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const start = line.indexOf('{"action":"createMessage"');
    if (start < 0) continue;
    try {
      const entry = JSON.parse(line.slice(start)) as { actionConversationId: string; message: { messageId: string; from?: { id?: string }; text?: string; attachments?: BotMessage['attachments'] } };
      if (entry.message.from?.id === 'pim-copilot') out.push({ conversationId: entry.actionConversationId, messageId: entry.message.messageId, text: entry.message.text, attachments: entry.message.attachments });
    } catch {
      // a line cut short while being written
    }
  }
  return out;
}

function cardData(m: BotMessage): Record<string, unknown> | undefined {
  return m.attachments?.[0]?.content?.actions?.find((a) => a.data && 'approverId' in a.data)?.data;
}

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}
