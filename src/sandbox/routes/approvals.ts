/**
 * Beta `/roleManagement/directory/roleAssignmentApprovals`: the approval of a request (its id is
 * the request id) with one step (same id), read by approvers and decided with PATCH. v1.0 has no
 * such segment, so these routes exist on beta only.
 */
import { badRequest, notFound } from '../http.js';
import { expandOf } from '../odata/options.js';
import { NEEDS } from '../permissions.js';
import type { Rec } from '../store/collection.js';
import { collectionResult, entityResult, valueResult, without } from './respond.js';
import type { Route, RouteContext } from './router.js';

const PATH = '/roleManagement/directory/roleAssignmentApprovals';
const FRAGMENT = 'roleManagement/directory/roleAssignmentApprovals';

/** Steps as the caller sees them: `assignedToMe` is true for the role's approvers, never the requester. */
function stepsFor(ctx: RouteContext, approval: Rec): Rec[] {
  const request = ctx.core.state.collections.requests.find(String(approval.id));
  const me = ctx.caller.kind === 'user' ? ctx.caller.id.toLowerCase() : null;
  const mine =
    me !== null &&
    request !== undefined &&
    String(request.principalId).toLowerCase() !== me &&
    ctx.core.pim.approvers(String(request.roleDefinitionId)).has(me);
  return ((approval.steps as Rec[] | undefined) ?? []).map((s) => ({ ...s, assignedToMe: mine }));
}

function view(ctx: RouteContext, approval: Rec): Rec {
  const base = without(approval, 'steps');
  return expandOf(ctx.query, 'steps') ? { ...base, steps: stepsFor(ctx, approval) } : base;
}

function approvalOf(ctx: RouteContext): Rec {
  const approval = ctx.core.state.collections.approvals.find(ctx.params.id!);
  if (!approval) throw notFound(`The approval '${ctx.params.id}' was not found.`, 'ResourceNotFound');
  return approval;
}

function stepOf(ctx: RouteContext): Rec {
  const step = stepsFor(ctx, approvalOf(ctx)).find((s) => String(s.id).toLowerCase() === ctx.params.stepId!.toLowerCase());
  if (!step) throw notFound(`The approval step '${ctx.params.stepId}' was not found.`, 'ResourceNotFound');
  return step;
}

export const approvalRoutes: Route[] = [
  {
    method: 'GET',
    pattern: PATH,
    versions: ['beta'],
    needs: NEEDS.approvalsRead,
    handle: (ctx) => collectionResult(ctx, ctx.core.state.collections.approvals, FRAGMENT, { view: (a) => view(ctx, a) }),
  },
  { method: 'GET', pattern: `${PATH}/:id`, versions: ['beta'], needs: NEEDS.approvalsRead, handle: (ctx) => entityResult(ctx, FRAGMENT, view(ctx, approvalOf(ctx))) },
  {
    method: 'GET',
    pattern: `${PATH}/:id/steps`,
    versions: ['beta'],
    needs: NEEDS.approvalsRead,
    handle: (ctx) => valueResult(ctx, `${FRAGMENT}('${ctx.params.id}')/steps`, stepsFor(ctx, approvalOf(ctx))),
  },
  {
    method: 'GET',
    pattern: `${PATH}/:id/steps/:stepId`,
    versions: ['beta'],
    needs: NEEDS.approvalsRead,
    handle: (ctx) => entityResult(ctx, `${FRAGMENT}('${ctx.params.id}')/steps`, stepOf(ctx)),
  },
  {
    method: 'PATCH',
    pattern: `${PATH}/:id/steps/:stepId`,
    versions: ['beta'],
    needs: NEEDS.approvalsWrite,
    handle: (ctx) => {
      if (!ctx.req.body || typeof ctx.req.body !== 'object') throw badRequest('The request body is missing or is not a JSON object.');
      ctx.core.pim.decide(ctx.caller, ctx.params.id!, ctx.params.stepId!, ctx.req.body as Rec, ctx.req.clientRequestId);
      return { status: 204 };
    },
  },
];
