/**
 * The services (domains) that Entra roles administer, with the words people use when they talk
 * about work in each. Used to read which service a justification or a task is about.
 */

export type Domain =
  | 'directory'
  | 'users'
  | 'groups'
  | 'authentication'
  | 'conditional-access'
  | 'role-management'
  | 'applications'
  | 'hybrid-identity'
  | 'exchange'
  | 'sharepoint'
  | 'teams'
  | 'intune'
  | 'security'
  | 'compliance'
  | 'billing'
  | 'licensing'
  | 'reports'
  | 'power-platform'
  | 'dynamics'
  | 'azure-devops'
  | 'devices'
  | 'search'
  | 'printing'
  | 'windows-365'
  | 'external-identities'
  | 'identity-governance'
  | 'support';

export interface DomainInfo {
  domain: Domain;
  label: string;
  /** Lower-case words or phrases; matched on word boundaries, a trailing `*` matches any ending. */
  keywords: readonly string[];
}

export const DOMAINS: readonly DomainInfo[] = [
  { domain: 'directory', label: 'Directory and tenant settings', keywords: ['verified domain', 'custom domain', 'domain name', 'dns record*', 'tenant setting*', 'tenant-wide', 'company branding', 'directory setting*', 'organization setting*', 'administrative unit*', 'directory extension*', 'custom security attribute*'] },
  { domain: 'users', label: 'Users', keywords: ['user account*', 'user change*', 'user object*', 'user propert*', 'user attribute*', 'new user*', 'create user*', 'users', 'user', 'onboard*', 'offboard*', 'leaver*', 'joiner*', 'password reset*', 'reset password*', 'reset the password', 'reset passwords', 'account unlock*', 'unlock*', 'locked out', 'job title*', 'manager attribute', 'department attribute', 'guest user*', 'service desk'] },
  { domain: 'groups', label: 'Groups', keywords: ['group membership*', 'security group*', 'dynamic group*', 'microsoft 365 group*', 'm365 group*', 'group owner*', 'group member*', 'group naming', 'group expiration', 'group*'] },
  { domain: 'authentication', label: 'Authentication methods', keywords: ['mfa', 'multi-factor', 'multifactor', '2fa', 'phone method*', 'authentication method*', 'auth method*', 'passwordless', 'fido*', 'security key*', 'authenticator', 'temporary access pass*', 'tap', 'sspr', 'self-service password', 'windows hello', 'passkey*', 're-register*', 'reregister*', 'sms sign-in', 'certificate-based authentication', 'cba'] },
  { domain: 'conditional-access', label: 'Conditional Access', keywords: ['conditional access', 'ca polic*', 'named location*', 'trusted location*', 'legacy authentication', 'sign-in polic*', 'session control*', 'authentication strength*', 'authentication context*', 'device filter*'] },
  { domain: 'role-management', label: 'Role management and PIM', keywords: ['role assignment*', 'assign role*', 'assign the role', 'admin role*', 'directory role*', 'pim', 'privileged identity', 'eligible assignment*', 'eligibility', 'role setting*', 'custom role*', 'break-glass', 'emergency access'] },
  { domain: 'applications', label: 'Applications and service principals', keywords: ['app registration*', 'application registration*', 'enterprise app*', 'enterprise application*', 'service principal*', 'single sign-on', 'sso', 'saml', 'oauth', 'oidc', 'admin consent', 'consent', 'client secret*', 'app secret*', 'redirect uri*', 'api permission*', 'app proxy', 'application proxy', 'app role*', 'managed identit*', 'signing certificate*'] },
  { domain: 'hybrid-identity', label: 'Hybrid identity and federation', keywords: ['entra connect', 'ad connect', 'azure ad connect', 'aad connect', 'cloud sync', 'directory sync*', 'dirsync', 'password hash sync*', 'pass-through authentication', 'pta', 'federation', 'federated', 'adfs', 'ad fs', 'seamless sso', 'on-premises sync', 'sync error*'] },
  { domain: 'exchange', label: 'Exchange Online', keywords: ['exchange', 'mailbox*', 'shared mailbox*', 'transport rule*', 'mail flow', 'mail-flow', 'connector*', 'distribution list*', 'distribution group*', 'dl', 'dls', 'mail-enabled', 'mail contact*', 'accepted domain*', 'outbound mail', 'inbound mail', 'mail queue*', 'queued mail', 'email*', 'e-mail*', 'mail', 'owa', 'outlook', 'activesync', 'calendar*', 'send as', 'send-as', 'send on behalf', 'full access', 'journal*', 'message trace*', 'smtp', 'mx record*', 'dkim', 'dmarc', 'spf', 'room mailbox*', 'resource mailbox*', 'public folder*', 'auto-forward*', 'forwarding', 'out of office', 'recipient*', 'archive mailbox*', 'mailbox permission*'] },
  { domain: 'sharepoint', label: 'SharePoint and OneDrive', keywords: ['sharepoint', 'spo', 'site collection*', 'site', 'sites', 'hub site*', 'communication site*', 'team site*', 'site owner*', 'site admin*', 'storage quota*', 'quota', 'onedrive', 'one drive', 'external sharing', 'sharing setting*', 'sharing link*', 'document librar*', 'term store', 'site permission*', 'intranet', 'recycle bin'] },
  { domain: 'teams', label: 'Microsoft Teams', keywords: ['microsoft teams', 'ms teams', 'teams', 'meeting polic*', 'messaging polic*', 'calling polic*', 'teams polic*', 'live event*', 'town hall*', 'townhall*', 'webinar*', 'channel*', 'teams room*', 'meeting room*', 'phone system', 'direct routing', 'calling plan*', 'call queue*', 'auto attendant*', 'voice routing', 'teams app*', 'app setup polic*', 'guest access', 'federated chat', 'external access', 'chat'] },
  { domain: 'intune', label: 'Intune and endpoint management', keywords: ['intune', 'endpoint manager', 'device compliance', 'compliance polic*', 'configuration profile*', 'config profile*', 'enrollment', 'enrolment', 'autopilot', 'app protection', 'mdm', 'mam', 'wipe', 'retire device*', 'bitlocker', 'update ring*', 'windows update', 'managed device*', 'device configuration', 'company portal', 'laptop*', 'mobile device*', 'ios device*', 'android'] },
  { domain: 'devices', label: 'Devices in the directory', keywords: ['device object*', 'stale device*', 'joined device*', 'entra joined', 'hybrid joined', 'device registration', 'laps', 'local admin*', 'bitlocker key*', 'recovery key*'] },
  { domain: 'security', label: 'Security operations', keywords: ['security review', 'security incident*', 'security alert*', 'alert*', 'defender', 'threat*', 'malware', 'phishing', 'phish', 'quarantine*', 'anti-spam', 'antispam', 'anti-phishing', 'safe links', 'safe attachments', 'identity protection', 'risky user*', 'risky sign-in*', 'risk detection*', 'user risk', 'sign-in risk', 'dismiss risk', 'false positive*', 'false-positive*', 'incident response', 'contain', 'containment', 'sign-in log*', 'suspicious', 'audit log*', 'secure score', 'attack simulation*', 'investigation*', 'investigate', 'forensic*', 'compromise*', 'compromised', 'edr', 'xdr', 'sentinel', 'siem', 'vulnerabilit*', 'threat hunting', 'hunting', 'security baseline*', 'security posture', 'security settings', 'breach'] },
  { domain: 'compliance', label: 'Compliance and Purview', keywords: ['purview', 'ediscovery', 'e-discovery', 'retention', 'retention polic*', 'retention label*', 'dlp', 'data loss prevention', 'sensitivity label*', 'litigation hold', 'legal hold', 'content search', 'audit log search', 'information barrier*', 'insider risk', 'communication compliance', 'records management', 'data lifecycle', 'information protection', 'compliance'] },
  { domain: 'billing', label: 'Billing and subscriptions', keywords: ['billing', 'invoice*', 'subscription*', 'purchase*', 'payment*', 'credit card', 'billing account*', 'renewal of subscription*', 'trial*'] },
  { domain: 'licensing', label: 'Licences', keywords: ['license*', 'licence*', 'licensing', 'licencing', 'usage location*', 'group-based licens*'] },
  { domain: 'reports', label: 'Usage reports', keywords: ['usage report*', 'report*', 'adoption', 'analytics', 'dashboard*', 'usage data'] },
  { domain: 'power-platform', label: 'Power Platform', keywords: ['power platform', 'power apps', 'powerapps', 'power automate', 'cloud flow*', 'dataverse', 'power bi', 'powerbi', 'microsoft fabric', 'power platform environment*', 'copilot studio'] },
  { domain: 'dynamics', label: 'Dynamics 365', keywords: ['dynamics', 'd365', 'crm', 'dynamics 365'] },
  { domain: 'azure-devops', label: 'Azure DevOps', keywords: ['azure devops', 'devops', 'ado organization*', 'build pipeline*', 'release pipeline*', 'repositor*'] },
  { domain: 'search', label: 'Microsoft Search', keywords: ['microsoft search', 'search admin*', 'search bookmark*', 'search result*', 'acronym*'] },
  { domain: 'printing', label: 'Universal Print', keywords: ['universal print', 'printer*', 'print queue*', 'printing'] },
  { domain: 'windows-365', label: 'Windows 365 and Cloud PCs', keywords: ['windows 365', 'cloud pc*', 'cloudpc*', 'provisioning polic*'] },
  { domain: 'external-identities', label: 'External identities', keywords: ['b2b', 'b2c', 'guest invit*', 'invite guest*', 'cross-tenant', 'external collaboration', 'identity provider*', 'user flow*', 'external id'] },
  { domain: 'identity-governance', label: 'Identity governance', keywords: ['access review*', 'access package*', 'entitlement management', 'lifecycle workflow*', 'terms of use', 'catalog*'] },
  { domain: 'support', label: 'Service health and support', keywords: ['service request*', 'support ticket*', 'support case*', 'service health', 'message center', 'microsoft support', 'open a case'] },
];

