/**
 * Expands a role's approval rule into the people who can approve (single users, group members,
 * the requester's manager), each with their Teams presence and whether they are out of office.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { ApproverSubject } from './policy-rules.js';
import { zonedInstant } from './time.js';
import type { ApproverCandidate } from './types.js';

export interface DirectoryLookup {
  user(id: string): Graph.User | undefined;
  group(id: string): Graph.Group | undefined;
  presence(userId: string): Graph.Presence | undefined;
}

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

/** A group's user members, as `$expand=members` gives them. */
export function groupMemberIds(group: Graph.Group | undefined): string[] {
  return ((group as { members?: Array<{ id?: string; '@odata.type'?: string }> } | undefined)?.members ?? [])
    .filter((m) => m.id && (!m['@odata.type'] || lower(m['@odata.type']).endsWith('user')))
    .map((m) => m.id as string);
}

/**
 * Out of office when Teams says so, when automatic replies are always on, or when they are
 * scheduled and `now` falls inside the schedule (read in the schedule's own time zone).
 */
export function isOutOfOffice(user: Graph.User | undefined, presence: Graph.Presence | undefined, now: Date): boolean {
  if ((presence as { outOfOfficeSettings?: { isOutOfOffice?: boolean } } | undefined)?.outOfOfficeSettings?.isOutOfOffice) return true;
  const auto = user?.mailboxSettings?.automaticRepliesSetting;
  const status = lower(auto?.status);
  if (status === '' || status === 'disabled') return false;
  if (status !== 'scheduled') return true;
  const start = auto?.scheduledStartDateTime;
  const end = auto?.scheduledEndDateTime;
  const from = start?.dateTime ? zonedInstant(start.dateTime, start.timeZone ?? 'UTC') : undefined;
  const to = end?.dateTime ? zonedInstant(end.dateTime, end.timeZone ?? 'UTC') : undefined;
  return (!from || from <= now) && (!to || to >= now);
}

export function approverCandidates(subjects: ReadonlyArray<{ subject: ApproverSubject; escalation: boolean }>, requester: Graph.User, dir: DirectoryLookup, now: Date): ApproverCandidate[] {
  const out: ApproverCandidate[] = [];
  const add = (id: string | undefined | null, via: string, escalation: boolean): void => {
    const u = id ? dir.user(id) : undefined;
    if (!u?.id) return;
    const p = dir.presence(u.id);
    out.push({
      id: u.id,
      userPrincipalName: u.userPrincipalName ?? undefined,
      displayName: u.displayName ?? undefined,
      via,
      escalation: escalation || undefined,
      availability: p?.availability ?? undefined,
      outOfOffice: isOutOfOffice(u, p, now),
    });
  };
  for (const { subject, escalation } of subjects) {
    const type = lower(subject['@odata.type']);
    const suffix = escalation ? ' (escalation)' : '';
    if (type.endsWith('singleuser')) add(subject.userId, `named approver${suffix}`, escalation);
    else if (type.endsWith('groupmembers')) {
      const g = subject.groupId ? dir.group(subject.groupId) : undefined;
      for (const id of groupMemberIds(g)) add(id, `${g?.displayName ?? subject.description ?? 'approver group'}${suffix}`, escalation);
    } else if (type.endsWith('requestormanager')) add(requester.manager?.id, `requester's manager${suffix}`, escalation);
  }
  return out;
}
