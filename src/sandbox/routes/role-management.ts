/**
 * `/roleManagement/directory/...`: role definitions, role assignments, eligibility and assignment
 * schedules and instances, and the schedule requests through which PIM activations are made.
 */
import { badRequest, GraphError, notFound, type GraphResult } from '../http.js';
import { readPath } from '../odata/evaluate.js';
import { expandOf } from '../odata/options.js';
import { NEEDS } from '../permissions.js';
import type { Collection, Rec } from '../store/collection.js';
import type { CollectionName } from '../state.js';
import { collectionResult, entityResult, without } from './respond.js';
import type { Route, RouteContext } from './router.js';

const BASE = '/roleManagement/directory';

/** Adds `principal` and `roleDefinition` when asked for with $expand. */
export function expandRoleLinks(ctx: RouteContext, record: Rec): Rec {
  let out = record;
  if (expandOf(ctx.query, 'principal')) {
    const id = String(record.principalId);
    const user = ctx.core.pim.directory.user(id);
    const group = user ? undefined : ctx.core.pim.directory.group(id);
    const principal = user
      ? { '@odata.type': '#microsoft.graph.user', ...without(user, 'manager', 'mailboxSettings') }
      : group
        ? { '@odata.type': '#microsoft.graph.group', ...without(group, 'members') }
        : null;
    out = { ...out, principal };
  }
  if (expandOf(ctx.query, 'roleDefinition')) out = { ...out, roleDefinition: roleView(ctx, ctx.core.state.collections.roleDefinitions.find(String(record.roleDefinitionId)) ?? null) };
  return out;
}

function roleView(ctx: RouteContext, role: Rec | null): Rec | null {
  if (!role) return null;
  return ctx.req.version === 'v1.0' ? without(role, 'isPrivileged') : role;
}

function currentUser(ctx: RouteContext): string {
  if (ctx.caller.kind !== 'user') throw badRequest('filterByCurrentUser is only valid with a delegated (user) token.');
  return ctx.caller.id;
}

/** Positions of records whose principal is the caller or a group the caller belongs to. */
function mine(ctx: RouteContext, c: Collection, withGroups: boolean): Int32Array[] {
  const me = currentUser(ctx);
  const ids = withGroups ? [me, ...ctx.core.pim.directory.groupsOf(me)] : [me];
  return ids.map((id) => c.lookup('principalId', id) ?? new Int32Array(0));
}

function onParam(ctx: RouteContext, allowed: string[]): string {
  const on = (ctx.params.on ?? '').toLowerCase();
  if (!allowed.includes(on)) throw badRequest(`The value '${ctx.params.on ?? ''}' is not valid for parameter 'on'.`);
  return on;
}

/** List, get-by-id and filterByCurrentUser(on='principal') for a schedule or instance collection. */
function scheduleRoutes(segment: string, name: CollectionName, needs: Route['needs'], withGroups: boolean): Route[] {
  const path = `${BASE}/${segment}`;
  const fragment = `roleManagement/directory/${segment}`;
  const of = (ctx: RouteContext) => ctx.core.state.collections[name];
  const view = (ctx: RouteContext) => (r: Rec) => expandRoleLinks(ctx, r);
  return [
    { method: 'GET', pattern: path, needs, handle: (ctx) => collectionResult(ctx, of(ctx), fragment, { view: view(ctx) }) },
    {
      method: 'GET',
      pattern: `${path}/filterByCurrentUser(on=':on')`,
      needs,
      handle: (ctx) => {
        onParam(ctx, ['principal']);
        return collectionResult(ctx, of(ctx), fragment, { candidates: mine(ctx, of(ctx), withGroups), view: view(ctx) });
      },
    },
    {
      method: 'GET',
      pattern: `${path}/:id`,
      needs,
      handle: (ctx) => {
        const r = of(ctx).find(ctx.params.id!);
        if (!r) throw notFound(`No ${segment} with id '${ctx.params.id}' was found.`, 'ResourceNotFound');
        return entityResult(ctx, fragment, expandRoleLinks(ctx, r));
      },
    },
  ];
}

const REQUESTS = `${BASE}/roleAssignmentScheduleRequests`;
const REQUESTS_FRAGMENT = 'roleManagement/directory/roleAssignmentScheduleRequests';

