/**
 * Users, `/me`, groups and the organization. On v1.0 a user carries Graph's default property set
 * unless `$select` asks for more (department, mailboxSettings...), as the real service does;
 * beta returns every stored property. `manager` comes with `$expand=manager`.
 */
import { badRequest, GraphError, notFound, type GraphResult } from '../http.js';
import { expandOf } from '../odata/options.js';
import { NEEDS, type Requirement } from '../permissions.js';
import type { Rec } from '../store/collection.js';
import { arrayResult, collectionResult, contextUrl, entityResult, without } from './respond.js';
import type { Route, RouteContext } from './router.js';

const V1_DEFAULT = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

function plainUser(ctx: RouteContext, user: Rec): Rec {
  const stored = without(user, 'manager');
  // $select picks from everything stored; without it v1.0 shows only the default set.
  if (ctx.query.select || ctx.req.version === 'beta') return ctx.query.select ? stored : without(stored, 'mailboxSettings');
  const out: Rec = {};
  for (const key of V1_DEFAULT) out[key] = stored[key] ?? (key === 'businessPhones' ? [] : null);
  return out;
}

export function userView(ctx: RouteContext, user: Rec): Rec {
  const out = plainUser(ctx, user);
  if (expandOf(ctx.query, 'manager')) {
    const managerId = (user.manager as Rec | undefined)?.id;
    const manager = typeof managerId === 'string' ? ctx.core.pim.directory.user(managerId) : undefined;
    out.manager = manager ? { '@odata.type': '#microsoft.graph.user', ...without(manager, 'manager', 'mailboxSettings') } : null;
  }
  return out;
}

function directoryObject(ctx: RouteContext, id: string): Rec | undefined {
  const user = ctx.core.pim.directory.user(id);
  if (user) return { '@odata.type': '#microsoft.graph.user', ...plainUser(ctx, user) };
  const group = ctx.core.pim.directory.group(id);
  return group ? { '@odata.type': '#microsoft.graph.group', ...without(group, 'members') } : undefined;
}

function userOf(ctx: RouteContext): Rec {
  if (ctx.params.id === undefined) {
    if (ctx.caller.kind !== 'user') throw badRequest('/me request is only valid with delegated authentication flow.');
    const me = ctx.core.pim.directory.user(ctx.caller.id);
    if (!me) throw notFound(`Resource '${ctx.caller.id}' does not exist or one of its queried reference-property objects are not present.`);
    return me;
  }
  const user = ctx.core.pim.directory.user(ctx.params.id);
  if (!user) throw notFound(`Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`);
  return user;
}

function objects(ctx: RouteContext, fragment: string, ids: string[]): GraphResult {
  const items = ids.map((id) => directoryObject(ctx, id)).filter((o): o is Rec => o !== undefined);
  return arrayResult(ctx, fragment, items);
}

const DEFAULT_MAILBOX = { timeZone: 'UTC', automaticRepliesSetting: { status: 'disabled', externalAudience: 'none' } };

