/** Presence: the bulk `getPresencesByUserId` call and single presences by user id. */
import { badRequest } from '../http.js';
import { NEEDS } from '../permissions.js';
import { presenceOf } from './directory.js';
import { arrayResult, entityResult, valueResult } from './respond.js';
import type { Route } from './router.js';

const MAX_IDS = 650;

export const communicationsRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/communications/getPresencesByUserId',
    needs: NEEDS.presence,
    handle: (ctx) => {
      const ids = (ctx.req.body as { ids?: unknown } | undefined)?.ids;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw badRequest("The request body must carry 'ids', an array of user ids.");
      if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids can be requested at once.`);
      const known = (ids as string[]).filter((id) => ctx.core.pim.directory.user(id));
      return valueResult(ctx, 'Collection(microsoft.graph.presence)', known.map((id) => presenceOf(ctx, id)));
    },
  },
  {
    method: 'GET',
    pattern: '/communications/presences',
    needs: NEEDS.presence,
    handle: (ctx) => {
      const presences = ctx.core.state.collections.presences;
      return arrayResult(ctx, 'communications/presences', [...presences.scan()].map((pos) => presences.get(pos)));
    },
  },
  { method: 'GET', pattern: '/communications/presences/:id', needs: NEEDS.presence, handle: (ctx) => entityResult(ctx, 'communications/presences', presenceOf(ctx, ctx.params.id!)) },
];