function requestRoutes(): Route[] {
  const of = (ctx: RouteContext) => ctx.core.state.collections.requests;
  const view = (ctx: RouteContext) => (r: Rec) => expandRoleLinks(ctx, r);
  return [
    { method: 'GET', pattern: REQUESTS, needs: NEEDS.requestsRead, handle: (ctx) => collectionResult(ctx, of(ctx), REQUESTS_FRAGMENT, { view: view(ctx) }) },
    {
      method: 'GET',
      pattern: `${REQUESTS}/filterByCurrentUser(on=':on')`,
      needs: NEEDS.requestsWrite,
      handle: (ctx): GraphResult => {
        const on = onParam(ctx, ['principal', 'approver', 'createdby']);
        const me = currentUser(ctx).toLowerCase();
        const requests = of(ctx);
        if (on === 'approver') {
          const roles = new Set(ctx.core.pim.rolesApprovedBy(me).map((r) => r.toLowerCase()));
          const candidates = [...roles].map((role) => requests.lookup('roleDefinitionId', role) ?? new Int32Array(0));
          const where = (r: Rec) => String(r.principalId).toLowerCase() !== me && roles.has(String(r.roleDefinitionId).toLowerCase());
          return collectionResult(ctx, requests, REQUESTS_FRAGMENT, { candidates, where, view: view(ctx) });
        }
        if (on === 'createdby') {
          const where = (r: Rec) => String(readPath(r, 'createdBy/user/id')).toLowerCase() === me;
          return collectionResult(ctx, requests, REQUESTS_FRAGMENT, { where, view: view(ctx) });
        }
        const candidates = [requests.lookup('principalId', me) ?? new Int32Array(0)];
        return collectionResult(ctx, requests, REQUESTS_FRAGMENT, { candidates, view: view(ctx) });
      },
    },
    {
      method: 'GET',
      pattern: `${REQUESTS}/:id`,
      needs: NEEDS.requestsRead,
      handle: (ctx) => {
        const r = of(ctx).find(ctx.params.id!);
        if (!r) throw new GraphError(404, 'RoleAssignmentRequestNotFound', `The role assignment request '${ctx.params.id}' was not found.`);
        return entityResult(ctx, REQUESTS_FRAGMENT, expandRoleLinks(ctx, r));
      },
    },
    {
      method: 'POST',
      pattern: REQUESTS,
      needs: NEEDS.requestsWrite,
      handle: (ctx) => {
        if (!ctx.req.body || typeof ctx.req.body !== 'object') throw badRequest('The request body is missing or is not a JSON object.');
        const created = ctx.core.pim.submit(ctx.caller, ctx.req.body as Rec, ctx.req.clientRequestId);
        return entityResult(ctx, REQUESTS_FRAGMENT, created, 201);
      },
    },
    {
      method: 'POST',
      pattern: `${REQUESTS}/:id/cancel`,
      needs: NEEDS.requestsWrite,
      handle: (ctx) => {
        ctx.core.pim.cancel(ctx.caller, ctx.params.id!, ctx.req.clientRequestId);
        return { status: 204 };
      },
    },
  ];
}

function listAndGet(segment: string, name: CollectionName, needs: Route['needs'], view: (ctx: RouteContext, r: Rec) => Rec): Route[] {
  const path = `${BASE}/${segment}`;
  const fragment = `roleManagement/directory/${segment}`;
  return [
    { method: 'GET', pattern: path, needs, handle: (ctx) => collectionResult(ctx, ctx.core.state.collections[name], fragment, { view: (r) => view(ctx, r) }) },
    {
      method: 'GET',
      pattern: `${path}/:id`,
      needs,
      handle: (ctx) => {
        const r = ctx.core.state.collections[name].find(ctx.params.id!);
        if (!r) throw notFound(`Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`);
        return entityResult(ctx, fragment, view(ctx, r));
      },
    },
  ];
}

export const roleManagementRoutes: Route[] = [
  ...listAndGet('roleDefinitions', 'roleDefinitions', NEEDS.roleDefinitions, (ctx, r) => roleView(ctx, r)!),
  ...listAndGet('roleAssignments', 'roleAssignments', NEEDS.roleAssignments, expandRoleLinks),
  ...requestRoutes(),
  ...scheduleRoutes('roleEligibilitySchedules', 'eligibilitySchedules', NEEDS.eligibilityRead, true),
  ...scheduleRoutes('roleEligibilityScheduleInstances', 'eligibilityInstances', NEEDS.eligibilityRead, true),
  ...scheduleRoutes('roleAssignmentSchedules', 'assignmentSchedules', NEEDS.assignmentsRead, true),
  ...scheduleRoutes('roleAssignmentScheduleInstances', 'assignmentInstances', NEEDS.assignmentsRead, true),
];
