/**
 * The sandbox's signing authority: an RS256 key pair made at start, JWT issuing, verification
 * (cached, since benchmarks present the same token thousands of times) and the published JWKS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);

export interface AccessClaims extends JWTPayload {
  tid: string;
  oid: string;
  idtyp: 'app' | 'user';
  appid: string;
  roles?: string[];
  scp?: string;
  upn?: string;
  amr?: string[];
  name?: string;
  /** Marks a refresh token, which is never accepted as an access token. */
  typ_sandbox?: 'refresh';
}

/** A GUID derived from a name, so a client id always maps to the same service principal. */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

let keyPair: ReturnType<typeof generateKeyPair> | undefined;

export class TokenIssuer {
  private baseUrl = '';
  private readonly cache = new Map<string, AccessClaims>();

  private constructor(
    readonly tenantId: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  static async create(tenantId: string): Promise<TokenIssuer> {
    // One key pair per process: RSA generation costs up to a few hundred ms, and the issuer
    // (which carries the sandbox's port) already keeps sandboxes' tokens apart.
    keyPair ??= generateKeyPair('RS256');
    const { privateKey, publicKey } = await keyPair;
    const jwk = await exportJWK(publicKey);
    const kid = createHash('sha256').update(JSON.stringify(jwk)).digest('base64url').slice(0, 27);
    return new TokenIssuer(tenantId, privateKey, publicKey, { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid);
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  get issuer(): string {
    return `${this.baseUrl}/${this.tenantId}/v2.0`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async sign(claims: Record<string, unknown>, audience: string, lifetimeSeconds = 3600): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ver: '2.0', uti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(String(claims.oid ?? claims.sub ?? ''))
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer and lifetime; throws with a message suited to the caller. */
  async verify(token: string): Promise<AccessClaims> {
    const cached = this.cache.get(token);
    if (cached) {
      if ((cached.exp ?? 0) * 1000 <= Date.now()) throw new TokenProblem('Lifetime validation failed, the token is expired.');
      return cached;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'] }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenProblem('Lifetime validation failed, the token is expired.');
      if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') throw new TokenProblem('IDX14100: JWT is not well formed.');
      throw new TokenProblem('Access token validation failure. Invalid signature.');
    }
    const claims = payload as AccessClaims;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, claims);
    return claims;
  }

  /** Like verify, and the token must be for Graph and this tenant. */
  async verifyGraph(token: string): Promise<AccessClaims> {
    const claims = await this.verify(token);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.typ_sandbox === 'refresh' || !aud.some((a) => a !== undefined && GRAPH_AUDIENCES.has(a))) {
      throw new TokenProblem('Access token validation failure. Invalid audience.');
    }
    if (claims.tid !== this.tenantId) throw new TokenProblem('Access token validation failure. Invalid tenant.');
    return claims;
  }
}

export class TokenProblem extends Error {}
