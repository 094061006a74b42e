/**
 * The identity platform side of the sandbox: `/{tenant}/oauth2/v2.0/token` with client
 * credentials, password (ROPC), on-behalf-of, refresh and authorization code (PKCE) grants, the
 * authorize endpoint that hands out the codes (authorize.ts), plus the JWKS and OpenID
 * configuration clients use to verify tokens. Errors come back in the AADSTS shape.
 *
 * Sandbox extras on the password grant: `sandbox_amr` (e.g. `pwd`, to get a token without MFA)
 * and `sandbox_acrs` (authentication context claims).
 */
import { randomUUID } from 'node:crypto';
import { AuthorizeEndpoint, pkceChallenge } from './authorize.js';
import type { Rec } from './store/collection.js';
import { APP_ROLES, DELEGATED_SCOPES } from './permissions.js';
import type { Pim } from './pim/engine.js';
import { GRAPH_RESOURCE, stableGuid, TokenProblem, type AccessClaims, type TokenIssuer } from './tokens.js';

export interface AuthSettings {
  tenantId: string;
  domains: string[];
  clientSecret: string;
  userPassword: string;
  issuer: TokenIssuer;
  pim: Pim;
  baseUrl(): string;
}

export interface AuthResult {
  status: number;
  body: unknown;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, '00000003-0000-0000-c000-000000000000/'];

