/**
 * What we know about Entra built-in roles, keyed by template id and by display name: how
 * sensitive each is (tier), which services it administers, and what it can do in one line.
 *
 * Tiers, as a security reviewer reads them:
 * - 0: control plane. The role can take over the tenant unconditionally, directly or by one
 *   well-known step (assign roles, reset any admin's credentials, change federation or sync so it
 *   can sign in as anyone).
 * - 1: administers a workload, a security control or applications; serious, but bounded to that
 *   service, or a path to tier 0 only when the tenant is already weak (a highly privileged app).
 * - 2: reads only, or low-impact settings.
 */
import { DOMAINS, type Domain } from './domains.js';

export type RoleTier = 0 | 1 | 2;

export interface RoleInfo {
  templateId: string;
  displayName: string;
  tier: RoleTier;
  /** Microsoft marks the role privileged (it can be used to escalate or reach sensitive data). */
  privileged: boolean;
  readOnly: boolean;
  /** Services the role administers; tenant-wide roles list every domain. */
  domains: readonly Domain[];
  description: string;
}

const EVERY: readonly Domain[] = DOMAINS.map((d) => d.domain);

type Row = [templateId: string, displayName: string, tier: RoleTier, privileged: boolean, domains: readonly Domain[], description: string, readOnly?: boolean];