export interface DomainMatch {
  domain: Domain;
  /** The words of the text that matched this domain's keywords, lower-case. */
  hits: string[];
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(keyword: string): RegExp {
  const prefix = keyword.endsWith('*');
  const body = escape(prefix ? keyword.slice(0, -1) : keyword).replace(/[ -]/g, '[\\s-]?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'iu');
}

/** The keyword's first word: a text without it cannot match, and a substring test is far cheaper than the pattern. */
function needle(keyword: string): string {
  return keyword.replace(/\*$/, '').split(/[ -]/)[0] ?? '';
}

/**
 * Every prefix of every word of the text, lower-case: a keyword can only match where a word
 * starts with its first word. Case-insensitive matching also folds the long s (ſ) to s.
 */
function wordStarts(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().replace(/ſ/g, 's').split(/[^\p{L}\p{N}]+/u)) {
    for (let i = 1; i <= word.length; i += 1) out.add(word.slice(0, i));
  }
  return out;
}

const COMPILED = DOMAINS.map((d) => ({ domain: d.domain, keywords: d.keywords.map((k) => ({ k, needle: needle(k), re: compile(k) })) }));

/**
 * Which services a text talks about, most-mentioned first. Each hit is a keyword of that domain
 * found in the text; texts that name no service give an empty list.
 */
export function domainOfText(text: string): DomainMatch[] {
  if (!text) return [];
  const starts = wordStarts(text);
  const matches: DomainMatch[] = [];
  for (const d of COMPILED) {
    const hits: string[] = [];
    for (const { needle, re } of d.keywords) {
      if (!starts.has(needle)) continue;
      const m = re.exec(text);
      const hit = m?.[0].toLowerCase();
      if (hit && !hits.includes(hit)) hits.push(hit);
    }
    if (hits.length > 0) matches.push({ domain: d.domain, hits });
  }
  return matches.sort((a, b) => b.hits.length - a.hits.length);
}

export function domainLabel(domain: Domain): string {
  return DOMAINS.find((d) => d.domain === domain)?.label ?? domain;
}
