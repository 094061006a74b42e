/** Moves in the sandbox tenant that a test plays for other people: an approver deciding, an admin editing a policy. */
import type { Caller } from '../../../src/sandbox/caller.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { userByUpn } from './harness.js';

function callerOf(upn: string): Caller {
  const user = userByUpn(upn);
  return { kind: 'user', id: user.id, appId: 'portal', appDisplayName: 'Azure Portal', upn, amr: ['pwd', 'mfa'], acrs: [], permissions: new Set(), ipAddress: '127.0.0.1' };
}

/** An approver decides in the portal. */
export function decide(sandbox: Sandbox, approverUpn: string, requestId: string, verdict: 'Approve' | 'Deny', note: string): void {
  sandbox.pim.decide(callerOf(approverUpn), requestId, requestId, { reviewResult: verdict, justification: note }, `test-${requestId}`);
}

type Rec = Record<string, unknown>;

/**
 * A PIM administrator changes which rules a role's activation needs (the bot's cached copy of the
 * policy does not know yet). Returns a function that puts the old rules back.
 */
export function setEnabledRules(sandbox: Sandbox, roleName: string, enabledRules: string[]): () => void {
  const c = sandbox.state.collections;
  let roleId: string | undefined;
  for (const pos of c.roleDefinitions.scan()) {
    const r = c.roleDefinitions.get(pos);
    if (r.displayName === roleName) roleId = String(r.id);
  }
  if (!roleId) throw new Error(`no role ${roleName}`);
  const assignment = [...(c.policyAssignments.lookup('roleDefinitionId', roleId) ?? [])].map((p) => c.policyAssignments.get(p))[0];
  const pos = c.policies.positionOf(String(assignment?.policyId));
  const policy = c.policies.get(pos) as Rec & { rules: Rec[] };
  const before = policy;
  const rules = policy.rules.map((r) => (r.id === 'Enablement_EndUser_Assignment' ? { ...r, enabledRules } : r));
  c.policies.update(pos, { ...policy, rules });
  return () => c.policies.update(pos, before);
}

/** The request as the sandbox holds it. */
export function requestIn(sandbox: Sandbox, requestId: string): Rec | undefined {
  return sandbox.state.collections.requests.find(requestId) as Rec | undefined;
}
