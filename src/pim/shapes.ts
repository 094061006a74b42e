/**
 * What the bot reads from each Graph response, as zod schemas checked on arrival. A type here is
 * the Graph type with the checked fields made definite; everything else Graph sent stays on the
 * object untouched.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { z } from 'zod/v4';
import { ResponseShapeError } from './errors.js';

/** The Graph type `G` with the fields of schema `S` as checked. */
export type Checked<G, S extends z.ZodTypeAny> = Omit<G, keyof z.infer<S>> & z.infer<S>;

const str = z.string();
const optStr = z.string().nullable().optional();
const optBool = z.boolean().nullable().optional();

const identitySet = z
  .object({
    user: z.object({ id: optStr, displayName: optStr }).nullable().optional(),
    application: z.object({ id: optStr, displayName: optStr }).nullable().optional(),
  })
  .nullable()
  .optional();

const expiration = z.object({ type: optStr, duration: optStr, endDateTime: optStr }).nullable().optional();
const scheduleInfo = z.object({ startDateTime: optStr, expiration }).nullable().optional();

export const scheduleRequestSchema = z.object({
  id: str,
  status: str,
  action: str,
  principalId: str,
  roleDefinitionId: str,
  directoryScopeId: optStr,
  justification: optStr,
  createdDateTime: str,
  completedDateTime: optStr,
  approvalId: optStr,
  targetScheduleId: optStr,
  isValidationOnly: optBool,
  createdBy: identitySet,
  ticketInfo: z.object({ ticketNumber: optStr, ticketSystem: optStr }).nullable().optional(),
  scheduleInfo,
});
export type ScheduleRequest = Checked<Graph.UnifiedRoleAssignmentScheduleRequest, typeof scheduleRequestSchema>;

const scheduleBase = {
  id: str,
  principalId: str,
  roleDefinitionId: str,
  directoryScopeId: optStr,
  memberType: optStr,
};

export const eligibilityScheduleSchema = z.object({ ...scheduleBase, status: optStr, scheduleInfo });
export type EligibilitySchedule = Checked<Graph.UnifiedRoleEligibilitySchedule, typeof eligibilityScheduleSchema>;

export const eligibilityInstanceSchema = z.object({
  ...scheduleBase,
  startDateTime: optStr,
  endDateTime: optStr,
  roleEligibilityScheduleId: optStr,
});
export type EligibilityInstance = Checked<Graph.UnifiedRoleEligibilityScheduleInstance, typeof eligibilityInstanceSchema>;

export const assignmentInstanceSchema = z.object({
  ...scheduleBase,
  startDateTime: optStr,
  endDateTime: optStr,
  assignmentType: optStr,
  roleAssignmentScheduleId: optStr,
  roleAssignmentOriginId: optStr,
});
export type AssignmentInstance = Checked<Graph.UnifiedRoleAssignmentScheduleInstance, typeof assignmentInstanceSchema>;

export const roleDefinitionSchema = z.object({
  id: str,
  displayName: str,
  description: optStr,
  isBuiltIn: optBool,
  isEnabled: optBool,
  templateId: optStr,
  rolePermissions: z.array(z.object({ allowedResourceActions: z.array(str).nullable().optional() })).nullable().optional(),
});
export type RoleDefinition = Checked<Graph.UnifiedRoleDefinition, typeof roleDefinitionSchema>;

export const policyRuleSchema = z.object({
  '@odata.type': str,
  id: str,
  target: z.object({ caller: optStr, level: optStr, operations: z.array(str).nullable().optional() }).nullable().optional(),
});
export type PolicyRule = z.infer<typeof policyRuleSchema> & Record<string, unknown>;

export const policyAssignmentSchema = z.object({
  id: str,
  policyId: str,
  roleDefinitionId: str,
  scopeId: str,
  scopeType: str,
  policy: z.object({ id: str, rules: z.array(policyRuleSchema) }),
});
export type PolicyAssignment = Omit<Checked<Graph.UnifiedRoleManagementPolicyAssignment, typeof policyAssignmentSchema>, 'policy'> & {
  policy: Omit<Graph.UnifiedRoleManagementPolicy, 'id' | 'rules'> & { id: string; rules: PolicyRule[] };
};

