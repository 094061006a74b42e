/**
 * Teams SSO for production: teams-ai trades the user's Teams token on-behalf-of for a Graph token
 * (kept at `state.temp.authTokens.graph`, see user-graph.ts). Only with a real tenant, Bot
 * Framework authentication, a client secret and a public endpoint for the sign-in pages; the
 * sandbox stands in for it offline.
 */
import type { TurnContext } from 'botbuilder';
import type { AuthenticationOptions } from '@microsoft/teams-ai';
import type { Config } from '../config.js';
import { SSO_SETTING } from './user-graph.js';

/** Delegated Graph permissions are admin-consented on the app registration; `.default` asks for those. */
export const SSO_SCOPES = ['https://graph.microsoft.com/.default'];

export const SIGN_IN_START_PATH = '/auth-start.html';
export const SIGN_IN_END_PATH = '/auth-end.html';

export type SsoSetup = { enabled: true; options: AuthenticationOptions } | { enabled: false; reason: string };

/** Sign in before messages and card actions; other activities (installs, typing) go without. */
async function needsSignIn(context: TurnContext): Promise<boolean> {
  const a = context.activity;
  return a.type === 'message' || (a.type === 'invoke' && a.name === 'adaptiveCard/action');
}

export function teamsSso(config: Config): SsoSetup {
  if (config.graph.mode !== 'tenant') return { enabled: false, reason: 'the sandbox tenant stands in for Teams SSO' };
  if (config.bot.mode !== 'authenticated') return { enabled: false, reason: 'Teams SSO needs MicrosoftAppId (Bot Framework authentication)' };
  if (!config.conversation.botEndpoint) return { enabled: false, reason: 'Teams SSO needs BOT_ENDPOINT, where its sign-in pages are served' };
  if (config.graph.credential.kind !== 'secret') return { enabled: false, reason: 'Teams SSO (on-behalf-of) needs AAD_CLIENT_SECRET' };
  const authority = `${config.graph.authorityHost.replace(/\/+$/, '')}/${config.graph.tenantId}`;
  return {
    enabled: true,
    options: {
      settings: {
        [SSO_SETTING]: {
          scopes: SSO_SCOPES,
          msalConfig: { auth: { clientId: config.graph.clientId, clientSecret: config.graph.credential.secret, authority } },
          signInLink: `${config.conversation.botEndpoint}${SIGN_IN_START_PATH}`,
          endOnInvalidMessage: true,
        },
      },
      autoSignIn: needsSignIn,
    },
  };
}
