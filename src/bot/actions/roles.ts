/**
 * Roles as people name them: a name or id resolved to one of the tenant's roles, the closest
 * names when it is none of them, and the roles the speaker may activate.
 */
import type { EligibilityInstance, RoleDefinition, UserPim } from '../../pim/index.js';
import { findRole } from '../../planner/index.js';
import type { Turn } from '../turn.js';

export type RoleLookup = { found: RoleDefinition } | { found: null; suggestions: RoleDefinition[] };

function bigrams(text: string): Set<string> {
  const s = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Dice similarity of letter pairs: robust to typos and word order, cheap for a few hundred roles. */
function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / Math.max(1, x.size + y.size);
}

/** Tenant roles closest to a name, best first; roles in `prefer` (e.g. the speaker's) come first among near ties. */
export function closestRoles(name: string, roles: readonly RoleDefinition[], prefer: ReadonlySet<string> = new Set(), limit = 3): RoleDefinition[] {
  return roles
    .map((r) => ({ r, score: similarity(name, r.displayName) + (prefer.has(r.id) ? 0.1 : 0) }))
    .filter((x) => x.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.r.displayName.localeCompare(b.r.displayName))
    .slice(0, limit)
    .map((x) => x.r);
}

/** A role by id or by name as typed ("exchange admin", "Exchnage Administrator"). */
export async function lookupRole(turn: Turn, input: { roleId?: string; role?: string }, prefer?: ReadonlySet<string>): Promise<RoleLookup> {
  const roles = await turn.services.directory.roles();
  if (input.roleId) {
    const byId = roles.find((r) => r.id.toLowerCase() === input.roleId!.toLowerCase() || r.templateId?.toLowerCase() === input.roleId!.toLowerCase());
    if (byId) return { found: byId };
  }
  const name = input.role?.trim();
  if (!name) return { found: null, suggestions: [] };
  const exact = roles.find((r) => r.displayName.toLowerCase() === name.toLowerCase());
  if (exact) return { found: exact };
  const mention = findRole(name, await turn.services.directory.plannerRoles());
  const byMention = mention ? roles.find((r) => r.id === mention.role.id) : undefined;
  if (byMention) return { found: byMention };
  return { found: null, suggestions: closestRoles(name, roles, prefer) };
}

export interface EligibleRole {
  roleId: string;
  roleName: string;
  /** When the eligibility itself ends; null when it does not. */
  endDateTime: string | null;
}

/** The roles the user may activate now, once each, by name. */
export async function eligibleRoles(turn: Turn, pim: UserPim): Promise<EligibleRole[]> {
  const [instances, roles] = await Promise.all([pim.listMyEligibilityInstances(), turn.services.directory.roles()]);
  return fromInstances(instances, roles);
}

/** Something that makes a principal eligible: an eligibility instance, or a schedule read as one. */
export type EligibilityLike = Pick<EligibilityInstance, 'roleDefinitionId' | 'directoryScopeId' | 'endDateTime'>;

export function fromInstances(instances: readonly EligibilityLike[], roles: readonly RoleDefinition[]): EligibleRole[] {
  const byId = new Map(roles.map((r) => [r.id.toLowerCase(), r.displayName]));
  const seen = new Map<string, EligibleRole>();
  for (const i of instances) {
    if ((i.directoryScopeId ?? '/') !== '/') continue;
    const key = i.roleDefinitionId.toLowerCase();
    if (seen.has(key)) continue;
    seen.set(key, { roleId: i.roleDefinitionId, roleName: byId.get(key) ?? i.roleDefinitionId, endDateTime: i.endDateTime ?? null });
  }
  return [...seen.values()].sort((a, b) => a.roleName.localeCompare(b.roleName));
}
