/**
 * `/auditLogs/directoryAudits`, `/auditLogs/signIns` (newest first, filtered on their date-time
 * through a time index) and `/identityProtection/riskyUsers`.
 */
import { notFound } from '../http.js';
import { NEEDS, type Requirement } from '../permissions.js';
import type { CollectionName } from '../state.js';
import { collectionResult, entityResult } from './respond.js';
import type { Route } from './router.js';

function listAndGet(path: string, name: CollectionName, needs: Requirement, maxPageSize: number): Route[] {
  const fragment = path.slice(1);
  return [
    { method: 'GET', pattern: path, needs, handle: (ctx) => collectionResult(ctx, ctx.core.state.collections[name], fragment, { maxPageSize }) },
    {
      method: 'GET',
      pattern: `${path}/:id`,
      needs,
      handle: (ctx) => {
        const record = ctx.core.state.collections[name].find(ctx.params.id!);
        if (!record) throw notFound(`Resource '${ctx.params.id}' does not exist.`, 'ResourceNotFound');
        return entityResult(ctx, fragment, record);
      },
    },
  ];
}

export const reportRoutes: Route[] = [
  ...listAndGet('/auditLogs/directoryAudits', 'audits', NEEDS.audit, 999),
  ...listAndGet('/auditLogs/signIns', 'signIns', NEEDS.audit, 1000),
  ...listAndGet('/identityProtection/riskyUsers', 'riskyUsers', NEEDS.riskyUsers, 999),
];
