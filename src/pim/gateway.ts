/**
 * `PimGateway`: every Graph call the bot makes, as typed methods. App-token calls live here;
 * `forUser(ssoToken)` gives a `UserPim` whose calls run with that user's delegated token.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import * as approvals from './approvals.js';
import * as audit from './audit-logs.js';
import * as directory from './directory.js';
import { enrichRequest, type EnrichOptions, type TriageContext } from './enrich.js';
import * as requests from './requests.js';
import { summarizePolicy, type RolePolicy } from './role-policy.js';
import * as roles from './roles.js';
import * as schedules from './schedules.js';
import type { PolicyAssignment, RoleDefinition, ScheduleRequest } from './shapes.js';
import { TtlCache } from './ttl-cache.js';

export interface PimGatewayOptions {
  /** The app-token client (`createAppGraphClient`). */
  app: Client;
  /** Builds a delegated client from a Teams SSO token (`userGraphClientFactory`). */
  userClient?: (ssoToken: string) => Client;
  /** How long role definitions and policies are trusted; default five minutes. */
  cacheTtlMs?: number;
  /** The clock for date windows (tests and the sandbox may run on another clock). */
  now?: () => Date;
}

export class PimGateway {
  readonly app: Client;
  private readonly userClient?: (ssoToken: string) => Client;
  private readonly now: () => Date;
  private readonly roleDefinitions: TtlCache<Promise<RoleDefinition>>;
  private readonly policies: TtlCache<Promise<PolicyAssignment>>;
  private readonly roleList: TtlCache<Promise<RoleDefinition[]>>;
  private readonly users: TtlCache<UserPim>;

  constructor(options: PimGatewayOptions) {
    const ttl = options.cacheTtlMs ?? 5 * 60_000;
    this.app = options.app;
    this.userClient = options.userClient;
    this.now = options.now ?? (() => new Date());
    this.roleDefinitions = new TtlCache(ttl);
    this.policies = new TtlCache(ttl);
    this.roleList = new TtlCache(ttl, 1);
    // One client per SSO token, so the on-behalf-of exchange is not repeated on every turn.
    this.users = new TtlCache(10 * 60_000, 500);
  }

  /** Delegated calls as the user whose Teams SSO token this is. */
  forUser(ssoToken: string): UserPim {
    const factory = this.userClient;
    if (!factory) throw new Error('PimGateway has no userClient factory for delegated calls');
    return this.users.getOrCreate(ssoToken, () => new UserPim(factory(ssoToken)));
  }

  // Requests (app token)
  listPendingRequests(options?: { limit?: number }): Promise<ScheduleRequest[]> {
    return requests.listPendingRequests(this.app, options);
  }
  getRequest(requestId: string): Promise<ScheduleRequest> {
    return requests.getRequest(this.app, requestId);
  }
  listRequests(query?: requests.RequestQuery): Promise<ScheduleRequest[]> {
    return requests.listRequests(this.app, query);
  }
  adminRemove(target: requests.RoleTarget & { justification?: string }): Promise<ScheduleRequest> {
    return requests.adminRemove(this.app, target);
  }
  cancelRequest(requestId: string): Promise<void> {
    return requests.cancelRequest(this.app, requestId);
  }

  // Schedules (app token)
  listEligibilitySchedules(query?: { principalId?: string; roleDefinitionId?: string }) {
    return schedules.listEligibilitySchedules(this.app, query);
  }
  listActiveAssignments(query?: { principalId?: string; roleDefinitionId?: string }) {
    return schedules.listActiveAssignments(this.app, query);
  }

  // Roles and policies (cached)
  listRoleDefinitions(): Promise<RoleDefinition[]> {
    return this.roleList.getOrCreate('all', () => roles.listRoleDefinitions(this.app));
  }
  getRoleDefinition(roleDefinitionId: string): Promise<RoleDefinition> {
    return this.roleDefinitions.getOrCreate(roleDefinitionId, () => roles.getRoleDefinition(this.app, roleDefinitionId));
  }
  getPolicyAssignment(roleDefinitionId: string): Promise<PolicyAssignment> {
    return this.policies.getOrCreate(roleDefinitionId, () => roles.getPolicyAssignment(this.app, roleDefinitionId));
  }
  async getRolePolicy(roleDefinitionId: string): Promise<RolePolicy> {
    return summarizePolicy(await this.getPolicyAssignment(roleDefinitionId));
  }

  // People
  getUser(userId: string) {
    return directory.getUser(this.app, userId);
  }
  getMailboxSettings(userId: string) {
    return directory.getMailboxSettings(this.app, userId);
  }
  listGroupMembers(groupId: string) {
    return directory.listGroupMembers(this.app, groupId);
  }
  getPresences(userIds: string[]) {
    return directory.getPresences(this.app, userIds);
  }

  // Logs and risk
  listDirectoryAudits(query?: audit.AuditQuery) {
    return audit.listDirectoryAudits(this.app, query);
  }
  /** Directory audit records one at a time as the pages come (a long log is never held). */
  directoryAuditItems(query?: audit.AuditQuery) {
    return audit.directoryAuditItems(this.app, query);
  }
  listSignIns(query?: audit.SignInQuery) {
    return audit.listSignIns(this.app, query);
  }
  /** Sign-ins one at a time as the pages come. */
  signInItems(query?: audit.SignInQuery) {
    return audit.signInItems(this.app, query);
  }
  listRiskyUsers(query?: { userId?: string; limit?: number }) {
    return audit.listRiskyUsers(this.app, query);
  }

  /** The triage context of a request in one `$batch` round trip (plus one GET when given an id). */
  enrichRequest(requestOrId: ScheduleRequest | string, options: EnrichOptions = {}): Promise<TriageContext> {
    return enrichRequest(this.app, requestOrId, { roleDefinitions: this.roleDefinitions, policies: this.policies }, { now: this.now(), ...options });
  }

  /** Drops cached role definitions and policies (after a policy change). */
  clearCache(): void {
    this.roleDefinitions.clear();
    this.policies.clear();
    this.roleList.clear();
  }
}

/** Calls made with one user's delegated token: self-service and approvals. */
export class UserPim {
  constructor(readonly client: Client) {}

  selfActivate(input: requests.ActivationInput): Promise<ScheduleRequest> {
    return requests.selfActivate(this.client, input);
  }
  selfExtend(input: requests.ActivationInput): Promise<ScheduleRequest> {
    return requests.selfExtend(this.client, input);
  }
  selfDeactivate(target: requests.RoleTarget): Promise<ScheduleRequest> {
    return requests.selfDeactivate(this.client, target);
  }
  cancelRequest(requestId: string): Promise<void> {
    return requests.cancelRequest(this.client, requestId);
  }
  listMyRequests(on: 'principal' | 'approver', options?: { status?: string; limit?: number }): Promise<ScheduleRequest[]> {
    return requests.listMyRequests(this.client, on, options);
  }
  listMyEligibilitySchedules() {
    return schedules.listMyEligibilitySchedules(this.client);
  }
  listMyEligibilityInstances() {
    return schedules.listMyEligibilityInstances(this.client);
  }
  listMyActiveAssignments() {
    return schedules.listMyActiveAssignments(this.client);
  }
  getApproval(approvalId: string) {
    return approvals.getApproval(this.client, approvalId);
  }
  decide(approvalId: string, decision: approvals.Decision): Promise<void> {
    return approvals.decideApproval(this.client, approvalId, decision);
  }
}
