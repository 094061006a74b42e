/** Builds the planner's context from a tenant snapshot and the speaker's UPN. */
import type { TenantSnapshot } from '../tenant/snapshot.js';
import { toIanaZone } from './time-zone.js';
import type { ParseContext, PlannerPerson, PlannerRole } from './types.js';

export function rolesOf(snapshot: TenantSnapshot): PlannerRole[] {
  return snapshot['roleManagement/directory/roleDefinitions']
    .filter((r) => r.id && r.displayName)
    .map((r) => ({ id: r.id!, displayName: r.displayName!, templateId: r.templateId ?? null }));
}

export function peopleOf(snapshot: TenantSnapshot): PlannerPerson[] {
  return snapshot.users
    .filter((u) => u.id && u.displayName && u.userPrincipalName)
    .map((u) => ({ id: u.id!, displayName: u.displayName!, userPrincipalName: u.userPrincipalName!, mail: u.mail ?? null, givenName: u.givenName ?? null, surname: u.surname ?? null }));
}

/** The context for a speaker; their mailbox time zone (a Windows name) becomes an IANA zone. */
export function contextFor(snapshot: TenantSnapshot, upn: string | undefined, now: Date): ParseContext {
  const me = upn ? snapshot.users.find((u) => u.userPrincipalName?.toLowerCase() === upn.toLowerCase()) : undefined;
  return {
    roles: rolesOf(snapshot),
    people: peopleOf(snapshot),
    userId: me?.id ?? undefined,
    now,
    timeZone: toIanaZone(me?.mailboxSettings?.timeZone) ?? 'UTC',
  };
}
