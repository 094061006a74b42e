/**
 * What an audit activity name means to a reviewer: PIM's own bookkeeping, a destructive change,
 * something any user does for themselves, which service it touches, and whether it can grant or
 * widen access. Entra names activities in English whatever the tenant's language.
 */
import { domainOfText, type Domain } from '../roles/index.js';

/** PIM recording its own activation lifecycle: approvers and the service write these, not admin work. */
export function isPimLifecycle(activity: string): boolean {
  return /\(PIM (activation|deactivate|activation expired)\)\s*$/i.test(activity) || /^PIM activation request expired/i.test(activity);
}

/** Removes, deletes, or locks someone out: the actions whose bursts hurt. */
export function isDestructive(activity: string): boolean {
  if (isPimLifecycle(activity) || isSelfService(activity)) return false;
  return /^(hard )?delete\b|^remove\b|\breset (user )?password\b|reset password \(by admin\)|\bdisable (account|user)\b|deleted security info|invalidate all refresh tokens|^revoke\b|\bwipe\b/i.test(activity);
}

/** Things people do to their own account without any admin role. */
export function isSelfService(activity: string): boolean {
  return /self-service|^user (registered|deleted|updated|changed|started|reviewed)\b|^change(d)? (user )?password|update StsRefreshTokenValidFrom/i.test(activity);
}

const DOMAIN_RULES: Array<[RegExp, Domain[]]> = [
  [/consent|oauth2|permission grant|app role assignment|service principal|application|\bapp\b/i, ['applications']],
  [/\brole\b|\bPIM\b|administrative unit/i, ['role-management']],
  [/conditional access|named location|authentication strength|authentication context/i, ['conditional-access']],
  [/domain authentication|federation|federated|\bdomain\b/i, ['hybrid-identity', 'directory']],
  [/security info|authentication method|strong authentication|\bmfa\b|\bfido/i, ['authentication']],
  [/user risk|risky|risk detection|\balert\b/i, ['security']],
  [/licen[cs]e/i, ['licensing']],
  [/\bgroup\b/i, ['groups']],
  [/\bdevice\b|bitlocker/i, ['intune', 'devices']],
  [/\buser\b|password|refresh tokens/i, ['users']],
  [/mailbox|transport rule|connector|mail flow/i, ['exchange']],
  [/^update company$/i, ['directory', 'billing']],
  [/authorization policy|company|tenant|organization|directory setting/i, ['directory']],
];

/** Which services an activity touches; empty when the name says nothing we recognise. */
export function activityDomains(activity: string): Domain[] {
  for (const [re, domains] of DOMAIN_RULES) if (re.test(activity)) return domains;
  return [];
}

/** Changes that grant or widen access, or weaken the tenant's controls. */
export function isSensitive(activity: string): boolean {
  if (isPimLifecycle(activity)) return false;
  return /\brole\b|consent|permission grant|app role assignment|credential|certificates and secrets|owner to (application|service principal)|federation|domain authentication|conditional access|authorization policy|company settings|role setting/i.test(activity);
}

/** Words for directory work that people write in justifications and the shared vocabulary lacks. */
const JUSTIFICATION_HINTS: Array<[RegExp, Domain[]]> = [[/\bdomains?\b.{0,20}\bverif|\bverif\w*.{0,20}\bdomains?\b/i, ['directory', 'hybrid-identity']]];

/** Justifications repeat across sessions; reading one runs every keyword of every domain. */
const readJustifications = new Map<string, Domain[]>();
const READ_CACHE_LIMIT = 10_000;

/** Which services a justification says the work is about. */
export function justificationDomains(text: string): Domain[] {
  const cached = readJustifications.get(text);
  if (cached) return cached;
  const found = new Set(domainOfText(text).map((m) => m.domain));
  for (const [re, domains] of JUSTIFICATION_HINTS) if (re.test(text)) for (const d of domains) found.add(d);
  if (readJustifications.size >= READ_CACHE_LIMIT) readJustifications.clear();
  const domains = [...found];
  readJustifications.set(text, domains);
  return domains;
}

/**
 * Services that routinely go together in one piece of work: a mailbox job touches groups,
 * a security containment resets a password. A justification for one covers the others.
 */
const RELATED: Partial<Record<Domain, Domain[]>> = {
  users: ['groups', 'licensing', 'authentication', 'devices', 'support'],
  groups: ['users', 'licensing', 'exchange', 'sharepoint', 'teams'],
  licensing: ['users', 'groups'],
  authentication: ['users', 'conditional-access', 'security'],
  exchange: ['groups', 'users', 'security', 'compliance'],
  sharepoint: ['groups', 'teams'],
  teams: ['groups', 'sharepoint'],
  intune: ['devices', 'groups'],
  devices: ['intune', 'users'],
  security: ['users', 'authentication', 'conditional-access', 'devices', 'intune', 'compliance'],
  'conditional-access': ['security', 'authentication'],
  directory: ['hybrid-identity'],
  'hybrid-identity': ['directory', 'users', 'authentication'],
  'role-management': ['identity-governance'],
  'identity-governance': ['role-management', 'groups', 'users'],
  compliance: ['security', 'exchange', 'sharepoint'],
  billing: ['licensing', 'directory'],
  support: ['users'],
};

/** The domains named plus those that routinely come with them. */
export function withRelated(domains: readonly Domain[]): Set<Domain> {
  const out = new Set<Domain>(domains);
  for (const d of domains) for (const r of RELATED[d] ?? []) out.add(r);
  return out;
}

/** Short plain-words label for counts in summaries: "deleted 35 users". */
export function describeActivity(activity: string, count: number): string {
  const n = (word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (/^(hard )?delete user/i.test(activity)) return `deleted ${n('user')}`;
  if (/^delete group/i.test(activity)) return `deleted ${n('group')}`;
  if (/^delete device/i.test(activity)) return `deleted ${n('device')}`;
  if (/^remove member from group/i.test(activity)) return `removed ${n('group member')}`;
  if (/reset (user )?password/i.test(activity)) return `reset ${n('password')}`;
  if (/invalidate all refresh tokens/i.test(activity)) return `revoked the sessions of ${n('user')}`;
  return `${activity} ×${count}`;
}
