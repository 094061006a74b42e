/**
 * Whole conversations through `POST /api/messages`: the service with its in-process sandbox tenant
 * (the demo tenant), the Bot Connector stand-in recording what the bot sends, and people of the
 * tenant talking to it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Activity } from 'botbuilder';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { demoTenantPath, type Sandbox } from '../../../src/sandbox/index.js';
import { startService, type Service } from '../../../src/service.js';
import { startBotConnector, type BotConnectorStandIn } from '../../../src/standins/bot-connector.js';
import { freshDataDir } from '../../support/data-dir.js';

interface TenantUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
}
interface TenantGroup {
  id: string;
  displayName: string;
}

const tenant = JSON.parse(readFileSync(demoTenantPath(), 'utf8')) as { users: TenantUser[]; groups: TenantGroup[] };

export function userByUpn(upn: string): TenantUser {
  const user = tenant.users.find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no user ${upn} in the demo tenant`);
  return user;
}

export function groupByName(name: string): TenantGroup {
  const group = tenant.groups.find((g) => g.displayName === name);
  if (!group) throw new Error(`no group ${name} in the demo tenant`);
  return group;
}

export interface Harness {
  service: Service;
  connector: BotConnectorStandIn;
  sandbox: Sandbox;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Where the service logs; silent by default. */
  log?: Logger;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = await freshDataDir('pim-conversation-');
  const connector = await startBotConnector();
  const config = loadConfig({
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HELPDESK_GROUP_ID: groupByName('Service Desk Team').id,
    // Most conversations cite made-up tickets; test/conversation/ticket-coaching.test.ts turns the stand-ins on.
    TICKET_STANDINS: 'false',
    ...env,
  });
  const service = await startService(config, options.log ?? pino({ level: 'silent' }));
  const sandbox = service.graph.sandbox;
  if (!sandbox) throw new Error('the harness needs the in-process sandbox');
  return {
    service,
    connector,
    sandbox,
    async close() {
      await service.close();
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  text: string;
  /** Adaptive Cards the reply carried. */
  cards: Array<Record<string, unknown>>;
  activity: Partial<Activity>;
}

/** One person's 1:1 chat with the bot. */
export class Chat {
  readonly conversationId: string;
  readonly teamsId: string;
  readonly user: TenantUser;
  private readonly group: boolean;

  /** A 1:1 chat, or with `groupChatId` this person's seat in a group chat shared with others. */
  constructor(
    private readonly h: Harness,
    upn: string,
    groupChatId?: string,
  ) {
    this.user = userByUpn(upn);
    this.teamsId = `29:${this.user.id}`;
    this.conversationId = groupChatId ?? `a:${randomUUID()}`;
    this.group = groupChatId !== undefined;
  }

  private activity(extra: Partial<Activity>): Partial<Activity> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.h.connector.url,
      timestamp: new Date().toISOString() as unknown as Date,
      from: { id: this.teamsId, name: this.user.displayName, aadObjectId: this.user.id },
      recipient: { id: '28:pim-copilot', name: 'PIM Copilot' },
      conversation: { id: this.conversationId, conversationType: this.group ? 'groupChat' : 'personal', tenantId: this.h.sandbox.tenantId, isGroup: this.group, name: '' },
      channelData: { tenant: { id: this.h.sandbox.tenantId } },
      ...extra,
    };
  }

  private async post(activity: Partial<Activity>): Promise<Response> {
    const res = await fetch(`${this.h.service.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    return res;
  }

  /** Sends a message; resolves with what the bot answered to it (the turn ends before the POST does). */
  async say(text: string): Promise<Reply[]> {
    const activity = this.activity({ type: 'message', text, textFormat: 'plain' });
    await this.post(activity);
    return this.repliesTo(activity.id!);
  }

  /** An `Action.Submit` from a card: a message whose value carries the verb. */
  async submit(value: Record<string, unknown>): Promise<Reply[]> {
    const activity = this.activity({ type: 'message', value });
    await this.post(activity);
    return this.repliesTo(activity.id!);
  }

  /** An `Action.Execute` on the card in message `replyToId`; resolves with the invoke response body. */
  async execute(verb: string, data: Record<string, unknown>, replyToId: string): Promise<{ statusCode: number; type: string; value: unknown }> {
    const activity = this.activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
    const res = await this.post(activity);
    return (await res.json()) as { statusCode: number; type: string; value: unknown };
  }

  repliesTo(activityId: string): Reply[] {
    return this.h.connector.calls
      .filter((c) => c.method === 'POST' && c.conversationId === this.conversationId && c.activity?.replyToId === activityId && c.activity.type === 'message')
      .map((c) => ({
        text: String(c.activity?.text ?? ''),
        cards: (c.activity?.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Record<string, unknown>),
        activity: c.activity!,
      }));
  }

  /** Updates the bot made to messages of this chat (status cards rewritten in place). */
  updates(): Array<{ activityId: string; card: Record<string, unknown> | undefined }> {
    return this.h.connector.calls
      .filter((c) => c.method === 'PUT' && c.conversationId === this.conversationId)
      .map((c) => ({ activityId: c.activityId!, card: c.activity?.attachments?.[0]?.content as Record<string, unknown> | undefined }));
  }
}

/** All the text of a turn's replies, cards included, for matching. */
export function allText(replies: readonly Reply[]): string {
  return replies.map((r) => [r.text, ...r.cards.map((c) => JSON.stringify(c))].join('\n')).join('\n');
}
