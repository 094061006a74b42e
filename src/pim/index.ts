/**
 * The Graph gateway: typed PIM, directory and audit calls over one retrying, timed client (app and
 * on-behalf-of credentials, `$batch`, paging, typed errors), reaching Graph or the sandbox by base URL.
 */
export { createGraphClient, clientSettingsOf, GRAPH_BASE_URL, type GraphClientOptions } from './client.js';
export {
  createAppCredential,
  createOnBehalfOfCredential,
  createAppGraphClient,
  createUserGraphClient,
  userGraphClientFactory,
  isLocalAuthority,
  type AppIdentity,
  type AppSecret,
  type ClientSettings,
} from './credentials.js';
export { SandboxCredential, type SandboxCredentialOptions, type SandboxGrant } from './sandbox-credential.js';
export { CallOptions, type CallSettings } from './call-options.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
export * from './errors.js';
export { batch, outcomeBody, BATCH_LIMIT, type BatchStep, type BatchOutcome, type BatchOptions } from './batch.js';
export { pageItems, listAll, collect, requestForLink, type Page, type PageOptions } from './paging.js';
export * from './requests.js';
export * from './schedules.js';
export * from './approvals.js';
export * from './roles.js';
export * from './directory.js';
export * from './audit-logs.js';
export { summarizePolicy, isoDurationMinutes, type RolePolicy, type Approver } from './role-policy.js';
export { enrichRequest, type TriageContext, type EnrichOptions } from './enrich.js';
export { PimGateway, UserPim, type PimGatewayOptions } from './gateway.js';
export type {
  ScheduleRequest,
  EligibilitySchedule,
  EligibilityInstance,
  AssignmentInstance,
  RoleDefinition,
  PolicyAssignment,
  PolicyRule,
  Approval,
  ApprovalStep,
  User,
  MailboxSettings,
  DirectoryObject,
  Presence,
  DirectoryAudit,
  SignIn,
  RiskyUser,
} from './shapes.js';
export * as schemas from './shapes.js';
