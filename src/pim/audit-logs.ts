/** Audit and risk signals: directory audits and sign-ins by date, risky-user state. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { eqFilter, isoInstant, quote } from './odata.js';
import { listAll, pageItems } from './paging.js';
import { directoryAuditSchema, riskyUserSchema, signInSchema, type DirectoryAudit, type RiskyUser, type SignIn } from './shapes.js';

export interface AuditQuery {
  since?: Date | string;
  until?: Date | string;
  /** Only events the user initiated. */
  initiatedByUserId?: string;
  category?: string;
  activityDisplayName?: string;
  limit?: number;
}

export function directoryAuditsFilter(query: AuditQuery): string | undefined {
  const parts: string[] = [];
  if (query.since !== undefined) parts.push(`activityDateTime ge ${isoInstant(query.since)}`);
  if (query.until !== undefined) parts.push(`activityDateTime le ${isoInstant(query.until)}`);
  const eq = eqFilter({ 'initiatedBy/user/id': query.initiatedByUserId, category: query.category, activityDisplayName: query.activityDisplayName });
  if (eq) parts.push(eq);
  return parts.length ? parts.join(' and ') : undefined;
}

/** Directory audit events in a time window, newest first, paged. */
export function listDirectoryAudits(client: Client, query: AuditQuery = {}): Promise<DirectoryAudit[]> {
  return listAll(client, directoryAuditsRequest(client, query), { schema: directoryAuditSchema, what: 'directory audit', limit: query.limit });
}

/** The same, one record at a time as the pages come, for logs too long to hold. */
export function directoryAuditItems(client: Client, query: AuditQuery = {}): AsyncGenerator<DirectoryAudit> {
  return pageItems(client, directoryAuditsRequest(client, query), { schema: directoryAuditSchema, what: 'directory audit', limit: query.limit });
}

function directoryAuditsRequest(client: Client, query: AuditQuery) {
  const request = client.api('/auditLogs/directoryAudits');
  const filter = directoryAuditsFilter(query);
  if (filter) request.filter(filter);
  return request;
}

export interface SignInQuery {
  since?: Date | string;
  until?: Date | string;
  userId?: string;
  limit?: number;
}

export function signInsFilter(query: SignInQuery): string | undefined {
  const parts: string[] = [];
  if (query.since !== undefined) parts.push(`createdDateTime ge ${isoInstant(query.since)}`);
  if (query.until !== undefined) parts.push(`createdDateTime le ${isoInstant(query.until)}`);
  if (query.userId !== undefined) parts.push(`userId eq ${quote(query.userId)}`);
  return parts.length ? parts.join(' and ') : undefined;
}

/** Sign-ins in a time window, newest first, paged. */
export function listSignIns(client: Client, query: SignInQuery = {}): Promise<SignIn[]> {
  return listAll(client, signInsRequest(client, query), { schema: signInSchema, what: 'sign-in', limit: query.limit });
}

/** The same, one record at a time as the pages come. */
export function signInItems(client: Client, query: SignInQuery = {}): AsyncGenerator<SignIn> {
  return pageItems(client, signInsRequest(client, query), { schema: signInSchema, what: 'sign-in', limit: query.limit });
}

function signInsRequest(client: Client, query: SignInQuery) {
  const request = client.api('/auditLogs/signIns');
  const filter = signInsFilter(query);
  if (filter) request.filter(filter);
  // A small limit asks for a small page: the newest sign-in alone is one record, not a page of 1,000.
  if (query.limit !== undefined && query.limit < 1000) request.top(Math.max(1, query.limit));
  return request;
}

/** Risky-user records; with `userId`, that user's record only (an empty list means not risky). */
export function listRiskyUsers(client: Client, query: { userId?: string; limit?: number } = {}): Promise<RiskyUser[]> {
  const request = client.api('/identityProtection/riskyUsers');
  if (query.userId) request.filter(`id eq ${quote(query.userId)}`);
  return listAll(client, request, { schema: riskyUserSchema, what: 'risky user', limit: query.limit });
}