const ROWS: Row[] = [
  // Tier 0: control plane.
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator', 0, true, EVERY, 'Manage every aspect of the tenant and every Microsoft service that uses Entra identities.'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator', 0, true, ['role-management', 'identity-governance'], 'Assign any Entra role, including Global Administrator, and manage PIM settings and administrative units.'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator', 0, true, ['authentication', 'users'], 'Set or reset authentication methods and passwords for any user, Global Administrators included.'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator', 0, true, ['hybrid-identity', 'authentication', 'directory'], 'Manage Entra Connect, cloud sync, pass-through authentication and domain federation; federation lets it sign in as anyone.'],
  ['8329153b-31d0-4727-b945-745eb3bc5f31', 'Domain Name Administrator', 0, true, ['directory', 'hybrid-identity'], 'Add, verify and federate domain names; federating a domain lets it sign in as that domain\'s users.'],
  ['d29b2b05-8046-44ba-8758-1e26182fcf32', 'Directory Synchronization Accounts', 0, true, ['hybrid-identity'], 'Used only by Entra Connect to synchronise the directory; never meant for people.'],
  ['e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', 'Partner Tier2 Support', 0, true, EVERY, 'Legacy partner role that can reset passwords of all users, Global Administrators included; not meant for use.'],
  // Tier 1: security controls, and app administration (a path to tier 0 only where privileged apps exist).
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator', 1, true, ['applications', 'external-identities'], 'Create and manage all app registrations and enterprise apps, including their credentials and consent; a credential on a highly privileged app can lead to tenant takeover.'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator', 1, true, ['applications'], 'Manage app registrations and enterprise apps (except application proxy), including their credentials; a credential on a highly privileged app can lead to tenant takeover.'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator', 1, true, ['security', 'conditional-access', 'compliance', 'reports'], 'Manage security features: Defender, Identity Protection, Conditional Access policies and security settings.'],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator', 1, true, ['conditional-access'], 'Create and change Conditional Access policies, which decide who must use MFA and from where anyone may sign in.'],
  ['0526716b-113d-4c15-b2c8-68e3c22b9f80', 'Authentication Policy Administrator', 1, true, ['authentication'], 'Configure the tenant\'s authentication methods policy, MFA settings and password protection.'],
  ['5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator', 1, true, ['security', 'reports'], 'Investigate and respond to alerts and incidents in the security centres.'],
  ['be2f45a1-457d-42af-a067-6ec1fa63bc45', 'External Identity Provider Administrator', 1, true, ['external-identities'], 'Configure identity providers used for direct federation with external users.'],
  ['af78dc32-cf4d-46f9-ba4e-4428526346b5', 'Permissions Management Administrator', 1, false, ['security'], 'Manage all aspects of Entra Permissions Management.'],
  ['892c5842-a9a6-463a-8041-72aa08ca3cf6', 'Cloud App Security Administrator', 1, false, ['security'], 'Manage Defender for Cloud Apps policies, alerts and connected apps.'],
  ['45d8d3c5-c802-45c6-b32a-1d70b5e1e86e', 'Identity Governance Administrator', 1, false, ['identity-governance'], 'Manage access reviews, entitlement management and lifecycle workflows.'],
  ['59d46f88-662b-457b-bceb-5c3809e5908f', 'Lifecycle Workflows Administrator', 1, false, ['identity-governance', 'users'], 'Create and manage joiner, mover and leaver workflows.'],
  // Tier 1: identity administration.
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator', 1, true, ['users', 'groups', 'licensing', 'support'], 'Create and manage users and groups, reset passwords of non-administrators, manage licences and service requests.'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', 1, true, ['users', 'support'], 'Reset passwords, unlock accounts and invalidate refresh tokens of non-administrators and other helpdesk admins.'],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator', 1, true, ['users'], 'Reset passwords of non-administrators and other password administrators.'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator', 1, true, ['authentication', 'users'], 'Set or reset authentication methods and passwords of non-administrators, and require re-registration of MFA.'],
  ['fdd7a751-b60b-444a-984c-02652fe8fa1c', 'Groups Administrator', 1, false, ['groups'], 'Create and manage groups and group settings such as naming and expiration policies.'],
  ['9360feb5-f418-4baa-8175-e2a00bac4301', 'Directory Writers', 1, true, ['users', 'groups', 'directory'], 'Read and write basic directory information; meant for applications, not people.'],
  ['4d6ac14f-3453-41d0-bef9-a3e0c569773a', 'License Administrator', 1, false, ['licensing'], 'Assign, remove and update licence assignments of users and groups.'],
  ['95e79109-95c0-4d8e-aee3-d01accf2d47b', 'Guest Inviter', 2, false, ['external-identities'], 'Invite guest users when members cannot.'],
  ['8424c6f0-a189-499e-bbd0-26c1753c96d4', 'Attribute Definition Administrator', 1, false, ['directory'], 'Define and manage custom security attributes.'],
  ['58a13ea3-c632-46ae-9ee0-9c0d43cd7f3d', 'Attribute Assignment Administrator', 1, false, ['directory'], 'Assign custom security attribute values to users, apps and devices.'],
  ['6e591065-9bad-43ed-90f3-e9424366d2f0', 'External ID User Flow Administrator', 1, false, ['external-identities'], 'Create and manage user flows for external identities.'],
  ['cf1c38e5-3621-4004-a7cb-879624dced7c', 'Application Developer', 2, true, ['applications'], 'Create app registrations even when members cannot.'],
  // Tier 1: workload administration.
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', 1, false, ['exchange', 'groups', 'support'], 'Manage Exchange Online: mailboxes, mail flow, connectors, transport rules and Microsoft 365 groups.'],
  ['31392ffb-586c-42d1-9346-e59415a2cc4e', 'Exchange Recipient Administrator', 1, false, ['exchange'], 'Create and manage mailboxes, contacts and distribution groups in Exchange Online.'],
  ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator', 1, false, ['sharepoint', 'groups', 'support'], 'Manage SharePoint Online and OneDrive: sites, sharing, storage and Microsoft 365 groups.'],
  ['69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator', 1, false, ['teams', 'groups', 'support'], 'Manage Microsoft Teams: teams, meeting, messaging and calling policies, and Microsoft 365 groups.'],
  ['baf37b3a-610e-45da-9e62-d9d1e5e8914b', 'Teams Communications Administrator', 1, false, ['teams'], 'Manage calling and meeting features of Teams: phone numbers, voice routing, meeting policies.'],
  ['3d762c5a-1b6c-493f-843e-55a3b42923d4', 'Teams Devices Administrator', 2, false, ['teams'], 'Manage devices certified for Teams, such as meeting room systems.'],
  ['75941009-915a-4869-abe7-691bff18279e', 'Skype for Business Administrator', 1, false, ['teams'], 'Manage Skype for Business and Teams calling settings.'],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator', 1, true, ['intune', 'devices', 'groups'], 'Manage Intune: device enrolment, configuration and compliance, apps, and scripts that run on managed devices.'],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator', 1, true, ['devices'], 'Enable, disable and delete devices in Entra ID and read BitLocker keys.'],
  ['9f06204d-73c1-4d4c-880a-6edb90606fd8', 'Azure AD Joined Device Local Administrator', 1, false, ['devices'], 'Local administrator on every Entra-joined device.'],
  ['11451d60-acb2-45eb-a7d6-43d0f0125c13', 'Windows 365 Administrator', 1, false, ['windows-365', 'devices'], 'Manage Windows 365 Cloud PCs and their provisioning policies.'],
  ['32696413-001a-46ae-978c-ce0f6b3620d2', 'Windows Update Deployment Administrator', 1, false, ['intune'], 'Create and manage Windows Update deployments.'],
  ['17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator', 1, false, ['compliance', 'reports'], 'Manage Purview compliance: retention, DLP, eDiscovery, audit and sensitivity labels.'],
  ['e6d1a23a-da11-4be4-9570-befc86d067a7', 'Compliance Data Administrator', 1, false, ['compliance'], 'Create and manage compliance content, such as retention and DLP policies.'],
  ['7495fdc4-34c4-4d15-a289-98788ce399fd', 'Azure Information Protection Administrator', 1, false, ['compliance'], 'Manage labels and policies of Azure Information Protection.'],
  ['b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator', 1, false, ['billing', 'licensing', 'support'], 'Make purchases, manage subscriptions and support tickets, and monitor service health.'],
  ['11648597-926c-4cf3-9c36-bcebb0ba8dcc', 'Power Platform Administrator', 1, false, ['power-platform', 'dynamics'], 'Manage Power Platform environments, DLP policies and Dynamics 365.'],
  ['44367163-eba1-44c3-98af-f5787879f96a', 'Dynamics 365 Administrator', 1, false, ['dynamics'], 'Manage Dynamics 365.'],
  ['a9ea8996-122f-4c74-9520-8edcd192826c', 'Fabric Administrator', 1, false, ['power-platform'], 'Manage Microsoft Fabric and Power BI.'],
  ['e3973bdf-4987-49ae-837a-ba8e231c7286', 'Azure DevOps Administrator', 1, false, ['azure-devops'], 'Manage Azure DevOps organisation policies.'],
  ['2b745bdf-0803-4d80-aa65-822c4493daac', 'Office Apps Administrator', 1, false, ['intune'], 'Manage Office apps cloud policies and update settings.'],
  ['0964bb5e-9bdb-4d7b-ac29-58e794862a40', 'Search Administrator', 2, false, ['search'], 'Manage Microsoft Search settings and content.'],
  ['644ef478-e28f-4e28-b9dc-3fdde9aa0b1f', 'Printer Administrator', 2, false, ['printing'], 'Manage printers and printer connectors in Universal Print.'],
  ['f023fd81-a637-4b56-95fd-791ac0226033', 'Service Support Administrator', 2, false, ['support'], 'Open and manage Microsoft support requests and read service health.'],
  ['b5a8dcf3-09d5-43a9-a639-8e29ef291470', 'Knowledge Administrator', 2, false, ['sharepoint'], 'Configure knowledge, learning and intelligent features.'],
  ['c430b396-e693-46cc-96f3-db01bf8bb62a', 'Attack Simulation Administrator', 1, false, ['security'], 'Create and manage attack simulation campaigns.'],
  ['d37c8bed-0711-4417-ba38-b4abe66ce4c2', 'Network Administrator', 2, false, ['directory'], 'Manage network locations and network connectivity insights.'],
  ['3f1acade-1e04-4fbc-9b69-f0302cd84aef', 'Edge Administrator', 2, false, ['intune'], 'Manage Microsoft Edge configuration policies.'],
  ['ac434307-12b9-4fa1-a708-88bf58caabc1', 'Global Secure Access Administrator', 1, false, ['conditional-access', 'security'], 'Manage Global Secure Access (Entra Internet and Private Access).'],
  // Tier 2: readers.
  ['f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader', 2, true, EVERY, 'Read everything a Global Administrator can see, change nothing.', true],
  ['5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader', 2, true, ['security', 'conditional-access', 'reports'], 'Read security information and reports.', true],
  ['4a5d8f65-41da-4de4-8968-e035b65339cf', 'Reports Reader', 2, true, ['reports'], 'Read usage reports and the adoption score.', true],
  ['88d8e3e3-8f55-4a1e-953a-9b9898b8876b', 'Directory Readers', 2, false, ['users', 'groups', 'directory'], 'Read basic directory information.', true],
  ['790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', 'Message Center Reader', 2, false, ['support'], 'Read message centre posts.', true],
  ['75934031-6c7e-415a-99d7-48dbd49e875e', 'Usage Summary Reports Reader', 2, false, ['reports'], 'Read tenant-level aggregated usage reports.', true],
];

