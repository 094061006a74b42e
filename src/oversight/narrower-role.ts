/**
 * The least privileged built-in role that covers what someone actually did: for each activity the
 * roles that can do it, intersected, least privileged first. Activities Entra names precisely
 * (password resets, CA policies) have their own list; others fall back to the roles administering
 * the activity's service. An activity we cannot place blocks any advice: better none than wrong.
 */
import { ROLE_CATALOG, coversAllDomains, roleInfo, type Domain, type RoleInfo } from '../roles/index.js';
import { activityDomains } from './activities.js';

const R = {
  password: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  authAdmin: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  privAuth: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  groups: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  ca: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  security: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  secOperator: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  cloudApp: '158c047a-c907-4556-b7ef-446551a6b5f7',
  app: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  privRole: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  domainName: '8329153b-31d0-4727-b945-745eb3bc5f31',
  hybrid: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  intune: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  cloudDevice: '7698a772-787b-4ac8-901f-60d6b08affd2',
  license: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
} as const;

/** Activities and the roles that can do them; the first match wins. */
const CAN_DO: Array<[RegExp, readonly string[]]> = [
  [/reset (user )?password|reset password \(by admin\)/i, [R.password, R.helpdesk, R.authAdmin, R.userAdmin, R.privAuth]],
  [/invalidate all refresh tokens/i, [R.helpdesk, R.authAdmin, R.userAdmin, R.privAuth]],
  [/security info|authentication method/i, [R.authAdmin, R.privAuth]],
  [/^(add|update|delete|hard delete|restore|disable|enable) user\b|^disable account/i, [R.userAdmin]],
  [/member to group|member from group|^(add|update|delete|restore) group\b|group settings|group owner/i, [R.groups, R.userAdmin]],
  [/licen[cs]e/i, [R.license, R.userAdmin]],
  [/conditional access|named location|authentication strength|authentication context/i, [R.ca, R.security]],
  [/user risk|risky|risk detection/i, [R.secOperator, R.security]],
  [/^(add|update|delete) device\b|bitlocker/i, [R.cloudDevice, R.intune]],
  [/consent|oauth2|permission grant|app role assignment|service principal|application/i, [R.cloudApp, R.app]],
  [/eligible member to role|member to role|member from role|role setting|role definition|administrative unit/i, [R.privRole]],
  [/domain authentication|federation|\bdomain\b/i, [R.domainName, R.hybrid]],
  // Tenant-wide settings: only tenant-wide roles, so nothing narrower to advise.
  [/authorization policy|company|tenant|organization|directory setting/i, []],
];

/** Roles meant for services or not for use; never advised for a person. */
const NOT_FOR_PEOPLE = new Set(['d29b2b05-8046-44ba-8758-1e26182fcf32', 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', '9360feb5-f418-4baa-8175-e2a00bac4301']);

/**
 * Services whose administration Entra's directory audit records. A role that also runs a workload
 * (Exchange, Intune, SharePoint...) does most of its work in that workload's own log, so what the
 * directory audit shows cannot prove a narrower role would do; tier 0 roles are judged regardless.
 */
const AUDITED = new Set<Domain>(['users', 'groups', 'authentication', 'conditional-access', 'role-management', 'applications', 'hybrid-identity', 'directory', 'licensing', 'devices', 'identity-governance', 'external-identities', 'support']);

/** True when the directory audit shows everything a role can do (or the role is tier 0). */
export function workIsAudited(role: RoleInfo): boolean {
  return role.tier === 0 || role.domains.every((d) => AUDITED.has(d));
}

/** Narrowness order: higher tier number first, then fewer services. */
function broader(a: RoleInfo, b: RoleInfo): number {
  return b.tier - a.tier || (coversAllDomains(a) ? 1 : 0) - (coversAllDomains(b) ? 1 : 0) || a.domains.length - b.domains.length;
}

const byActivity = new Map<string, ReadonlySet<string> | null>();

/** Template ids of the roles that can do one activity; null when we do not know. */
export function rolesThatCan(activity: string): ReadonlySet<string> | null {
  const cached = byActivity.get(activity);
  if (cached !== undefined) return cached;
  const listed = CAN_DO.find(([re]) => re.test(activity))?.[1];
  let out: ReadonlySet<string> | null = null;
  if (listed) out = new Set(listed);
  else {
    const domains = activityDomains(activity);
    if (domains.length > 0) {
      out = new Set(ROLE_CATALOG.filter((r) => !r.readOnly && !coversAllDomains(r) && domains.every((d) => r.domains.includes(d))).map((r) => r.templateId));
    }
  }
  byActivity.set(activity, out);
  return out;
}

/**
 * A role narrower than `heldRoleId` that can do every one of `activities`, or undefined when the
 * held role is already the narrowest we know (or something done cannot be placed).
 */
export function narrowerRoleFor(heldRoleId: string, activities: Iterable<string>): RoleInfo | undefined {
  const held = roleInfo(heldRoleId);
  if (!held || !workIsAudited(held)) return undefined;
  let pool: Set<string> | undefined;
  for (const a of activities) {
    const can = rolesThatCan(a);
    if (!can) return undefined;
    pool = pool ? new Set([...pool].filter((id) => can.has(id))) : new Set(can);
  }
  if (!pool || pool.size === 0) return undefined;
  const candidates = [...pool]
    .filter((id) => !NOT_FOR_PEOPLE.has(id))
    .map((id) => roleInfo(id))
    .filter((r): r is RoleInfo => r !== undefined && r.templateId !== held.templateId && broader(r, held) < 0)
    .sort(broader);
  return candidates[0];
}
