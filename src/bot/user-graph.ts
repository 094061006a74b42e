/**
 * Delegated Graph for the person behind an activity. The person is always the verified Teams
 * sender (`activity.from.aadObjectId`), never a value carried in a message or a card's data.
 *
 * - Tenant mode: teams-ai's Teams SSO trades the user's SSO token on-behalf-of for a Graph token
 *   and keeps it in `state.temp.authTokens[SSO_SETTING]`; it is used as it is.
 * - Sandbox mode: Teams SSO cannot run offline (the Playground does not support it), so the sandbox's
 *   password grant stands in for the SSO step; the on-behalf-of exchange after it is the real one.
 */
import type { TurnContext } from 'botbuilder';
import type { GraphWiring } from '../graph-wiring.js';
import { NotFoundError, SandboxCredential, type UserPim } from '../pim/index.js';

export type UserGraphResult =
  | { ok: true; userId: string; pim: UserPim }
  | { ok: false; reason: 'no-user' | 'sign-in-required'; message: string };

export interface UserGraph {
  forActivity(context: TurnContext, authTokens?: Record<string, string | undefined>): Promise<UserGraphResult>;
}

/** The SSO setting name under which teams-ai keeps the user's token. */
export const SSO_SETTING = 'graph';

export function createUserGraph(graph: GraphWiring, sandboxPassword?: string): UserGraph {
  const sandbox = graph.sandbox;
  const ssoScope = `api://${graph.identity.clientId}/access_as_user`;
  const sandboxTokens = new Map<string, SandboxCredential>();

  return {
    async forActivity(context, authTokens) {
      const userId = context.activity.from?.aadObjectId;
      if (!userId) return { ok: false, reason: 'no-user', message: 'I could not tell who you are: this message carries no Entra user id.' };
      if (sandbox && sandboxPassword !== undefined) {
        let credential = sandboxTokens.get(userId);
        if (!credential) {
          const user = await graph.pim.getUser(userId).catch((err: unknown) => {
            if (err instanceof NotFoundError) return undefined;
            throw err;
          });
          if (!user) return { ok: false, reason: 'no-user', message: 'I can’t find your account in this tenant, so I can’t act in PIM for you.' };
          credential = new SandboxCredential({
            authorityHost: sandbox.url,
            tenantId: sandbox.tenantId,
            clientId: graph.identity.clientId,
            clientSecret: graph.identity.credential.kind === 'secret' ? graph.identity.credential.secret : '',
            grant: { kind: 'password', username: String(user.userPrincipalName), password: sandboxPassword },
          });
          sandboxTokens.set(userId, credential);
        }
        const sso = await credential.getToken(ssoScope);
        return { ok: true, userId, pim: graph.pim.forUser(sso.token) };
      }
      const sso = authTokens?.[SSO_SETTING];
      if (!sso) return { ok: false, reason: 'sign-in-required', message: 'Please sign in so I can act in PIM as you.' };
      return { ok: true, userId, pim: graph.withGraphToken(sso) };
    },
  };
}