export const ROLE_CATALOG: readonly RoleInfo[] = ROWS.map(([templateId, displayName, tier, privileged, domains, description, readOnly]) =>
  Object.freeze({ templateId, displayName, tier, privileged, readOnly: readOnly ?? false, domains, description }),
);

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(microsoft )?(entra|azure ad) /, '');
}

const BY_ID = new Map(ROLE_CATALOG.map((r) => [r.templateId.toLowerCase(), r]));
const BY_NAME = new Map(ROLE_CATALOG.map((r) => [normalise(r.displayName), r]));
// Renamed roles keep answering to their older or newer names.
for (const [alias, name] of [
  ['company administrator', 'Global Administrator'],
  ['microsoft entra joined device local administrator', 'Azure AD Joined Device Local Administrator'],
  ['power bi administrator', 'Fabric Administrator'],
  ['lync service administrator', 'Skype for Business Administrator'],
  ['intune service administrator', 'Intune Administrator'],
  ['exchange service administrator', 'Exchange Administrator'],
  ['sharepoint service administrator', 'SharePoint Administrator'],
  ['teams service administrator', 'Teams Administrator'],
] as const) {
  const role = BY_NAME.get(normalise(name));
  if (role) BY_NAME.set(alias, role);
}

/** The catalog entry for a role template id or display name (case-insensitive), if known. */
export function roleInfo(idOrName: string | null | undefined): RoleInfo | undefined {
  if (!idOrName) return undefined;
  return BY_ID.get(idOrName.trim().toLowerCase()) ?? BY_NAME.get(normalise(idOrName));
}

/** Roles that administer a service, least privileged (highest tier number) first. */
export function rolesForDomain(domain: Domain): RoleInfo[] {
  return ROLE_CATALOG.filter((r) => r.domains.includes(domain) && r.domains !== EVERY).sort((a, b) => b.tier - a.tier || a.domains.length - b.domains.length);
}

/** True when a role administers every service (Global Administrator, Global Reader). */
export function coversAllDomains(role: RoleInfo): boolean {
  return role.domains === EVERY;
}
