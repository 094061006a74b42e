/**
 * The roleAssignmentScheduleRequest object as Graph returns it, built from a request body, and
 * the small readings of it PIM needs (requested start, enum casing).
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../caller.js';
import { isoSeconds } from '../clock.js';
import type { Rec } from '../store/collection.js';

/** A new request; `extra` sets status, schedule and the fields that depend on the action. */
export function newRequest(body: Rec, caller: Caller, action: string, now: number, extra: Rec): Rec {
  const id = randomUUID();
  const ticket = (body.ticketInfo ?? {}) as Rec;
  return {
    id,
    status: 'Granted',
    createdDateTime: isoSeconds(now),
    completedDateTime: null,
    approvalId: null,
    customData: null,
    action,
    principalId: body.principalId,
    roleDefinitionId: body.roleDefinitionId,
    directoryScopeId: typeof body.directoryScopeId === 'string' ? body.directoryScopeId : null,
    appScopeId: typeof body.appScopeId === 'string' ? body.appScopeId : null,
    isValidationOnly: body.isValidationOnly === true,
    targetScheduleId: id,
    justification: typeof body.justification === 'string' ? body.justification : null,
    createdBy: {
      application: caller.kind === 'app' ? { id: caller.appId, displayName: caller.appDisplayName } : null,
      device: null,
      user: caller.kind === 'user' ? { displayName: null, id: caller.id } : null,
    },
    scheduleInfo: null,
    ticketInfo: { ticketNumber: ticket.ticketNumber ?? null, ticketSystem: ticket.ticketSystem ?? null },
    ...extra,
  };
}

const EXPIRATION_TYPES: Record<string, string> = {
  afterduration: 'afterDuration',
  afterdatetime: 'afterDateTime',
  noexpiration: 'noExpiration',
  notspecified: 'notSpecified',
};

/** Enum values are accepted in any case and answered in camelCase. */
export function camelType(type: unknown): string {
  const text = String(type);
  return EXPIRATION_TYPES[text.toLowerCase()] ?? text;
}

export function startOf(request: Rec, fallback: number): number {
  const t = Date.parse(String((request.scheduleInfo as Rec | undefined)?.startDateTime ?? ''));
  return Number.isNaN(t) ? fallback : t;
}
