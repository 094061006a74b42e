/**
 * Who the accounts in the logs are: names, own time zones, whether they hold privilege, and which
 * are emergency (break-glass) accounts. Built once per scan from the directory objects given.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { resolveTimeZone, zoneFromLocation } from './local-time.js';
import type { ActivationWindow, OversightInput } from './types.js';

export interface People {
  upn(userId: string): string;
  name(userId: string): string;
  /** IANA zone for the user's local clock. */
  zone(userId: string): string;
  /** The zone as an alert names it: said to be a guess when it is one. */
  zoneLabel(userId: string): string;
  /** The zone judged from the logs that people of unknown zone are read in, when no one's zone is known. */
  guessedZone?: string;
  /** Eligible for, or has used, a directory role through PIM. */
  isPrivileged(userId: string): boolean;
  /** Holds a standing (always-on) assignment, so never acts "outside" an activation. */
  hasStandingAccess(userId: string): boolean;
  isBreakGlass(userId: string): boolean;
  /** A window met while streaming: its holder is privileged and its UPN known. */
  noteWindow(w: ActivationWindow): void;
}

export interface PeopleOptions {
  timeZones?: Readonly<Record<string, string>>;
  breakGlassUserIds?: readonly string[];
  /** Names and UPNs seen in the logs, for accounts the directory list lacks. */
  seen?: ReadonlyMap<string, { upn?: string; name?: string }>;
  /** More PIM users (request principals a streamed reader collected without keeping the requests). */
  privilegedIds?: Iterable<string>;
  /** Judged from when the logs' people act (zone-guess.ts): used only when nobody's zone is known. */
  guessZone?: () => string | undefined;
}

function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

export function buildPeople(input: OversightInput, windows: readonly ActivationWindow[], options: PeopleOptions = {}): People {
  const users = new Map<string, Graph.User>();
  for (const u of input.users ?? []) if (u.id) users.set(u.id, u);
  const zones = new Map<string, string>();
  for (const [id, u] of users) {
    // The mailbox zone is the person's own setting; an office city or a one-zone country stands in.
    const z = resolveTimeZone(u.mailboxSettings?.timeZone) ?? zoneFromLocation(u.officeLocation, u.usageLocation);
    if (z) zones.set(id, z);
  }
  // Someone without mailbox settings most likely works where their colleagues do; when no one's
  // zone is known, where the tenant's working day falls says more than UTC does.
  const colleagues = mostCommon([...zones.values()]);
  const guessedZone = colleagues === undefined ? options.guessZone?.() : undefined;
  const tenantZone = colleagues ?? guessedZone ?? 'UTC';
  for (const [id, name] of Object.entries(options.timeZones ?? {})) {
    const z = resolveTimeZone(name);
    if (z) zones.set(id, z);
  }

  const privileged = new Set<string>();
  for (const e of input.eligibilities ?? []) if (e.principalId) privileged.add(e.principalId);
  for (const w of windows) privileged.add(w.userId);
  // Anyone who ever asked PIM for a role, known before a streamed scan meets their windows.
  for (const r of input.requests ?? []) if (r.principalId) privileged.add(r.principalId);
  for (const id of options.privilegedIds ?? []) privileged.add(id);
  const standing = new Set<string>();
  for (const a of input.assignments ?? []) {
    if (!a.principalId || (a.status && !/^(Provisioned|Granted)$/i.test(a.status))) continue;
    privileged.add(a.principalId);
    if (!a.assignmentType || /^assigned$/i.test(a.assignmentType)) standing.add(a.principalId);
  }
  const breakGlass = new Set(options.breakGlassUserIds ?? []);
  const windowUpn = new Map(windows.filter((w) => w.userPrincipalName).map((w) => [w.userId, w.userPrincipalName]));

  return {
    upn: (id) => users.get(id)?.userPrincipalName ?? options.seen?.get(id)?.upn ?? windowUpn.get(id) ?? id,
    name: (id) => users.get(id)?.displayName ?? options.seen?.get(id)?.name ?? users.get(id)?.userPrincipalName ?? options.seen?.get(id)?.upn ?? id,
    zone: (id) => zones.get(id) ?? tenantZone,
    zoneLabel: (id) => zones.get(id) ?? (guessedZone ? `${guessedZone}, judged from when this tenant's admins work` : tenantZone),
    guessedZone,
    isPrivileged: (id) => privileged.has(id),
    hasStandingAccess: (id) => standing.has(id),
    isBreakGlass: (id) => breakGlass.has(id),
    noteWindow: (w) => {
      privileged.add(w.userId);
      if (w.userPrincipalName && !windowUpn.has(w.userId)) windowUpn.set(w.userId, w.userPrincipalName);
    },
  };
}

/**
 * Members of the named group (matched without regard to case), nested groups included, as
 * `$expand=members` returns them. Throws when no group has that name: a missing emergency
 * group must not silently switch break-glass monitoring off.
 */
export function breakGlassMembers(groups: readonly Graph.Group[], groupName: string): string[] {
  const wanted = groupName.trim().toLowerCase();
  const root = groups.find((g) => g.displayName?.trim().toLowerCase() === wanted);
  if (!root) throw new Error(`no group named '${groupName}' in the tenant`);
  const byId = new Map(groups.filter((g) => g.id).map((g) => [g.id as string, g]));
  const out = new Set<string>();
  const visited = new Set<string>();
  const walk = (g: Graph.Group): void => {
    if (!g.id || visited.has(g.id)) return;
    visited.add(g.id);
    for (const m of g.members ?? []) {
      if (!m.id) continue;
      const type = (m as { '@odata.type'?: string })['@odata.type'] ?? '';
      const nested = byId.get(m.id);
      if (/group$/i.test(type) || (nested && !/user$/i.test(type))) {
        if (nested) walk(nested);
      } else {
        out.add(m.id);
      }
    }
  };
  walk(root);
  return [...out];
}
