/**
 * Which Graph permissions the sandbox grants and which each route needs. App tokens carry the
 * application permissions the bot is consented to; user tokens the delegated scopes. A route names
 * groups of permissions: the token needs one permission of every group.
 */

/** Application permissions in every client-credentials token. */
export const APP_ROLES = [
  'RoleManagement.ReadWrite.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleManagementPolicy.Read.Directory',
  'User.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Directory.Read.All',
  'AuditLog.Read.All',
  'Presence.Read.All',
  'MailboxSettings.Read',
  'IdentityRiskyUser.Read.All',
  'TeamsAppInstallation.ReadWriteForUser.All',
  'Chat.ReadBasic.All',
];

/** Delegated scopes a user token gets for `.default`. */
export const DELEGATED_SCOPES = [
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'PrivilegedAccess.ReadWrite.AzureAD',
  'RoleManagement.Read.Directory',
  'RoleManagementPolicy.Read.Directory',
  'User.Read',
  'User.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Directory.Read.All',
  'AuditLog.Read.All',
  'Presence.Read.All',
  'MailboxSettings.Read',
  'IdentityRiskyUser.Read.All',
  'openid',
  'profile',
  'offline_access',
];

const RM_READ = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory'];

export interface Requirement {
  /** Every group must be satisfied by one of its permissions. */
  delegated?: string[][];
  /** Absent: app-only tokens are refused. */
  application?: string[][];
}

const both = (...groups: string[][]): Requirement => ({ delegated: groups, application: groups });

export const NEEDS = {
  roleDefinitions: both([...RM_READ, 'Directory.Read.All', 'Directory.ReadWrite.All']),
  roleAssignments: both([...RM_READ, 'Directory.Read.All', 'Directory.ReadWrite.All']),
  requestsRead: both(['RoleAssignmentSchedule.Read.Directory', 'RoleAssignmentSchedule.ReadWrite.Directory', ...RM_READ]),
  requestsWrite: both(['RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory']),
  assignmentsRead: both(['RoleAssignmentSchedule.Read.Directory', 'RoleAssignmentSchedule.ReadWrite.Directory', ...RM_READ]),
  eligibilityRead: both(['RoleEligibilitySchedule.Read.Directory', 'RoleEligibilitySchedule.ReadWrite.Directory', ...RM_READ]),
  policiesRead: both(['RoleManagementPolicy.Read.Directory', 'RoleManagementPolicy.ReadWrite.Directory', ...RM_READ]),
  // Observed: the tenant asks for the PrivilegedAccess scopes here, and never accepts app tokens.
  approvalsRead: { delegated: [['PrivilegedAccess.Read.AzureAD', 'PrivilegedAccess.ReadWrite.AzureAD']] },
  approvalsWrite: { delegated: [['PrivilegedAccess.ReadWrite.AzureAD']] },
  users: both(['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']),
  // App tokens reach /me and get Graph's 400 ("only valid with delegated authentication flow").
  me: { delegated: [['User.Read', 'User.Read.All', 'User.ReadWrite', 'Directory.Read.All']], application: [] },
  groups: both(['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']),
  mailboxSettings: both(['MailboxSettings.Read', 'MailboxSettings.ReadWrite']),
  presence: both(['Presence.Read.All']),
  myPresence: { delegated: [['Presence.Read', 'Presence.Read.All']], application: [] },
  audit: both(['AuditLog.Read.All'], ['Directory.Read.All', 'Directory.ReadWrite.All']),
  riskyUsers: both(['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All']),
  organization: both(['Organization.Read.All', 'Directory.Read.All', 'User.Read']),
} satisfies Record<string, Requirement>;

/** Undefined when allowed, else the permissions that would have been enough. */
export function missingPermission(req: Requirement, isApp: boolean, granted: ReadonlySet<string>): string[] | undefined {
  const groups = isApp ? req.application : req.delegated;
  if (!groups) return [];
  for (const group of groups) if (!group.some((p) => granted.has(p))) return group;
  return undefined;
}
