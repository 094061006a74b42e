/**
 * The automation approver: a dedicated account, listed as an approver in the PIM policy, that
 * approves what auto mode may approve. Graph refuses app-only approval, so it needs that account's
 * own delegated token. In the sandbox the password grant stands in for its sign-in (as for people
 * in user-graph.ts). Against a real tenant the bot does not hold such a token: taking one by password
 * (ROPC) or by on-behalf-of without the account is not acceptable, so auto mode refuses, says why
 * and leaves the request to the approvers' cards until an admin-signed-in token store is added.
 */
import type { GraphWiring } from '../graph-wiring.js';
import { SandboxCredential, type User, type UserPim } from '../pim/index.js';

export type AutomationAccount =
  | { ok: true; user: User; pim: UserPim }
  | { ok: false; reason: 'not-configured' | 'no-token' | 'unknown-account'; detail: string };

export interface AutomationAccountSource {
  get(): Promise<AutomationAccount>;
}

export function automationAccount(graph: GraphWiring, upn: string | undefined, sandboxPassword: string | undefined): AutomationAccountSource {
  let credential: SandboxCredential | undefined;
  let user: User | undefined;
  return {
    async get() {
      if (!upn) return { ok: false, reason: 'not-configured', detail: 'AUTOMATION_APPROVER_UPN is not set' };
      const sandbox = graph.sandbox;
      if (!sandbox || sandboxPassword === undefined) {
        return { ok: false, reason: 'no-token', detail: `no delegated sign-in of ${upn} is available; auto mode needs the automation account's own token (Graph refuses app-only approval)` };
      }
      try {
        user ??= await graph.pim.getUser(upn);
      } catch {
        return { ok: false, reason: 'unknown-account', detail: `${upn} is not a user of the tenant` };
      }
      credential ??= new SandboxCredential({
        authorityHost: sandbox.url,
        tenantId: sandbox.tenantId,
        clientId: graph.identity.clientId,
        clientSecret: graph.identity.credential.kind === 'secret' ? graph.identity.credential.secret : '',
        grant: { kind: 'password', username: upn, password: sandboxPassword },
      });
      const sso = await credential.getToken(`api://${graph.identity.clientId}/access_as_user`);
      return { ok: true, user, pim: graph.pim.forUser(sso.token) };
    },
  };
}
