/** Counts who may use a role, per department, leaving the requester out. */
import type { RoleHolder, RoleHolders } from './types.js';

export function countRoleHolders(holders: Iterable<RoleHolder>, requesterId: string): RoleHolders {
  const out: RoleHolders = { others: 0, byDepartment: {} };
  const seen = new Set<string>([requesterId]);
  for (const h of holders) {
    if (seen.has(h.principalId)) continue;
    seen.add(h.principalId);
    out.others += 1;
    if (h.department) out.byDepartment[h.department] = (out.byDepartment[h.department] ?? 0) + 1;
  }
  return out;
}

/** Takes the requester out of counts made for everyone. */
export function withoutRequester(all: RoleHolders, requester: RoleHolder | undefined): RoleHolders {
  if (!requester) return all;
  const byDepartment = { ...all.byDepartment };
  const dept = requester.department;
  if (dept && byDepartment[dept] !== undefined) {
    byDepartment[dept] -= 1;
    if (byDepartment[dept] <= 0) delete byDepartment[dept];
  }
  return { others: Math.max(0, all.others - 1), byDepartment };
}
