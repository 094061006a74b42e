/**
 * Who the Playground users are: people of the sandbox tenant, so the bot (which knows a person by
 * `activity.from.aadObjectId`) answers with their real roles. A requester with roles that need
 * approval, one of their approvers, and every other approver of those roles, so that each copy of
 * an approval card has a Playground user to go to.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { stringify } from 'yaml';
import { roleInfo } from '../src/roles/index.js';
import { tenantIdOf, type TenantSnapshot } from '../src/tenant/snapshot.js';

export interface Person {
  id: string;
  displayName: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  mail: string;
}

export interface PlaygroundPeople {
  tenantId: string;
  requester: Person;
  approver: Person;
  /** The role to ask for in the walk-through: the requester's, needing approval, approved by `approver`. */
  role: string;
  /** The requester's roles that need approval. */
  roles: string[];
  /** Everyone else who approves those roles, then other people of the tenant: four in all. */
  others: Person[];
}

/** The Playground's mock data takes exactly five users besides the current one. */
const OTHER_USERS = 5;

export type Persona = 'requester' | 'approver';

/** Picks the people deterministically from a tenant snapshot; throws when no one fits. */
export function pickPeople(snapshot: TenantSnapshot): PlaygroundPeople {
  const users = new Map(snapshot.users.filter((u) => u.id && u.accountEnabled !== false && u.userPrincipalName).map((u) => [u.id!, u]));
  const members = new Map((snapshot.groups ?? []).map((g) => [g.id!, ((g as { members?: Array<{ id?: string }> }).members ?? []).map((m) => m.id!)]));
  const roleNames = new Map(snapshot['roleManagement/directory/roleDefinitions'].map((r) => [r.id!, r.displayName ?? r.id!]));
  const policies = new Map(snapshot['policies/roleManagementPolicies'].map((p) => [p.id!, p]));
  const policyOf = new Map(snapshot['policies/roleManagementPolicyAssignments'].map((a) => [a.roleDefinitionId!, policies.get(a.policyId!)]));

  /** The role's primary approvers (groups expanded), or undefined when activation needs no approval. */
  const approversOf = (roleId: string): Set<string> | undefined => {
    const setting = policyOf.get(roleId)?.rules?.find((r) => r.id === 'Approval_EndUser_Assignment') as Graph.UnifiedRoleManagementPolicyApprovalRule | undefined;
    if (!setting?.setting?.isApprovalRequired) return undefined;
    const out = new Set<string>();
    for (const stage of setting.setting.approvalStages ?? []) {
      for (const a of (stage.primaryApprovers ?? []) as Array<{ userId?: string; groupId?: string }>) {
        if (a.userId) out.add(a.userId);
        for (const m of a.groupId ? (members.get(a.groupId) ?? []) : []) out.add(m);
      }
    }
    return out;
  };
  const needsTicket = (roleId: string) =>
    ((policyOf.get(roleId)?.rules?.find((r) => r.id === 'Enablement_EndUser_Assignment') as Graph.UnifiedRoleManagementPolicyEnablementRule | undefined)?.enabledRules ?? []).includes('Ticketing');

  const eligible = new Map<string, Set<string>>();
  for (const e of snapshot['roleManagement/directory/roleEligibilitySchedules']) {
    if (!e.principalId || !users.has(e.principalId) || !e.roleDefinitionId) continue;
    (eligible.get(e.principalId) ?? eligible.set(e.principalId, new Set()).get(e.principalId)!).add(e.roleDefinitionId);
  }

  const candidates: Array<{ requester: string; roles: string[]; approvers: Set<string> }> = [];
  for (const [requester, roleIds] of eligible) {
    const roles = [...roleIds].filter((r) => approversOf(r));
    // Tier-0 roles are never the demo: the bot handles them with extra care, which is not the first thing to show.
    if (roles.length === 0 || roles.some((r) => roleInfo(r)?.tier === 0 || roleInfo(roleNames.get(r))?.tier === 0)) continue;
    const approvers = new Set(roles.flatMap((r) => [...approversOf(r)!]).filter((a) => a !== requester && users.has(a)));
    if (approvers.size >= 1 && approvers.size <= OTHER_USERS) candidates.push({ requester, roles, approvers });
  }
  const nameOf = (id: string) => users.get(id)!.displayName ?? id;
  candidates.sort((a, b) => b.roles.length - a.roles.length || b.approvers.size - a.approvers.size || nameOf(a.requester).localeCompare(nameOf(b.requester)));
  const chosen = candidates[0];
  if (!chosen) throw new Error('no user of this tenant has roles that need approval by at most five approvers; the Playground needs one');

  // The walk-through role: no ticket needed if there is one, then by name.
  const byName = (a: string, b: string) => roleNames.get(a)!.localeCompare(roleNames.get(b)!);
  const role = [...chosen.roles].sort((a, b) => Number(needsTicket(a)) - Number(needsTicket(b)) || byName(a, b))[0]!;
  // Its approver: whoever approved the requester most often before, then by name.
  const requestsOf = new Set(snapshot['roleManagement/directory/roleAssignmentScheduleRequests'].filter((r) => r.principalId === chosen.requester).map((r) => r.approvalId ?? r.id));
  const decided = new Map<string, number>();
  for (const approval of snapshot['roleManagement/directory/roleAssignmentApprovals']) {
    if (!requestsOf.has(approval.id)) continue;
    for (const step of approval.steps ?? []) {
      const by = (step.reviewedBy as { id?: string } | undefined)?.id;
      if (by) decided.set(by, (decided.get(by) ?? 0) + 1);
    }
  }
  const roleApprovers = [...approversOf(role)!].filter((a) => chosen.approvers.has(a));
  roleApprovers.sort((a, b) => (decided.get(b) ?? 0) - (decided.get(a) ?? 0) || nameOf(a).localeCompare(nameOf(b)));
  const approver = roleApprovers[0]!;

  const otherApprovers = [...chosen.approvers].filter((a) => a !== approver).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const filler = [...users.keys()].filter((id) => id !== chosen.requester && !chosen.approvers.has(id)).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const others = [...otherApprovers, ...filler].slice(0, OTHER_USERS - 1);

  const person = (id: string): Person => {
    const u = users.get(id)!;
    return {
      id,
      displayName: u.displayName ?? u.userPrincipalName!,
      userPrincipalName: u.userPrincipalName!,
      givenName: u.givenName ?? (u.displayName ?? '').split(' ')[0] ?? '',
      surname: u.surname ?? '',
      mail: u.mail ?? u.userPrincipalName!,
    };
  };
  return {
    tenantId: tenantIdOf(snapshot),
    requester: person(chosen.requester),
    approver: person(approver),
    role: roleNames.get(role)!,
    roles: chosen.roles.map((r) => roleNames.get(r)!).sort(),
    others: others.map(person),
  };
}

