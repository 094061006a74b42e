/**
 * A small tenant for the planner's tests, unlike the evaluation tenant on purpose: other people,
 * other time zones, and roles (Password, License, Exchange Recipient…) that one lacks.
 */
import type { PlannerPerson, PlannerRole, ParseContext } from '../../src/planner/index.js';
import type { RoleDefinitionLike } from '../../src/planner/index.js';

const D = 'microsoft.directory';

/** Built-in roles with real template ids and a realistic subset of their actions. */
export const ROLE_DEFINITIONS: RoleDefinitionLike[] = [
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator', [`${D}/allEntities/allProperties/allTasks`]],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator', [`${D}/roleAssignments/allProperties/allTasks`, `${D}/privilegedIdentityManagement/allProperties/allTasks`]],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator', [`${D}/users/authenticationMethods/create`, `${D}/users/authenticationMethods/delete`, `${D}/users/authenticationMethods/standard/read`, `${D}/users/password/update`]],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator', [`${D}/users/authenticationMethods/create`, `${D}/users/authenticationMethods/delete`, `${D}/users/authenticationMethods/standard/restrictedRead`, `${D}/users/password/update`, `${D}/users/invalidateAllRefreshTokens`]],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator', [`${D}/users/password/update`]],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', [`${D}/users/password/update`, `${D}/users/invalidateAllRefreshTokens`, `${D}/bitlockerKeys/key/read`, `${D}/devices/bitLockerRecoveryKeys/read`]],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator', [`${D}/users/create`, `${D}/users/delete`, `${D}/users/basic/update`, `${D}/users/manager/update`, `${D}/users/password/update`, `${D}/users/assignLicense`, `${D}/groups/create`, `${D}/groups/members/update`]],
  ['4d6ac14f-3453-41d0-bef9-a3e0c569773a', 'License Administrator', [`${D}/users/assignLicense`, `${D}/groups/assignLicense`, `${D}/users/usageLocation/update`]],
  ['fdd7a751-b60b-444a-984c-02652fe8fa1c', 'Groups Administrator', [`${D}/groups/create`, `${D}/groups/delete`, `${D}/groups/members/update`, `${D}/groups/owners/update`]],
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', ['microsoft.office365.exchange/allEntities/basic/allTasks', `${D}/groups.unified/basic/update`]],
  ['31392ffb-586c-42d1-9346-e59415a2cc4e', 'Exchange Recipient Administrator', ['microsoft.office365.exchange/allRecipients/allProperties/allTasks', 'microsoft.office365.exchange/messageTracking/allProperties/allTasks']],
  ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator', ['microsoft.office365.sharePoint/allEntities/allTasks']],
  ['69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator', ['microsoft.teams/allEntities/allProperties/allTasks']],
  ['baf37b3a-610e-45da-9e62-d9d1e5e8914b', 'Teams Communications Administrator', ['microsoft.teams/callQuality/allProperties/read', 'microsoft.teams/meetings/allProperties/allTasks', 'microsoft.teams/voice/allProperties/allTasks']],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator', ['microsoft.intune/allEntities/allTasks', `${D}/devices/basic/update`]],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator', [`${D}/devices/delete`, `${D}/devices/disable`, `${D}/devices/enable`, `${D}/bitlockerKeys/key/read`]],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator', [`${D}/conditionalAccessPolicies/basic/update`, `${D}/identityProtection/allProperties/allTasks`, 'microsoft.office365.protectionCenter/allEntities/allProperties/allTasks']],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator', [`${D}/conditionalAccessPolicies/create`, `${D}/conditionalAccessPolicies/delete`, `${D}/conditionalAccessPolicies/basic/update`, `${D}/conditionalAccessPolicies/standard/read`]],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator', [`${D}/applications/create`, `${D}/applications/credentials/update`, `${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/applicationProxy/allProperties/allTasks`]],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator', [`${D}/applications/create`, `${D}/applications/credentials/update`, `${D}/servicePrincipals/appRoleAssignedTo/update`]],
  ['17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator', ['microsoft.office365.complianceManager/allEntities/allTasks']],
  ['b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator', ['microsoft.commerce.billing/allEntities/allProperties/allTasks']],
  ['f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader', [`${D}/allEntities/allProperties/read`]],
  ['5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader', [`${D}/auditLogs/allProperties/read`, `${D}/signInReports/allProperties/read`, `${D}/conditionalAccessPolicies/standard/read`, `${D}/identityProtection/allProperties/read`]],
  ['4a5d8f65-41da-4de4-8968-e035b65339cf', 'Reports Reader', ['microsoft.office365.usageReports/allEntities/allProperties/read', `${D}/auditLogs/allProperties/read`, `${D}/signInReports/allProperties/read`]],
].map(([id, displayName, actions]) => ({ id: id as string, templateId: id as string, displayName: displayName as string, rolePermissions: [{ allowedResourceActions: actions as string[] }] }));

export const ROLES: PlannerRole[] = ROLE_DEFINITIONS.map((r) => ({ id: r.id!, displayName: r.displayName!, templateId: r.templateId ?? null }));

export const PEOPLE: PlannerPerson[] = [
  { id: 'u-priya', displayName: 'Priya Raman', userPrincipalName: 'praman@fabrikam.test', givenName: 'Priya', surname: 'Raman' },
  { id: 'u-tomas', displayName: 'Tomás Oliveira', userPrincipalName: 'toliveira@fabrikam.test', givenName: 'Tomás', surname: 'Oliveira' },
  { id: 'u-jane1', displayName: 'Jane Doe', userPrincipalName: 'jdoe@fabrikam.test', givenName: 'Jane', surname: 'Doe' },
  { id: 'u-jane2', displayName: 'Jane Okafor', userPrincipalName: 'jokafor@fabrikam.test', givenName: 'Jane', surname: 'Okafor' },
  { id: 'u-will', displayName: 'Will Chen', userPrincipalName: 'wchen@fabrikam.test', givenName: 'Will', surname: 'Chen' },
  { id: 'u-me', displayName: 'Sam Taylor', userPrincipalName: 'staylor@fabrikam.test', givenName: 'Sam', surname: 'Taylor' },
];

/** Wednesday 18 November 2026, 10:20 UTC. */
export const NOW = new Date('2026-11-18T10:20:00Z');

export function ctx(over: Partial<ParseContext> = {}): ParseContext {
  return { roles: ROLES, people: PEOPLE, userId: 'u-me', now: NOW, timeZone: 'America/New_York', ...over };
}
