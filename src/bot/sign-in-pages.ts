/**
 * The two pages of Teams SSO's consent pop-up, served from BOT_ENDPOINT. `auth-start.html` sends
 * the browser to the tenant's authorize endpoint (authorization code with PKCE; the bot gets its own
 * token on-behalf-of, so the code is only proof of consent); `auth-end.html` checks the state and
 * tells Teams the pop-up is done.
 */
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import { SIGN_IN_END_PATH, SIGN_IN_START_PATH } from './sso.js';

const TEAMS_JS = 'https://res.cdn.office.net/teams-js/2.58.0/js/MicrosoftTeams.min.js';

function startPage(authorityHost: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in to PIM Copilot</title></head>
<body><p>Signing you in…</p>
<script>
(async () => {
  const params = new URL(location.href).searchParams;
  const random = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const state = random();
  const verifier = random();
  sessionStorage.setItem('pim-copilot-sso-state', state);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const tenant = encodeURIComponent(params.get('tenantId') || 'organizations');
  const query = new URLSearchParams({
    client_id: params.get('clientId') || '',
    response_type: 'code',
    response_mode: 'fragment',
    scope: params.get('scope') || '',
    redirect_uri: location.origin + ${JSON.stringify(SIGN_IN_END_PATH)},
    state,
    nonce: random(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: params.get('loginHint') || '',
  });
  location.assign(${JSON.stringify(authorityHost)} + '/' + tenant + '/oauth2/v2.0/authorize?' + query);
})();
</script></body></html>
`;
}

const END_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PIM Copilot sign-in</title>
<script src="${TEAMS_JS}" crossorigin="anonymous"></script></head>
<body><p id="message">Finishing sign-in…</p>
<script>
(async () => {
  const hash = new URLSearchParams(location.hash.slice(1));
  const expected = sessionStorage.getItem('pim-copilot-sso-state');
  sessionStorage.removeItem('pim-copilot-sso-state');
  await microsoftTeams.app.initialize();
  if (hash.get('error')) microsoftTeams.authentication.notifyFailure(hash.get('error'));
  else if (!hash.get('code') || hash.get('state') !== expected) microsoftTeams.authentication.notifyFailure('StateDoesNotMatch');
  else microsoftTeams.authentication.notifySuccess();
})().catch((err) => { document.getElementById('message').textContent = 'Sign-in failed: ' + err; });
</script></body></html>
`;

export function signInPages(config: Config): Record<string, string> {
  const authorityHost = config.graph.mode === 'tenant' ? config.graph.authorityHost.replace(/\/+$/, '') : 'https://login.microsoftonline.com';
  return { [SIGN_IN_START_PATH]: startPage(authorityHost), [SIGN_IN_END_PATH]: END_PAGE };
}

/** Serves the sign-in pages on the bot's HTTP server (only needed when Teams SSO is on). */
export function serveSignInPages(server: Server, config: Config): void {
  for (const [path, html] of Object.entries(signInPages(config))) {
    server.get(path, (_req: Request, res: Response) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(html);
    });
  }
}
