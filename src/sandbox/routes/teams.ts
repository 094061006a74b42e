/**
 * The Teams side of the sandbox that the bot needs: apps installed for a user
 * (`users/{id}/teamwork/installedApps`: list, install, uninstall) and the 1:1 chat each installed
 * bot has with the user (`installedApps/{id}/chat`, `users/{id}/chats`). Kept per sandbox, in memory.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, GraphError, notFound } from '../http.js';
import type { Requirement } from '../permissions.js';
import type { Rec } from '../store/collection.js';
import { arrayResult, entityResult } from './respond.js';
import type { Core, Route, RouteContext } from './router.js';

const READ: Requirement = {
  application: [['TeamsAppInstallation.ReadForUser.All', 'TeamsAppInstallation.ReadWriteForUser.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All']],
  delegated: [['TeamsAppInstallation.ReadForUser', 'TeamsAppInstallation.ReadWriteForUser', 'TeamsAppInstallation.ReadWriteSelfForUser']],
};
const WRITE: Requirement = {
  application: [['TeamsAppInstallation.ReadWriteForUser.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All']],
  delegated: [['TeamsAppInstallation.ReadWriteForUser', 'TeamsAppInstallation.ReadWriteSelfForUser']],
};

interface Installation {
  id: string;
  teamsAppId: string;
  chatId: string;
  at: string;
}

/** Installations per user, per sandbox. */
const installations = new WeakMap<Core, Map<string, Installation[]>>();

function installedFor(ctx: RouteContext): Installation[] {
  const userId = ctx.params.id!;
  if (!ctx.core.pim.directory.user(userId)) throw notFound(`Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`);
  let byUser = installations.get(ctx.core);
  if (!byUser) installations.set(ctx.core, (byUser = new Map()));
  const key = userId.toLowerCase();
  let list = byUser.get(key);
  if (!list) byUser.set(key, (list = []));
  return list;
}

function view(i: Installation): Rec {
  return {
    id: i.id,
    consentedPermissionSet: null,
    teamsApp: { id: i.teamsAppId, externalId: null, displayName: 'PIM Copilot', distributionMethod: 'organization' },
    teamsAppDefinition: { id: `${i.teamsAppId}-def`, teamsAppId: i.teamsAppId, displayName: 'PIM Copilot', version: '1.0.0' },
  };
}

function chatView(ctx: RouteContext, i: Installation): Rec {
  return { id: i.chatId, topic: null, createdDateTime: i.at, lastUpdatedDateTime: i.at, chatType: 'oneOnOne', webUrl: null, tenantId: ctx.core.state.tenantId };
}

function installationOf(ctx: RouteContext): Installation {
  const found = installedFor(ctx).find((i) => i.id === ctx.params.installId);
  if (!found) throw notFound(`The installation '${ctx.params.installId}' was not found.`, 'NotFound');
  return found;
}

const BASE = '/users/:id/teamwork/installedApps';

export const teamsRoutes: Route[] = [
  { method: 'GET', pattern: BASE, needs: READ, handle: (ctx) => arrayResult(ctx, `users('${ctx.params.id}')/teamwork/installedApps`, installedFor(ctx).map(view)) },
  {
    method: 'POST',
    pattern: BASE,
    needs: WRITE,
    handle: (ctx) => {
      const bind = (ctx.req.body as Rec | undefined)?.['teamsApp@odata.bind'];
      const appId = typeof bind === 'string' ? /teamsApps\/([^/?]+)$/i.exec(bind)?.[1] : undefined;
      if (!appId) throw badRequest("The request body must carry 'teamsApp@odata.bind' naming appCatalogs/teamsApps/{id}.");
      const list = installedFor(ctx);
      const teamsAppId = decodeURIComponent(appId);
      if (list.some((i) => i.teamsAppId.toLowerCase() === teamsAppId.toLowerCase())) throw new GraphError(409, 'Conflict', 'The app is already installed for this user.');
      const userId = ctx.params.id!.toLowerCase();
      list.push({ id: randomUUID(), teamsAppId, chatId: `19:${userId}_${teamsAppId.toLowerCase()}@unq.gbl.spaces`, at: new Date(ctx.core.pim.clock.nowMs()).toISOString() });
      return { status: 201 };
    },
  },
  { method: 'GET', pattern: `${BASE}/:installId`, needs: READ, handle: (ctx) => entityResult(ctx, `users('${ctx.params.id}')/teamwork/installedApps`, view(installationOf(ctx))) },
  {
    method: 'DELETE',
    pattern: `${BASE}/:installId`,
    needs: WRITE,
    handle: (ctx) => {
      const list = installedFor(ctx);
      list.splice(list.indexOf(installationOf(ctx)), 1);
      return { status: 204 };
    },
  },
  { method: 'GET', pattern: `${BASE}/:installId/chat`, needs: READ, handle: (ctx) => entityResult(ctx, 'chats', chatView(ctx, installationOf(ctx))) },
  {
    method: 'GET',
    pattern: '/users/:id/chats',
    needs: { application: [['Chat.ReadBasic.All', 'Chat.Read.All', 'Chat.ReadWrite.All']], delegated: [['Chat.ReadBasic', 'Chat.Read', 'Chat.ReadWrite']] },
    handle: (ctx) => arrayResult(ctx, 'chats', installedFor(ctx).map((i) => chatView(ctx, i))),
  },
];
