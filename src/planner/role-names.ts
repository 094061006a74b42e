/**
 * The names people use for Entra roles: the display name word by word, the same with everyday
 * abbreviations ("exchange admin", "priv auth admin"), acronyms ("GA", "PRA") and nicknames
 * ("tenant admin", "SPO admin"). Words are reduced to a canonical form on both sides.
 */
import { editDistance } from './edit-distance.js';

const ABBREVIATIONS: Record<string, string> = {
  admin: 'administrator', admins: 'administrator', adm: 'administrator', administrators: 'administrator', administrater: 'administrator',
  auth: 'authentication', authn: 'authentication',
  app: 'application', apps: 'application', applications: 'application',
  priv: 'privileged', privilege: 'privileged', privileges: 'privileged',
  sec: 'security', cond: 'conditional', info: 'information', comms: 'communications', comm: 'communications',
  pwd: 'password', pw: 'password', passwords: 'password', mgmt: 'management',
  exch: 'exchange', exo: 'exchange', spo: 'sharepoint', licence: 'license', licences: 'license',
  helpdesk: 'helpdesk', servicedesk: 'helpdesk', o365: '', m365: '',
};
/** Words that name no role by themselves: "Exchange Online admin" is the Exchange Administrator. */
const DROPPED = new Set(['online', 'service', 'the', 'microsoft', 'ms', 'entra', 'azure', 'aad', 'role', 'roles', '']);
// Plural endings that are part of the word.
const KEEP_S = /(ss|us|is|ys|ics|ops|ows)$/;

/** The canonical form of one lower-case word. */
export function canonicalWord(word: string): string {
  const w = word.replace(/'s?$/, '');
  const mapped = ABBREVIATIONS[w];
  if (mapped !== undefined) return mapped;
  if (w.startsWith('adm') && (editDistance(w, 'admin', 1) <= 1 || editDistance(w, 'administrator', 2) <= 2)) return 'administrator';
  if (w.length > 3 && w.endsWith('s') && !KEEP_S.test(w)) return w.slice(0, -1);
  return w;
}

export function isDropped(canonical: string): boolean {
  return DROPPED.has(canonical);
}

/** The canonical words of a role name or phrase, fillers removed. */
export function canonicalWords(phrase: string): string[] {
  return (phrase.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(canonicalWord).filter((w) => !isDropped(w));
}

/** Nicknames of built-in roles, by display name; used only for roles the tenant has. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  'Global Administrator': ['ga', 'global admin', 'tenant admin', 'company admin', 'god admin'],
  'Privileged Role Administrator': ['pra', 'pim admin', 'role admin'],
  'Privileged Authentication Administrator': ['paa', 'privileged auth admin'],
  'Authentication Administrator': ['auth admin', 'mfa admin'],
  'Authentication Policy Administrator': ['auth policy admin', 'mfa policy admin'],
  'Conditional Access Administrator': ['ca admin', 'cap admin', 'conditional access'],
  'Security Administrator': ['secadmin'],
  'Exchange Administrator': ['mail admin', 'email admin', 'exchange'],
  'Exchange Recipient Administrator': ['recipient admin'],
  'SharePoint Administrator': ['sp admin', 'onedrive admin', 'sharepoint'],
  'Teams Administrator': ['teams'],
  'Intune Administrator': ['endpoint admin', 'mem admin', 'mdm admin', 'endpoint manager admin', 'intune'],
  'Helpdesk Administrator': ['help desk admin', 'helpdesk', 'service desk admin', 'hda'],
  'Password Administrator': ['password reset admin'],
  'User Administrator': ['user management admin', 'account admin', 'accounts admin'],
  'Groups Administrator': ['group admin'],
  'Compliance Administrator': ['purview admin'],
  'Skype for Business Administrator': ['skype admin', 'lync admin'],
  'Dynamics 365 Administrator': ['dynamics admin', 'd365 admin', 'crm admin'],
  'Fabric Administrator': ['power bi admin', 'powerbi admin', 'pbi admin'],
  'Power Platform Administrator': ['pp admin', 'power apps admin'],
  'Azure DevOps Administrator': ['devops admin', 'ado admin'],
  'Hybrid Identity Administrator': ['hybrid admin', 'connect admin', 'aad connect admin', 'entra connect admin'],
  'Cloud Device Administrator': ['device admin'],
  'Attack Simulation Administrator': ['attack sim admin'],
  'Global Reader': ['read only admin', 'readonly admin'],
};

/**
 * Short words that must never be read as an acronym of a role, because people write them for
 * something else ("to", "am", "hr" for hour, "ad" for Active Directory).
 */
export const NOT_ACRONYMS = new Set([
  'a', 'i', 'am', 'an', 'as', 'at', 'be', 'by', 'do', 'go', 'he', 'if', 'in', 'is', 'it', 'me', 'my', 'no', 'of', 'ok', 'on',
  'or', 'so', 'to', 'up', 'us', 'we', 'hi', 'ha', 'ta', 'ya', 'yo', 'pa', 'ma', 'ad', 'hr', 'pr', 'ur', 'er', 'em', 'eh', 'oh',
  'uh', 'um', 'id', 'ip', 'ui', 'ux', 'tv', 'pc', 'ms', 'dm', 'cc', 'pm', 'ie', 'eg', 'sr', 'jr', 'ca', 'aa', 'sa', 'ea', 'ia',
  'the', 'and', 'for', 'can', 'you', 'eta', 'asap', 'app', 'pim', 'sso', 'mfa', 'dns', 'api', 'vpn', 'sla', 'cab', 'ceo',
  'cto', 'cfo', 'aad', 'pta', 'tap', 'spf', 'url', 'its', 'was', 'has', 'had', 'are', 'not', 'but', 'all', 'any', 'get',
  'now', 'out', 'how', 'why', 'who', 'day', 'era', 'gar', 'sar', 'car', 'bar', 'tar', 'par', 'far', 'war', 'jar', 'mar',
]);

/**
 * Words of role names too common in other talk to name a role on their own ("security",
 * "user"); a distinctive word such as "exchange" or "intune" does.
 */
export const GENERIC_WORDS = new Set([
  'administrator', 'reader', 'global', 'security', 'user', 'application', 'group', 'report', 'cloud', 'device', 'directory',
  'password', 'license', 'guest', 'search', 'knowledge', 'printer', 'identity', 'domain', 'network', 'support', 'message',
  'attack', 'authentication', 'access', 'external', 'hybrid', 'lifecycle', 'insight', 'organizational', 'attribute', 'usage',
  'conditional', 'operator', 'developer', 'writer', 'inviter', 'local', 'joined', 'partner', 'tier1', 'tier2', 'synchronization',
  'account', 'information', 'protection', 'management', 'communications', 'data', 'definition', 'assignment', 'workflow',
  'summary', 'center', 'provider', 'flow', 'simulation', 'update', 'deployment', 'edge', 'office', 'virtual', 'windows', '365',
  'power', 'platform', 'privileged', 'policy', 'recipient', 'permission', 'desktop', 'secure', 'tenant', 'creator', 'manager',
  'viewer', 'contributor', 'owner', 'for', 'and', 'of', 'business',
]);