/** The personal chat id of one persona in its Playground; fixed, so scripts can address it. */
export function personalChatId(people: PlaygroundPeople, as: Persona): string {
  return `pim-copilot-${as}-${(as === 'requester' ? people.requester : people.approver).userPrincipalName.split('@')[0]}`;
}

/**
 * The Playground's mock data (`.m365agentsplayground.yml`, schema 0.1.1) with `as` as the current
 * user. A user's channel id is their Entra object id: the bot opens a 1:1 chat by that id, and the
 * Playground finds the member by it.
 */
export function playgroundYaml(people: PlaygroundPeople, as: Persona): string {
  const user = (p: Person) => ({ id: p.id, name: p.displayName, userPrincipleName: p.userPrincipalName, aadObjectId: p.id, givenName: p.givenName, surname: p.surname, email: p.mail });
  const [me, counterpart] = as === 'requester' ? [people.requester, people.approver] : [people.approver, people.requester];
  const config = {
    version: '0.1.1',
    tenantId: people.tenantId,
    // The id the bot gives itself in local mode (src/workflow/messenger.ts).
    bot: { id: 'pim-copilot', name: 'PIM Copilot' },
    currentUser: user(me),
    users: [counterpart, ...people.others].map(user),
    personalChat: { id: personalChatId(people, as) },
    groupChat: { id: `pim-copilot-group-${as}`, name: 'PIM Copilot demo' },
    team: { id: `pim-copilot-team-${as}`, name: 'PIM Copilot demo', aadGroupId: '00000000-0000-0000-0000-000000000031', channels: [] },
  };
  const header = [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    `# Written by npm run playground: you are ${me.displayName} (${as}), a person of the sandbox tenant.`,
    `# ${people.requester.displayName} may activate ${people.roles.join(', ')}; ${people.approver.displayName} approves ${people.role}.`,
  ];
  return `${header.join('\n')}\n${stringify(config)}`;
}
