/**
 * The built-in Entra roles the generated tenants use: real template ids, descriptions, a subset
 * of their resource actions, the "privileged" label of the permissions reference, and how PIM is
 * configured for each (tier, maximum activation, ticket, approver group).
 */

export type ApproverGroup = 'identity' | 'security' | 'service' | null;

export interface RoleSpec {
  id: string;
  name: string;
  description: string;
  privileged: boolean;
  actions: string[];
  /** 0: tenant takeover; 1: broad admin; 2: scoped or read-only. */
  tier: 0 | 1 | 2;
  maxHours: number;
  ticket: boolean;
  mfa: boolean;
  approvers: ApproverGroup;
  /** Kind of work done while the role is active, which decides the audit trail it leaves. */
  work: 'directory' | 'identity' | 'security' | 'apps' | 'messaging' | 'collaboration' | 'devices' | 'helpdesk' | 'groups' | 'compliance' | 'billing' | 'read';
}

const r = (
  id: string,
  name: string,
  description: string,
  privileged: boolean,
  actions: string[],
  config: Pick<RoleSpec, 'tier' | 'maxHours' | 'ticket' | 'mfa' | 'approvers' | 'work'>,
): RoleSpec => ({ id, name, description, privileged, actions, ...config });

export const ROLES: RoleSpec[] = [
  r('62e90394-69f5-4237-9190-012177145e10', 'Global Administrator', 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.', true,
    ['microsoft.directory/allEntities/allProperties/allTasks'], { tier: 0, maxHours: 2, ticket: true, mfa: true, approvers: 'identity', work: 'directory' }),
  r('e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator', 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.', true,
    ['microsoft.directory/roleAssignments/allProperties/allTasks', 'microsoft.directory/roleDefinitions/allProperties/allTasks', 'microsoft.directory/privilegedIdentityManagement/allProperties/allTasks'],
    { tier: 0, maxHours: 4, ticket: true, mfa: true, approvers: 'identity', work: 'identity' }),
  r('7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator', 'Can access to view, set and reset authentication method information for any user (admin or non-admin).', true,
    ['microsoft.directory/users/authenticationMethods/create', 'microsoft.directory/users/authenticationMethods/delete', 'microsoft.directory/users/password/update'],
    { tier: 0, maxHours: 4, ticket: true, mfa: true, approvers: 'identity', work: 'helpdesk' }),
  r('194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator', 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.', true,
    ['microsoft.directory/conditionalAccessPolicies/basic/update', 'microsoft.directory/identityProtection/allProperties/allTasks', 'microsoft.office365.protectionCenter/allEntities/allProperties/allTasks'],
    { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'security', work: 'security' }),
  r('b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator', 'Can manage Conditional Access capabilities.', true,
    ['microsoft.directory/conditionalAccessPolicies/create', 'microsoft.directory/conditionalAccessPolicies/delete', 'microsoft.directory/conditionalAccessPolicies/basic/update'],
    { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'identity', work: 'security' }),
  r('9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator', 'Can create and manage all aspects of app registrations and enterprise apps.', true,
    ['microsoft.directory/applications/create', 'microsoft.directory/applications/credentials/update', 'microsoft.directory/servicePrincipals/appRoleAssignedTo/update'],
    { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'identity', work: 'apps' }),
  r('158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator', 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.', true,
    ['microsoft.directory/applications/create', 'microsoft.directory/applications/credentials/update'], { tier: 1, maxHours: 8, ticket: false, mfa: true, approvers: 'identity', work: 'apps' }),
  r('29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', 'Can manage all aspects of the Exchange product.', false,
    ['microsoft.office365.exchange/allEntities/basic/allTasks', 'microsoft.directory/groups.unified/basic/update'], { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'service', work: 'messaging' }),
  r('f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator', 'Can manage all aspects of the SharePoint service.', false,
    ['microsoft.office365.sharePoint/allEntities/allTasks', 'microsoft.directory/groups.unified/create'], { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'service', work: 'collaboration' }),
  r('69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator', 'Can manage the Microsoft Teams service.', false,
    ['microsoft.teams/allEntities/allProperties/allTasks', 'microsoft.directory/groups.unified/basic/update'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'collaboration' }),
  r('fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator', 'Can manage all aspects of users and groups, including resetting passwords for limited admins.', true,
    ['microsoft.directory/users/create', 'microsoft.directory/users/delete', 'microsoft.directory/users/password/update', 'microsoft.directory/groups/members/update'],
    { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'identity', work: 'directory' }),
  r('729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', 'Can reset passwords for non-administrators and Helpdesk Administrators.', true,
    ['microsoft.directory/users/password/update', 'microsoft.directory/users/invalidateAllRefreshTokens', 'microsoft.directory/bitlockerKeys/key/read'],
    { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'helpdesk' }),
  r('c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator', 'Can access to view, set and reset authentication method information for any non-admin user.', true,
    ['microsoft.directory/users/authenticationMethods/create', 'microsoft.directory/users/authenticationMethods/delete', 'microsoft.directory/users/password/update'],
    { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'helpdesk' }),
  r('3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator', 'Can manage all aspects of the Intune product.', true,
    ['microsoft.intune/allEntities/allTasks', 'microsoft.directory/devices/basic/update'], { tier: 1, maxHours: 8, ticket: true, mfa: true, approvers: 'service', work: 'devices' }),
  r('fdd7a751-b60b-444a-984c-02652fe8fa1c', 'Groups Administrator', 'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.', false,
    ['microsoft.directory/groups/create', 'microsoft.directory/groups/delete', 'microsoft.directory/groups/members/update'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'groups' }),
  r('17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator', 'Can read and manage compliance configuration and reports in Microsoft Entra ID and Microsoft 365.', false,
    ['microsoft.office365.complianceManager/allEntities/allTasks'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'security', work: 'compliance' }),
  r('b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator', 'Can perform common billing related tasks like updating payment information.', false,
    ['microsoft.commerce.billing/allEntities/allProperties/allTasks'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'billing' }),
  r('f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader', 'Can read everything that a Global Administrator can, but not update anything.', true,
    ['microsoft.directory/allEntities/allProperties/read'], { tier: 2, maxHours: 8, ticket: false, mfa: false, approvers: 'security', work: 'read' }),
  r('5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader', 'Can read security information and reports in Microsoft Entra ID and Office 365.', true,
    ['microsoft.directory/auditLogs/allProperties/read', 'microsoft.directory/signInReports/allProperties/read'], { tier: 2, maxHours: 8, ticket: false, mfa: false, approvers: null, work: 'read' }),
  r('5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator', 'Creates and manages security events.', true,
    ['microsoft.directory/identityProtection/allProperties/read', 'microsoft.office365.securityComplianceCenter/allEntities/allTasks'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: null, work: 'security' }),
  r('4a5d8f65-41da-4de4-8968-e035b65339cf', 'Reports Reader', 'Can read sign-in and audit reports.', false,
    ['microsoft.office365.usageReports/allEntities/allProperties/read'], { tier: 2, maxHours: 8, ticket: false, mfa: false, approvers: null, work: 'read' }),
  r('966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator', 'Can reset passwords for non-administrators and Password Administrators.', true,
    ['microsoft.directory/users/password/update'], { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'service', work: 'helpdesk' }),
  r('8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator', 'Can manage Active Directory to Microsoft Entra cloud provisioning, Microsoft Entra Connect, pass-through authentication, password hash synchronization, seamless single sign-on and federation settings.', true,
    ['microsoft.directory/onPremisesSynchronization/standard/read', 'microsoft.directory/domains/federation/update', 'microsoft.directory/cloudProvisioning/allProperties/allTasks'],
    { tier: 1, maxHours: 4, ticket: true, mfa: true, approvers: 'identity', work: 'identity' }),
  r('88d8e3e3-8f55-4a1e-953a-9b9898b8876b', 'Directory Readers', 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.', false,
    ['microsoft.directory/users/standard/read', 'microsoft.directory/groups/standard/read'], { tier: 2, maxHours: 8, ticket: false, mfa: false, approvers: null, work: 'read' }),
  r('8424c6f0-a189-499e-bbd0-26c1753c96d4', 'Attribute Definition Administrator', 'Define and manage the definition of custom security attributes.', false,
    ['microsoft.directory/attributeSets/allProperties/allTasks', 'microsoft.directory/customSecurityAttributeDefinitions/allProperties/allTasks'],
    { tier: 2, maxHours: 8, ticket: false, mfa: true, approvers: 'identity', work: 'directory' }),
];

export const roleByName = (name: string): RoleSpec => {
  const role = ROLES.find((x) => x.name === name);
  if (!role) throw new Error(`unknown role ${name}`);
  return role;
};

/** A role definition as Graph returns it (isPrivileged is a beta property; the sandbox hides it on v1.0). */
export function roleDefinition(role: RoleSpec): Record<string, unknown> {
  return {
    id: role.id,
    templateId: role.id,
    displayName: role.name,
    description: role.description,
    isBuiltIn: true,
    isEnabled: true,
    isPrivileged: role.privileged,
    resourceScopes: ['/'],
    version: '1',
    rolePermissions: [{ allowedResourceActions: role.actions, condition: null, excludedResourceActions: [] }],
  };
}
