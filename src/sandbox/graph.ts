/**
 * One Graph call from start to answer: lazy PIM timers, bearer-token check (401), route match
 * (400 for unknown segments), permission check (403), query options, and the route itself, with
 * every failure in Graph's error shape.
 */
import { callerFrom } from './caller.js';
import { errorResult, GraphError, type GraphRequest, type GraphResult } from './http.js';
import { logger } from '../log.js';
import { parseQuery, QueryError } from './odata/options.js';
import { missingPermission } from './permissions.js';
import {
  approvalRoutes,
  batchRoutes,
  communicationsRoutes,
  directoryRoutes,
  policyRoutes,
  reportRoutes,
  roleManagementRoutes,
  Router,
  teamsRoutes,
  type Core,
} from './routes/index.js';
import { TokenProblem, type TokenIssuer } from './tokens.js';

export function graphRouter(): Router {
  return new Router()
    .add(roleManagementRoutes)
    .add(approvalRoutes)
    .add(policyRoutes)
    .add(directoryRoutes)
    .add(reportRoutes)
    .add(communicationsRoutes)
    .add(teamsRoutes)
    .add(batchRoutes);
}

const WWW_AUTHENTICATE = 'Bearer realm="", authorization_uri="/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': WWW_AUTHENTICATE });
}

export async function runGraph(core: Core, router: Router, issuer: TokenIssuer, req: GraphRequest): Promise<GraphResult> {
  try {
    core.pim.sweep();
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token) throw unauthorized('Access token is empty.');
    let claims;
    try {
      claims = await issuer.verifyGraph(token);
    } catch (err) {
      if (err instanceof TokenProblem) throw unauthorized(err.message);
      throw err;
    }
    const caller = callerFrom(claims, req.remoteAddress);
    const match = router.match(req.method, req.version, req.path);
    if ('error' in match) {
      if (match.error === 'method') throw new GraphError(405, 'Request_BadRequest', `The HTTP method '${req.method}' is not allowed for this resource.`);
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${match.segment}'.`);
    }
    const missing = missingPermission(match.route.needs, caller.kind === 'app', caller.permissions);
    if (missing) {
      const message =
        missing.length === 0
          ? 'This operation does not support app-only (application) tokens.'
          : `Insufficient privileges to complete the operation. User needs one of the following permissions for this action : ${missing.join(',')}`;
      throw new GraphError(403, 'Authorization_RequestDenied', message);
    }
    const query = parseQuery(req.params);
    return await match.route.handle({ core, req, params: match.params, caller, query });
  } catch (err) {
    if (err instanceof GraphError) return errorResult(err, req);
    if (err instanceof QueryError) return errorResult(new GraphError(400, 'BadRequest', err.message), req);
    logger.error({ err, path: req.path }, 'sandbox: unexpected error');
    return errorResult(new GraphError(500, 'InternalServerError', 'An unexpected error occurred in the sandbox.'), req);
  }
}
