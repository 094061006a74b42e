/**
 * A `TokenCredential` for the local sandbox tenant. MSAL (inside @azure/identity) refuses http://
 * authorities, so local runs get their tokens from the sandbox's token endpoint with this instead.
 * Same wire format as Entra's v2 endpoint: client credentials, password (ROPC) and on-behalf-of.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { RETRYABLE_STATUS, retryDelayMs, sleep, type RetryPolicy } from './backoff.js';
import { parseRetryAfterMs } from './errors.js';

export type SandboxGrant =
  | { kind: 'clientCredentials' }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'onBehalfOf'; assertion: string };

export interface SandboxCredentialOptions {
  /** The sandbox root, e.g. `http://127.0.0.1:5100`. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  grant: SandboxGrant;
  /** The token endpoint is throttled like Graph (the sandbox's faults reach it too). */
  retry?: RetryPolicy;
}

const REFRESH_MARGIN_MS = 60_000;
const TOKEN_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

export class SandboxCredential implements TokenCredential {
  private readonly cache = new Map<string, AccessToken>();

  constructor(private readonly options: SandboxCredentialOptions) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
    const cached = this.cache.get(scope);
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return cached;
    const token = await this.request(scope);
    this.cache.set(scope, token);
    return token;
  }

  private async request(scope: string): Promise<AccessToken> {
    const { authorityHost, tenantId, clientId, clientSecret, grant } = this.options;
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope });
    if (grant.kind === 'clientCredentials') {
      form.set('grant_type', 'client_credentials');
    } else if (grant.kind === 'password') {
      form.set('grant_type', 'password');
      form.set('username', grant.username);
      form.set('password', grant.password);
    } else {
      form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      form.set('requested_token_use', 'on_behalf_of');
      form.set('assertion', grant.assertion);
    }
    const url = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const response = await this.post(url, form);
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number | string; error?: string; error_description?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`sandbox token endpoint refused the ${grant.kind} grant: ${body.error ?? response.status} ${body.error_description ?? ''}`.trim());
    }
    return { token: body.access_token, expiresOnTimestamp: Date.now() + Number(body.expires_in ?? 3600) * 1000 };
  }

  /** POST with retries on 429/503/504 and dropped connections: a token request is safe to resend. */
  private async post(url: string, form: URLSearchParams): Promise<Response> {
    const policy = this.options.retry ?? TOKEN_RETRY;
    for (let attempt = 0; ; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const response = await fetch(url, { method: 'POST', body: form, headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
        if (!RETRYABLE_STATUS.has(response.status) || attempt >= policy.maxRetries) return response;
        retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
        await response.arrayBuffer().catch(() => undefined);
      } catch (err) {
        if (attempt >= policy.maxRetries) throw err;
      }
      await sleep(retryDelayMs(policy, attempt, retryAfterMs));
    }
  }
}
