/**
 * `/policies/roleManagementPolicies` and `/policies/roleManagementPolicyAssignments`: each role's
 * policy with its rules, which Graph returns only on `$expand=rules` (or `policy($expand=rules)`).
 */
import { badRequest, notFound } from '../http.js';
import type { Expr } from '../odata/filter.js';
import { expandOf, type ExpandItem } from '../odata/options.js';
import { NEEDS } from '../permissions.js';
import type { Rec } from '../store/collection.js';
import { collectionResult, entityResult, valueResult, without } from './respond.js';
import type { Route, RouteContext } from './router.js';

const POLICIES = '/policies/roleManagementPolicies';
const ASSIGNMENTS = '/policies/roleManagementPolicyAssignments';

function policyView(policy: Rec, expand: ExpandItem | undefined): Rec {
  const base = without(policy, 'rules', 'effectiveRules');
  if (!expand) return base;
  const rules = expandOf(expand, 'rules') ? { rules: policy.rules ?? [] } : {};
  const effective = expandOf(expand, 'effectiveRules') ? { effectiveRules: policy.rules ?? [] } : {};
  return { ...base, ...rules, ...effective };
}

/** Graph calls directory-role policies' scope `Directory` or `DirectoryRole`; a filter on either finds both. */
function widenScopeType(expr: Expr): Expr {
  switch (expr.kind) {
    case 'binary': {
      const isScope = expr.left.kind === 'path' && expr.left.segments.join('/').toLowerCase() === 'scopetype';
      const lit = expr.right.kind === 'literal' && typeof expr.right.value === 'string' ? expr.right.value.toLowerCase() : null;
      if (expr.op === 'eq' && isScope && (lit === 'directory' || lit === 'directoryrole')) {
        return { kind: 'in', left: expr.left, items: [{ kind: 'literal', value: 'Directory' }, { kind: 'literal', value: 'DirectoryRole' }] };
      }
      return { ...expr, left: widenScopeType(expr.left), right: widenScopeType(expr.right) };
    }
    case 'not':
      return { ...expr, operand: widenScopeType(expr.operand) };
    default:
      return expr;
  }
}

/** Graph insists on a filter naming the scope of the policies wanted. */
function scopedQuery(ctx: RouteContext): RouteContext {
  const text = (ctx.req.params.get('$filter') ?? ctx.req.params.get('filter') ?? '').toLowerCase();
  if (!ctx.query.filter || !text.includes('scopeid') || !text.includes('scopetype')) {
    throw badRequest("The filter must specify 'scopeId' and 'scopeType'.");
  }
  return { ...ctx, query: { ...ctx.query, filter: widenScopeType(ctx.query.filter) } };
}

function policyOf(ctx: RouteContext): Rec {
  const policy = ctx.core.state.collections.policies.find(ctx.params.id!);
  if (!policy) throw notFound(`The role management policy '${ctx.params.id}' was not found.`, 'ResourceNotFound');
  return policy;
}

const rulesFragment = (ctx: RouteContext) => `policies/roleManagementPolicies('${ctx.params.id}')/rules`;

export const policyRoutes: Route[] = [
  {
    method: 'GET',
    pattern: POLICIES,
    needs: NEEDS.policiesRead,
    handle: (ctx) => {
      const scoped = scopedQuery(ctx);
      const expand = { name: 'policy', expand: ctx.query.expand };
      return collectionResult(scoped, ctx.core.state.collections.policies, 'policies/roleManagementPolicies', { view: (p) => policyView(p, expand) });
    },
  },
  {
    method: 'GET',
    pattern: `${POLICIES}/:id`,
    needs: NEEDS.policiesRead,
    handle: (ctx) => entityResult(ctx, 'policies/roleManagementPolicies', policyView(policyOf(ctx), { name: 'policy', expand: ctx.query.expand })),
  },
  { method: 'GET', pattern: `${POLICIES}/:id/rules`, needs: NEEDS.policiesRead, handle: (ctx) => valueResult(ctx, rulesFragment(ctx), (policyOf(ctx).rules as Rec[]) ?? []) },
  { method: 'GET', pattern: `${POLICIES}/:id/effectiveRules`, needs: NEEDS.policiesRead, handle: (ctx) => valueResult(ctx, rulesFragment(ctx), (policyOf(ctx).rules as Rec[]) ?? []) },
  {
    method: 'GET',
    pattern: `${POLICIES}/:id/rules/:ruleId`,
    needs: NEEDS.policiesRead,
    handle: (ctx) => {
      const rule = ((policyOf(ctx).rules as Rec[]) ?? []).find((r) => String(r.id).toLowerCase() === ctx.params.ruleId!.toLowerCase());
      if (!rule) throw notFound(`The rule '${ctx.params.ruleId}' was not found.`, 'ResourceNotFound');
      return entityResult(ctx, rulesFragment(ctx), rule);
    },
  },
  {
    method: 'GET',
    pattern: ASSIGNMENTS,
    needs: NEEDS.policiesRead,
    handle: (ctx) => {
      const scoped = scopedQuery(ctx);
      const expand = expandOf(ctx.query, 'policy');
      const policies = ctx.core.state.collections.policies;
      const view = (a: Rec): Rec => {
        if (!expand) return a;
        const policy = policies.find(String(a.policyId));
        return { ...a, policy: policy ? policyView(policy, expand) : null };
      };
      return collectionResult(scoped, ctx.core.state.collections.policyAssignments, 'policies/roleManagementPolicyAssignments', { view });
    },
  },
  {
    method: 'GET',
    pattern: `${ASSIGNMENTS}/:id`,
    needs: NEEDS.policiesRead,
    handle: (ctx) => {
      const a = ctx.core.state.collections.policyAssignments.find(ctx.params.id!);
      if (!a) throw notFound(`The policy assignment '${ctx.params.id}' was not found.`, 'ResourceNotFound');
      const expand = expandOf(ctx.query, 'policy');
      const policy = expand ? ctx.core.state.collections.policies.find(String(a.policyId)) : undefined;
      return entityResult(ctx, 'policies/roleManagementPolicyAssignments', expand ? { ...a, policy: policy ? policyView(policy, expand) : null } : a);
    },
  },
];
