/**
 * People and groups as PIM sees them: users by id or UPN, group members (nested groups expanded)
 * and the groups a user belongs to, which decide group-based eligibility and approvers.
 */
import type { Rec } from '../store/collection.js';
import type { TenantState } from '../state.js';

export interface Person {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
}

export class Directory {
  private readonly members = new Map<string, string[]>();
  private readonly memberOf = new Map<string, string[]>();

  constructor(private readonly state: TenantState) {
    const groups = state.collections.groups;
    for (const pos of groups.scan()) {
      const g = groups.get(pos);
      const ids = Array.isArray(g.members) ? (g.members as Rec[]).map((m) => m.id).filter((id): id is string => typeof id === 'string') : [];
      this.members.set(String(g.id).toLowerCase(), ids);
      for (const id of ids) {
        const key = id.toLowerCase();
        const list = this.memberOf.get(key) ?? [];
        list.push(String(g.id));
        this.memberOf.set(key, list);
      }
    }
  }

  user(idOrUpn: string): Rec | undefined {
    const users = this.state.collections.users;
    return idOrUpn.includes('@') ? users.findBy('userPrincipalName', idOrUpn) : users.find(idOrUpn);
  }

  group(id: string): Rec | undefined {
    return this.state.collections.groups.find(id);
  }

  person(id: string): Person {
    const u = this.user(id);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return { id, displayName: str(u?.displayName), userPrincipalName: str(u?.userPrincipalName), mail: str(u?.mail) };
  }

  /** Direct member ids of a group. */
  directMembers(groupId: string): string[] {
    return this.members.get(groupId.toLowerCase()) ?? [];
  }

  /** Member ids of a group with nested groups expanded (the groups themselves included). */
  transitiveMembers(groupId: string): string[] {
    const seen = new Set<string>();
    const walk = (id: string) => {
      for (const m of this.directMembers(id)) {
        if (seen.has(m)) continue;
        seen.add(m);
        if (this.members.has(m.toLowerCase())) walk(m);
      }
    };
    walk(groupId);
    return [...seen];
  }

  /** Ids of every group a principal belongs to, directly or through nesting. */
  groupsOf(principalId: string): string[] {
    const seen = new Set<string>();
    const walk = (id: string) => {
      for (const g of this.memberOf.get(id.toLowerCase()) ?? []) {
        if (seen.has(g)) continue;
        seen.add(g);
        walk(g);
      }
    };
    walk(principalId);
    return [...seen];
  }

  directGroupsOf(principalId: string): string[] {
    return this.memberOf.get(principalId.toLowerCase()) ?? [];
  }
}
