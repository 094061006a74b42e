/**
 * What built-in roles are documented to hold, by template id, for the actions the task catalog
 * asks about. A tenant snapshot may list only part of a role's actions; these fill the gaps, so
 * "invite a guest" finds User Administrator even when its definition shows only a few actions.
 * Only built-in template ids appear here; custom roles are judged on their own actions alone.
 */

const D = 'microsoft.directory';
const TICKETS = ['microsoft.office365.supportTickets/allEntities/allTasks', 'microsoft.office365.serviceHealth/allEntities/allTasks'];

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  // User Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1': [
    `${D}/users/create`, `${D}/users/delete`, `${D}/users/restore`, `${D}/users/disable`, `${D}/users/enable`, `${D}/users/password/update`,
    `${D}/users/basic/update`, `${D}/users/manager/update`, `${D}/users/assignLicense`, `${D}/users/invalidateAllRefreshTokens`, `${D}/users/inviteGuest`,
    `${D}/groups/create`, `${D}/groups/delete`, `${D}/groups/members/update`, `${D}/groups/assignLicense`, ...TICKETS,
  ],
  // Helpdesk Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': [`${D}/users/password/update`, `${D}/users/invalidateAllRefreshTokens`, `${D}/bitlockerKeys/key/read`, ...TICKETS],
  // Password Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d': [`${D}/users/password/update`],
  // Authentication Administrator
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': [
    `${D}/users/authenticationMethods/create`, `${D}/users/authenticationMethods/delete`, `${D}/users/authenticationMethods/update`,
    `${D}/users/authenticationMethods/standard/read`, `${D}/users/password/update`, `${D}/users/invalidateAllRefreshTokens`, ...TICKETS,
  ],
  // Privileged Authentication Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': [
    `${D}/users/authenticationMethods/create`, `${D}/users/authenticationMethods/delete`, `${D}/users/authenticationMethods/update`,
    `${D}/users/authenticationMethods/standard/read`, `${D}/users/password/update`, `${D}/users/invalidateAllRefreshTokens`, ...TICKETS,
  ],
  // Groups Administrator
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': [`${D}/groups/create`, `${D}/groups/delete`, `${D}/groups/members/update`, `${D}/groups/basic/update`, ...TICKETS],
  // License Administrator
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': [`${D}/users/assignLicense`, `${D}/groups/assignLicense`, ...TICKETS],
  // Guest Inviter
  '95e79109-95c0-4d8e-aee3-d01accf2d47b': [`${D}/users/inviteGuest`],
  // Cloud Device Administrator
  '7698a772-787b-4ac8-901f-60d6b08affd2': [`${D}/devices/delete`, `${D}/devices/disable`, `${D}/devices/enable`, `${D}/bitlockerKeys/key/read`],
  // Security Reader
  '5d6b6bb7-de71-4623-b4af-96380a352509': [
    `${D}/auditLogs/allProperties/read`, `${D}/signInReports/allProperties/read`, `${D}/identityProtection/allProperties/read`,
    `${D}/conditionalAccessPolicies/standard/read`, `${D}/bitlockerKeys/key/read`, 'microsoft.office365.protectionCenter/allEntities/standard/read',
  ],
  // Security Operator
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f': [
    `${D}/identityProtection/allProperties/allTasks`, `${D}/auditLogs/allProperties/read`, `${D}/signInReports/allProperties/read`,
    'microsoft.office365.securityComplianceCenter/allEntities/allTasks',
  ],
  // Reports Reader
  '4a5d8f65-41da-4de4-8968-e035b65339cf': [`${D}/auditLogs/allProperties/read`, `${D}/signInReports/allProperties/read`, 'microsoft.office365.usageReports/allEntities/allProperties/read'],
  // Usage Summary Reports Reader
  '75934031-6c7e-415a-99d7-48dbd49e875e': ['microsoft.office365.usageReports/allEntities/standard/read'],
  // Exchange Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de': ['microsoft.office365.exchange/allEntities/basic/allTasks', ...TICKETS],
  // Exchange Recipient Administrator
  '31392ffb-586c-42d1-9346-e59415a2cc4e': ['microsoft.office365.exchange/allRecipients/allProperties/allTasks', 'microsoft.office365.exchange/migration/allProperties/allTasks'],
  // Teams Communications Administrator
  'baf37b3a-610e-45da-9e62-d9d1e5e8914b': ['microsoft.teams/callQuality/allProperties/read', 'microsoft.teams/meetings/allProperties/allTasks', 'microsoft.teams/voice/allProperties/allTasks'],
  // Teams Devices Administrator
  '3d762c5a-1b6c-493f-843e-55a3b42923d4': ['microsoft.teams/devices/standard/read', 'microsoft.teams/devices/basic/update'],
  // Hybrid Identity Administrator
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': [`${D}/onPremisesSynchronization/standard/read`, `${D}/cloudProvisioning/allProperties/allTasks`, `${D}/domains/federation/update`],
  // Domain Name Administrator
  '8329153b-31d0-4727-b945-745eb3bc5f31': [`${D}/domains/allProperties/allTasks`],
  // Identity Governance Administrator
  '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e': [`${D}/accessReviews/allProperties/allTasks`, `${D}/entitlementManagement/allProperties/allTasks`],
  // Service Support Administrator
  'f023fd81-a637-4b56-95fd-791ac0226033': TICKETS,
  // Message Center Reader
  '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b': ['microsoft.office365.messageCenter/messages/read'],
  // Compliance Data Administrator
  'e6d1a23a-da11-4be4-9570-befc86d067a7': ['microsoft.office365.complianceManager/allEntities/allTasks'],
};

/**
 * Roles that people should never be given: they exist for sync engines, partners and apps
 * (Directory Synchronization Accounts, Partner Tier1/Tier2 Support, Directory Writers).
 */
export const NOT_FOR_PEOPLE: ReadonlySet<string> = new Set([
  'd29b2b05-8046-44ba-8758-1e26182fcf32',
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
  '4ba39ca4-527c-499a-b93d-d9b492c50246',
  '9360feb5-f418-4baa-8175-e2a00bac4301',
]);

/** The documented actions of a built-in role that its definition may leave out. */
export function knownActions(templateId: string | null | undefined): readonly string[] {
  return (templateId && KNOWN[templateId.toLowerCase()]) || [];
}
