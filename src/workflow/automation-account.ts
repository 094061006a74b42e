/**
 * The automation approver: a dedicated account, listed as an approver in the PIM policy, that
 * approves what auto mode may approve. Graph refuses app-only approval, so it needs that account's
 * own delegated token. In the sandbox the password grant stands in for its sign-in (as for people
 * in user-graph.ts). Against a real tenant an admin signs the account in once at
 * `${BOT_ENDPOINT}/automation/sign-in` (automation-sign-in.ts), and its token comes silently from the
 * stored, encrypted MSAL cache; never by password (ROPC) or on-behalf-of. Until then, or when the
 * refresh token stops working, auto mode refuses with `no-token`, says where to sign in, and leaves
 * the request to the approvers' cards.
 */
import type { GraphWiring } from '../graph-wiring.js';
import { NotFoundError, SandboxCredential, type User, type UserPim } from '../pim/index.js';
import { automationSignInOf } from './automation-sign-in.js';

export type AutomationAccount =
  | { ok: true; user: User; pim: UserPim }
  | { ok: false; reason: 'not-configured' | 'no-token' | 'unknown-account' | 'lookup-failed'; detail: string };

export interface AutomationAccountSource {
  get(): Promise<AutomationAccount>;
}

export function automationAccount(graph: GraphWiring, upn: string | undefined, sandboxPassword: string | undefined): AutomationAccountSource {
  let credential: SandboxCredential | undefined;
  let user: User | undefined;
  /** The account, or why not: only a 404 means it is not a user; anything else is a failed read. */
  const lookUp = async (name: string): Promise<User | { failed: AutomationAccount & { ok: false } }> => {
    try {
      return (user ??= await graph.pim.getUser(name));
    } catch (err) {
      if (err instanceof NotFoundError) return { failed: { ok: false, reason: 'unknown-account', detail: `${name} is not a user of the tenant` } };
      return { failed: { ok: false, reason: 'lookup-failed', detail: `${name} could not be looked up in the directory: ${err instanceof Error ? err.message : String(err)}` } };
    }
  };
  return {
    async get() {
      if (!upn) return { ok: false, reason: 'not-configured', detail: 'AUTOMATION_APPROVER_UPN is not set' };
      const sandbox = graph.sandbox;
      if (!sandbox || sandboxPassword === undefined) {
        const signIn = automationSignInOf(graph);
        if (!signIn) {
          return { ok: false, reason: 'no-token', detail: `no delegated sign-in of ${upn} is available; auto mode needs the automation account's own token (Graph refuses app-only approval)` };
        }
        if ('unavailable' in signIn) return { ok: false, reason: 'no-token', detail: signIn.unavailable };
        const me = await lookUp(upn);
        if ('failed' in me) return me.failed;
        const token = await signIn.graphToken(me.id);
        if (!token.ok) return { ok: false, reason: 'no-token', detail: token.detail };
        return { ok: true, user: me, pim: graph.withGraphToken(token.token) };
      }
      const me = await lookUp(upn);
      if ('failed' in me) return me.failed;
      credential ??= new SandboxCredential({
        authorityHost: sandbox.url,
        tenantId: sandbox.tenantId,
        clientId: graph.identity.clientId,
        clientSecret: graph.identity.credential.kind === 'secret' ? graph.identity.credential.secret : '',
        grant: { kind: 'password', username: upn, password: sandboxPassword },
      });
      const sso = await credential.getToken(`api://${graph.identity.clientId}/access_as_user`);
      return { ok: true, user: me, pim: graph.pim.forUser(sso.token) };
    },
  };
}
