/**
 * The sandbox's `/{tenant}/oauth2/v2.0/authorize`: the browser half of the authorization code flow.
 * GET validates the request and shows a minimal sign-in form; POSTing it with a tenant user and the
 * sandbox password sends the browser back to `redirect_uri` with a one-use code. The token
 * endpoint's `authorization_code` grant redeems it with `take`.
 *
 * Like Entra: problems with client_id or redirect_uri are shown on the page (the redirect target is
 * not trusted yet); the others go back to redirect_uri as `error` and `error_description`. Stricter
 * than Entra, so clients are made to do the right thing: PKCE with S256 and a state are required.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pim } from './pim/engine.js';

export interface AuthorizeSettings {
  userPassword: string;
  pim: Pim;
  knowsTenant(tenant: string): boolean;
}

export interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a code stands for, checked again when it is redeemed. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  userId: string;
  nonce?: string;
  amr: string[];
  expiresAt: number;
}

export type Taken = { ok: true; grant: CodeGrant } | { ok: false; why: 'unknown' | 'used' | 'expired' };

const CODE_LIFETIME_MS = 10 * 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** The request parameters the form carries through to its POST. */
const CARRIED = ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'response_mode', 'prompt', 'login_hint', 'sandbox_amr'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(status: number, title: string, inner: string): Page {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body><h1>${esc(title)}</h1>\n${inner}\n</body></html>\n`,
  };
}

function aadMessage(code: number, message: string): string {
  return `AADSTS${code}: ${message} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`;
}

/** An error shown on the page: the client or its redirect URI cannot be trusted. */
function errorPage(code: number, message: string): Page {
  return html(400, 'Sign in: sorry, there was a problem', `<p id="error">${esc(aadMessage(code, message))}</p>`);
}

function redirect(redirectUri: string, params: Record<string, string | undefined>): Page {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) target.searchParams.set(k, v);
  return { status: 302, headers: { Location: target.toString(), 'Cache-Control': 'no-store' }, body: '' };
}

/** Entra takes https redirect URIs, and plain http only on loopback. */
function acceptableRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return !u.hash && (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname)));
  } catch {
    return false;
  }
}

export class AuthorizeEndpoint {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly used = new Set<string>();

  constructor(private readonly s: AuthorizeSettings) {}

  /** GET shows the form; POST signs in. `query` and `form` are the URL's and the body's parameters. */
  handle(tenant: string, method: string, query: URLSearchParams, form: URLSearchParams): Page {
    if (!this.s.knowsTenant(tenant)) return errorPage(90002, `Tenant '${tenant}' not found.`);
    const p = new URLSearchParams(query);
    if (method === 'POST') for (const [k, v] of form) p.set(k, v);
    const get = (k: string) => p.get(k) ?? undefined;

    const clientId = get('client_id');
    if (!clientId) return errorPage(900144, "The request body must contain the following parameter: 'client_id'.");
    if (!GUID.test(clientId)) return errorPage(700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    const redirectUri = get('redirect_uri');
    if (!redirectUri) return errorPage(900144, "The request body must contain the following parameter: 'redirect_uri'.");
    if (!acceptableRedirect(redirectUri)) {
      return errorPage(50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }

    const state = get('state');
    const fail = (error: string, code: number, message: string) => redirect(redirectUri, { error, error_description: aadMessage(code, message), state });
    if (get('response_type') !== 'code') return fail('unsupported_response_type', 700054, `response_type '${get('response_type') ?? ''}' is not enabled for the application.`);
    if ((get('response_mode') ?? 'query') !== 'query') return fail('invalid_request', 90019, `The sandbox answers with response_mode=query only, not '${get('response_mode')}'.`);
    if (!get('scope')) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
    if (!state) return fail('invalid_request', 900144, "The sandbox requires the parameter 'state' (bind it to the browser to stop cross-site request forgery).");
    const challenge = get('code_challenge');
    if (!challenge) return fail('invalid_request', 9002325, 'Proof Key for Code Exchange is required: send code_challenge with code_challenge_method=S256.');
    if (get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(challenge)) {
      return fail('invalid_request', 501491, "The code_challenge must be a base64url SHA-256 digest, with code_challenge_method 'S256'.");
    }

    if (method !== 'POST' || !form.has('username')) return this.form(p, get('login_hint') ?? '');
    const username = form.get('username') ?? '';
    const user = this.s.pim.directory.user(username);
    if (!user) return this.form(p, username, aadMessage(50034, `The user account ${username} does not exist in the ${tenant} directory.`));
    if (user.accountEnabled === false) return this.form(p, username, aadMessage(50057, 'The user account is disabled.'));
    if (form.get('password') !== this.s.userPassword) return this.form(p, username, aadMessage(50126, 'Error validating credentials due to invalid username or password.'));

    const code = randomBytes(48).toString('base64url');
    this.codes.set(code, {
      clientId,
      redirectUri,
      scope: get('scope') ?? '',
      codeChallenge: challenge,
      userId: String(user.id),
      nonce: get('nonce'),
      amr: (get('sandbox_amr') ?? 'pwd,mfa').split(/[\s,]+/).filter(Boolean),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    this.sweep();
    return redirect(redirectUri, { code, state, session_state: randomUUID() });
  }

  /** Redeems a code: once, within its lifetime. */
  take(code: string): Taken {
    if (this.used.has(code)) return { ok: false, why: 'used' };
    const grant = this.codes.get(code);
    if (!grant) return { ok: false, why: 'unknown' };
    this.codes.delete(code);
    this.used.add(code);
    if (grant.expiresAt <= Date.now()) return { ok: false, why: 'expired' };
    return { ok: true, grant };
  }

  private form(p: URLSearchParams, username: string, error?: string): Page {
    const hidden = CARRIED.filter((k) => p.has(k))
      .map((k) => `<input type="hidden" name="${k}" value="${esc(p.get(k) ?? '')}">`)
      .join('\n');
    return html(
      200,
      'Sign in to the sandbox tenant',
      `${error ? `<p id="error">${esc(error)}</p>\n` : ''}<form method="post">
${hidden}
<label>User <input name="username" value="${esc(username)}" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>`,
    );
  }

  private sweep(): void {
    const now = Date.now();
    for (const [code, grant] of this.codes) if (grant.expiresAt <= now) this.codes.delete(code);
    if (this.used.size > 10_000) this.used.clear();
  }
}

/** PKCE S256: base64url(SHA-256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