/** The routes under a user, for both `/users/{id}` and `/me`. */
function userRoutes(base: string, needs: Requirement): Route[] {
  const self = base === '/me';
  const fragment = (ctx: RouteContext, tail: string) => (self ? `users('${ctx.caller.id}')${tail}` : `users('${ctx.params.id}')${tail}`);
  return [
    { method: 'GET', pattern: base, needs, handle: (ctx) => entityResult(ctx, 'users', userView(ctx, userOf(ctx))) },
    {
      method: 'GET',
      pattern: `${base}/manager`,
      needs,
      handle: (ctx) => {
        const managerId = (userOf(ctx).manager as Rec | undefined)?.id;
        const manager = typeof managerId === 'string' ? directoryObject(ctx, managerId) : undefined;
        if (!manager) throw notFound("Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
        return { status: 200, body: { '@odata.context': contextUrl(ctx, 'directoryObjects/$entity'), ...manager } };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/directReports`,
      needs,
      handle: (ctx) => {
        const users = ctx.core.state.collections.users;
        const ids = [...(users.lookup('manager/id', String(userOf(ctx).id)) ?? [])].map((pos) => String(users.get(pos).id));
        return objects(ctx, 'directoryObjects', ids);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/memberOf`,
      needs: NEEDS.groups,
      handle: (ctx) => objects(ctx, 'directoryObjects', ctx.core.pim.directory.directGroupsOf(String(userOf(ctx).id))),
    },
    {
      method: 'GET',
      pattern: `${base}/transitiveMemberOf`,
      needs: NEEDS.groups,
      handle: (ctx) => objects(ctx, 'directoryObjects', ctx.core.pim.directory.groupsOf(String(userOf(ctx).id))),
    },
    {
      method: 'GET',
      pattern: `${base}/mailboxSettings`,
      needs: NEEDS.mailboxSettings,
      handle: (ctx) => {
        const settings = (userOf(ctx).mailboxSettings as Rec | undefined) ?? DEFAULT_MAILBOX;
        return entityResult(ctx, `${fragment(ctx, '/mailboxSettings')}`, settings);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/mailboxSettings/automaticRepliesSetting`,
      needs: NEEDS.mailboxSettings,
      handle: (ctx) => {
        const settings = (userOf(ctx).mailboxSettings as Rec | undefined) ?? DEFAULT_MAILBOX;
        return entityResult(ctx, fragment(ctx, '/mailboxSettings/automaticRepliesSetting'), (settings.automaticRepliesSetting as Rec | undefined) ?? DEFAULT_MAILBOX.automaticRepliesSetting);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/presence`,
      needs: self ? NEEDS.myPresence : NEEDS.presence,
      handle: (ctx) => entityResult(ctx, `${fragment(ctx, '/presence')}`, presenceOf(ctx, String(userOf(ctx).id))),
    },
  ];
}

export function presenceOf(ctx: RouteContext, userId: string): Rec {
  const stored = ctx.core.state.collections.presences.find(userId);
  return stored ?? { id: userId, availability: 'PresenceUnknown', activity: 'PresenceUnknown', statusMessage: null };
}

function groupOf(ctx: RouteContext): Rec {
  const group = ctx.core.pim.directory.group(ctx.params.id!);
  if (!group) throw notFound(`Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`);
  return group;
}

function groupView(ctx: RouteContext, group: Rec): Rec {
  const base = without(group, 'members');
  if (!expandOf(ctx.query, 'members')) return base;
  return { ...base, members: ctx.core.pim.directory.directMembers(String(group.id)).map((id) => directoryObject(ctx, id)).filter(Boolean) };
}

export const directoryRoutes: Route[] = [
  { method: 'GET', pattern: '/users', needs: NEEDS.users, handle: (ctx) => collectionResult(ctx, ctx.core.state.collections.users, 'users', { view: (u) => userView(ctx, u) }) },
  ...userRoutes('/users/:id', NEEDS.users),
  ...userRoutes('/me', NEEDS.me),
  { method: 'GET', pattern: '/groups', needs: NEEDS.groups, handle: (ctx) => collectionResult(ctx, ctx.core.state.collections.groups, 'groups', { view: (g) => groupView(ctx, g) }) },
  { method: 'GET', pattern: '/groups/:id', needs: NEEDS.groups, handle: (ctx) => entityResult(ctx, 'groups', groupView(ctx, groupOf(ctx))) },
  {
    method: 'GET',
    pattern: '/groups/:id/members',
    needs: NEEDS.groups,
    handle: (ctx) => objects(ctx, 'directoryObjects', ctx.core.pim.directory.directMembers(String(groupOf(ctx).id))),
  },
  {
    method: 'GET',
    pattern: '/groups/:id/transitiveMembers',
    needs: NEEDS.groups,
    handle: (ctx) => objects(ctx, 'directoryObjects', ctx.core.pim.directory.transitiveMembers(String(groupOf(ctx).id))),
  },
  { method: 'GET', pattern: '/organization', needs: NEEDS.organization, handle: (ctx) => collectionResult(ctx, ctx.core.state.collections.organization, 'organization') },
  {
    method: 'GET',
    pattern: '/organization/:id',
    needs: NEEDS.organization,
    handle: (ctx) => {
      const org = ctx.core.state.collections.organization.find(ctx.params.id!);
      if (!org) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${ctx.params.id}' does not exist.`);
      return entityResult(ctx, 'organization', org);
    },
  },
];
