/** Who is calling Graph, as read from a verified access token. */
import type { AccessClaims } from './tokens.js';

export interface Caller {
  kind: 'app' | 'user';
  /** The token's oid: a user id, or the app's service principal id. */
  id: string;
  appId: string;
  appDisplayName: string;
  upn: string | null;
  amr: string[];
  acrs: string[];
  permissions: Set<string>;
  ipAddress: string;
}

export function callerFrom(claims: AccessClaims, ipAddress: string): Caller {
  const isApp = claims.idtyp === 'app';
  const permissions = new Set(isApp ? (claims.roles ?? []) : (claims.scp ?? '').split(' ').filter(Boolean));
  return {
    kind: isApp ? 'app' : 'user',
    id: claims.oid,
    appId: claims.appid,
    appDisplayName: typeof claims.app_displayname === 'string' ? claims.app_displayname : claims.appid,
    upn: claims.upn ?? null,
    amr: claims.amr ?? [],
    acrs: Array.isArray(claims.acrs) ? (claims.acrs as string[]) : [],
    permissions,
    ipAddress,
  };
}