function aadError(status: number, error: string, code: number, message: string): AuthResult {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

/** The resource (token audience) and permission names a scope parameter asks for. */
function resolveScopes(scope: string, available: string[]): { audience: string; granted: string[]; requested: string[] } {
  const requested = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  let audience = GRAPH_RESOURCE;
  const names: string[] = [];
  for (const s of requested) {
    const graphPrefix = GRAPH_PREFIXES.find((p) => s.toLowerCase().startsWith(p.toLowerCase()));
    if (graphPrefix) names.push(s.slice(graphPrefix.length));
    else if (s.includes('/')) {
      const cut = s.lastIndexOf('/');
      audience = s.slice(0, cut);
      names.push(s.slice(cut + 1));
    } else names.push(s);
  }
  if (audience !== GRAPH_RESOURCE) return { audience, granted: names.filter((n) => n !== '.default'), requested };
  if (names.length === 0 || names.includes('.default')) return { audience, granted: available, requested };
  const lower = new Map(available.map((a) => [a.toLowerCase(), a]));
  return { audience, granted: names.map((n) => lower.get(n.toLowerCase())).filter((n): n is string => !!n), requested };
}

export class TokenEndpoint {
  /** The browser half of the authorization code flow; its codes are redeemed here. */
  readonly authorize: AuthorizeEndpoint;

  constructor(private readonly s: AuthSettings) {
    this.authorize = new AuthorizeEndpoint({ userPassword: s.userPassword, pim: s.pim, knowsTenant: (t) => this.knowsTenant(t) });
  }

  knowsTenant(tenant: string): boolean {
    const t = tenant.toLowerCase();
    return t === this.s.tenantId.toLowerCase() || t === 'organizations' || t === 'common' || this.s.domains.includes(t);
  }

  openIdConfiguration(): Rec {
    const base = `${this.s.baseUrl()}/${this.s.tenantId}`;
    return {
      issuer: this.s.issuer.issuer,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'token'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'sandbox',
    };
  }

  instanceDiscovery(): Rec {
    const host = new URL(this.s.baseUrl()).host;
    return {
      tenant_discovery_endpoint: `${this.s.baseUrl()}/${this.s.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  async token(tenant: string, form: URLSearchParams, basicAuth: { id: string; secret: string } | undefined, ip: string): Promise<AuthResult> {
    if (!this.knowsTenant(tenant)) return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    const grant = form.get('grant_type');
    const clientId = form.get('client_id') ?? basicAuth?.id;
    const secret = form.get('client_secret') ?? basicAuth?.secret;
    if (!grant) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    if (!clientId) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    const badSecret = () =>
      aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    const needSecret = () => {
      if (secret === undefined || secret === null) return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
      return secret === this.s.clientSecret ? undefined : badSecret();
    };
    switch (grant) {
      case 'client_credentials': {
        const problem = needSecret();
        if (problem) return problem;
        const scope = form.get('scope') ?? '';
        if (!scope) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
        if (!scope.trim().endsWith('/.default')) {
          return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
        }
        const { audience } = resolveScopes(scope, []);
        const claims = {
          tid: this.s.tenantId,
          oid: stableGuid(`sp:${clientId}`),
          idtyp: 'app',
          appid: clientId,
          azp: clientId,
          app_displayname: 'PIM Copilot',
          roles: audience === GRAPH_RESOURCE ? APP_ROLES : [],
        };
        return this.issue(claims, audience, undefined, false);
      }
      case 'password': {
        if (secret !== undefined && secret !== null && secret !== this.s.clientSecret) return badSecret();
        const username = form.get('username') ?? '';
        const user = username ? this.s.pim.directory.user(username) : undefined;
        if (!user) return aadError(400, 'invalid_grant', 50034, `The user account ${username} does not exist in the ${this.s.tenantId} directory. To sign into this application, the account must be added to the directory.`);
        if (user.accountEnabled === false) return aadError(400, 'invalid_grant', 50057, 'The user account is disabled.');
        if (form.get('password') !== this.s.userPassword) return aadError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
        const amr = (form.get('sandbox_amr') ?? 'pwd,mfa').split(/[\s,]+/).filter(Boolean);
        const acrs = (form.get('sandbox_acrs') ?? '').split(/[\s,]+/).filter(Boolean);
        return this.userTokens(user, clientId, form.get('scope') ?? '.default', amr, acrs, ip, form.get('client_info') === '1');
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        const problem = needSecret();
        if (problem) return problem;
        const assertion = form.get('assertion');
        if (!assertion) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'assertion'.");
        let incoming: AccessClaims;
        try {
          incoming = await this.s.issuer.verify(assertion);
        } catch (err) {
          if (err instanceof TokenProblem && /expired/.test(err.message)) return aadError(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.');
          return aadError(400, 'invalid_grant', 50013, 'Assertion failed signature validation.');
        }
        const user = incoming.idtyp === 'user' && incoming.typ_sandbox !== 'refresh' ? this.s.pim.directory.user(incoming.oid) : undefined;
        if (!user) return aadError(400, 'invalid_grant', 50013, 'Assertion is not a token of a signed-in user.');
        return this.userTokens(user, clientId, form.get('scope') ?? '.default', incoming.amr ?? ['pwd'], (incoming.acrs as string[] | undefined) ?? [], ip, false);
      }
      case 'authorization_code': {
        const problem = needSecret();
        if (problem) return problem;
        const code = form.get('code');
        if (!code) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
        const taken = this.authorize.take(code);
        if (!taken.ok) {
          if (taken.why === 'used') return aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
          if (taken.why === 'expired') return aadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
          return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        }
        const { grant: g } = taken;
        if (g.clientId.toLowerCase() !== clientId.toLowerCase()) return aadError(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid. The code was issued to another client.");
        if (form.get('redirect_uri') !== g.redirectUri) return aadError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting Authorization code.');
        const verifier = form.get('code_verifier');
        if (!verifier) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code_verifier'.");
        if (pkceChallenge(verifier) !== g.codeChallenge) return aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
        const user = this.s.pim.directory.user(g.userId);
        if (!user || user.accountEnabled === false) return aadError(400, 'invalid_grant', 50057, 'The user account is disabled.');
        return this.userTokens(user, clientId, form.get('scope') ?? g.scope, g.amr, [], ip, form.get('client_info') === '1', g.nonce);
      }
      case 'refresh_token': {
        if (secret !== undefined && secret !== null && secret !== this.s.clientSecret) return badSecret();
        let incoming: AccessClaims | undefined;
        try {
          incoming = await this.s.issuer.verify(form.get('refresh_token') ?? '');
        } catch {
          incoming = undefined;
        }
        const user = incoming?.typ_sandbox === 'refresh' ? this.s.pim.directory.user(incoming.oid) : undefined;
        if (!user || !incoming) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        return this.userTokens(user, clientId, form.get('scope') ?? String(incoming.scope_sandbox ?? '.default'), incoming.amr ?? ['pwd'], [], ip, form.get('client_info') === '1');
      }
      default:
        return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
    }
  }

  private async userTokens(user: Rec, clientId: string, scope: string, amr: string[], acrs: string[], ip: string, clientInfo: boolean, nonce?: string): Promise<AuthResult> {
    const { audience, granted, requested } = resolveScopes(scope, DELEGATED_SCOPES);
    const oid = String(user.id);
    const instances = this.s.pim.state.collections.assignmentInstances;
    const wids = [...new Set([...(instances.lookup('principalId', oid) ?? [])].map((pos) => String(instances.get(pos).roleDefinitionId)))];
    const claims: Rec = {
      tid: this.s.tenantId,
      oid,
      idtyp: 'user',
      appid: clientId,
      azp: clientId,
      app_displayname: 'PIM Copilot',
      scp: granted.join(' '),
      upn: user.userPrincipalName,
      unique_name: user.userPrincipalName,
      preferred_username: user.userPrincipalName,
      name: user.displayName,
      given_name: user.givenName,
      family_name: user.surname,
      amr,
      ipaddr: ip,
      wids,
    };
    if (acrs.length > 0) claims.acrs = acrs;
    const withRefresh = scope.split(/\s+/).includes('offline_access');
    const result = await this.issue(claims, audience, { scope, withRefresh, requested, nonce }, true);
    const body = result.body as Rec;
    if (clientInfo) body.client_info = Buffer.from(JSON.stringify({ uid: oid, utid: this.s.tenantId })).toString('base64url');
    return result;
  }

  private async issue(claims: Rec, audience: string, user: { scope: string; withRefresh: boolean; requested: string[]; nonce?: string } | undefined, idToken: boolean): Promise<AuthResult> {
    const issuer = this.s.issuer;
    const body: Rec = {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: await issuer.sign(claims, audience),
    };
    if (user) {
      body.scope = user.requested.length > 0 ? user.requested.join(' ') : String(claims.scp ?? '');
      if (user.withRefresh) body.refresh_token = await issuer.sign({ oid: claims.oid, tid: claims.tid, idtyp: 'user', amr: claims.amr, typ_sandbox: 'refresh', scope_sandbox: user.scope }, String(claims.appid), 90 * 86400);
      if (idToken && /\bopenid\b/.test(user.scope)) {
        const nonce = user.nonce === undefined ? {} : { nonce: user.nonce };
        body.id_token = await issuer.sign({ oid: claims.oid, tid: claims.tid, name: claims.name, preferred_username: claims.preferred_username, ver: '2.0', ...nonce }, String(claims.appid));
      }
    }
    return { status: 200, body };
  }
}