const approvalStepSchema = z.object({
  id: str,
  status: str,
  reviewResult: optStr,
  assignedToMe: optBool,
  justification: optStr,
  reviewedDateTime: optStr,
  reviewedBy: z.object({ id: optStr, displayName: optStr, userPrincipalName: optStr }).nullable().optional(),
});
/** Beta `approval` with `$expand=steps`; @microsoft/microsoft-graph-types (v1.0) has no steps. */
export const approvalSchema = z.object({ id: str, steps: z.array(approvalStepSchema) });
export type ApprovalStep = z.infer<typeof approvalStepSchema>;
export type Approval = z.infer<typeof approvalSchema>;

export const userSchema = z.object({
  id: str,
  displayName: optStr,
  userPrincipalName: optStr,
  mail: optStr,
  department: optStr,
  jobTitle: optStr,
  accountEnabled: optBool,
  createdDateTime: optStr,
  manager: z.object({ id: str, displayName: optStr, userPrincipalName: optStr }).nullable().optional(),
});
export type User = Checked<Graph.User, typeof userSchema>;

const dateTimeTimeZone = z.object({ dateTime: optStr, timeZone: optStr }).nullable().optional();
export const mailboxSettingsSchema = z.object({
  timeZone: optStr,
  automaticRepliesSetting: z
    .object({
      status: optStr,
      scheduledStartDateTime: dateTimeTimeZone,
      scheduledEndDateTime: dateTimeTimeZone,
      internalReplyMessage: optStr,
    })
    .nullable()
    .optional(),
});
export type MailboxSettings = Checked<Graph.MailboxSettings, typeof mailboxSettingsSchema>;

/** A group member: a user, group, device or service principal, told apart by `@odata.type`. */
export const directoryObjectSchema = z.object({ id: str, '@odata.type': optStr, displayName: optStr, userPrincipalName: optStr });
export type DirectoryObject = z.infer<typeof directoryObjectSchema> & Record<string, unknown>;

export const presenceSchema = z.object({
  id: str,
  availability: str,
  activity: str,
  outOfOfficeSettings: z.object({ isOutOfOffice: optBool, message: optStr }).nullable().optional(),
});
export type Presence = Checked<Graph.Presence, typeof presenceSchema>;

export const directoryAuditSchema = z.object({
  id: str,
  activityDateTime: str,
  activityDisplayName: str,
  category: optStr,
  loggedByService: optStr,
  operationType: optStr,
  result: optStr,
  resultReason: optStr,
  initiatedBy: z
    .object({
      user: z.object({ id: optStr, displayName: optStr, userPrincipalName: optStr }).nullable().optional(),
      app: z.object({ appId: optStr, displayName: optStr }).nullable().optional(),
    })
    .nullable()
    .optional(),
  targetResources: z.array(z.object({ id: optStr, displayName: optStr, type: optStr })).nullable().optional(),
  additionalDetails: z.array(z.object({ key: optStr, value: optStr })).nullable().optional(),
});
export type DirectoryAudit = Checked<Graph.DirectoryAudit, typeof directoryAuditSchema>;

export const signInSchema = z.object({
  id: str,
  createdDateTime: str,
  userId: str,
  userPrincipalName: optStr,
  appDisplayName: optStr,
  ipAddress: optStr,
  isInteractive: optBool,
  riskLevelDuringSignIn: optStr,
  status: z.object({ errorCode: z.number().nullable().optional(), failureReason: optStr }).nullable().optional(),
  location: z.object({ city: optStr, countryOrRegion: optStr }).nullable().optional(),
});
export type SignIn = Checked<Graph.SignIn, typeof signInSchema>;

export const riskyUserSchema = z.object({
  id: str,
  userPrincipalName: optStr,
  riskLevel: optStr,
  riskState: optStr,
  riskDetail: optStr,
  riskLastUpdatedDateTime: optStr,
});
export type RiskyUser = Checked<Graph.RiskyUser, typeof riskyUserSchema>;

/** Checks `data` against `schema` and returns it as is (not a stripped copy), typed. */
export function check<T>(schema: z.ZodTypeAny, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ResponseShapeError(
      what,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return data as T;
}

/** Graph answers enum values in camelCase but has been seen sending `SelfActivate`; make it one form. */
export function camelFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}
