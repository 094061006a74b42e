/**
 * Builds small synthetic tenants for the oversight tests: users in their own time zones, PIM
 * activations written the way Entra writes them (request, completion, expiry), admin actions and
 * sign-ins. Times are given in the acting user's local clock, as a reviewer would describe them.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { resolveTimeZone } from '../../../src/oversight/local-time.js';
import type { OversightInput } from '../../../src/oversight/types.js';

export const ROLES = {
  globalAdmin: ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  userAdmin: ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  helpdesk: ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  exchange: ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator'],
  groups: ['fdd7a751-b60b-444a-984c-02652fe8fa1c', 'Groups Administrator'],
  security: ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  intune: ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator'],
  hybrid: ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  privRole: ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
} as const;
export type RoleKey = keyof typeof ROLES;

/** A fixed-seed generator so synthetic histories are the same on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function uuid(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x1000193;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${text}#${round}`) {
      h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
      h2 = Math.imul(h2 + ch.charCodeAt(0), 2246822519) >>> 0;
    }
    hex.push(((h1 ^ h2) >>> 0).toString(16).padStart(8, '0'));
  }
  const x = hex.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/** UTC instant of a wall-clock time ("2026-03-02T09:15") in an IANA zone. */
export function fromLocal(local: string, ianaZone: string): number {
  const [date = '', time = '00:00'] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s = 0] = time.split(':').map(Number) as [number, number, number?];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: ianaZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const offsetAt = (ms: number) => {
    const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second)) - ms;
  };
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return guess;
}

interface Person {
  id: string;
  upn: string;
  name: string;
  windowsZone: string;
  zone: string;
}

export interface Activation {
  requestId: string;
  start: number;
  end: number;
}

export class TenantBuilder {
  readonly domain: string;
  private readonly people = new Map<string, Person>();
  private readonly audits: Graph.DirectoryAudit[] = [];
  private readonly signIns: Graph.SignIn[] = [];
  private readonly requests: Graph.UnifiedRoleAssignmentScheduleRequest[] = [];
  private readonly eligibilities: Graph.UnifiedRoleEligibilitySchedule[] = [];
  private readonly assignments: Graph.UnifiedRoleAssignmentSchedule[] = [];
  private readonly groupList: Graph.Group[] = [];
  private seq = 0;

  constructor(domain = 'fabrikam.example', private readonly defaultZone = 'AUS Eastern Standard Time') {
    this.domain = domain;
  }

  user(key: string, options: { name?: string; zone?: string; eligible?: RoleKey[] } = {}): string {
    const windowsZone = options.zone ?? this.defaultZone;
    const zone = resolveTimeZone(windowsZone);
    if (!zone) throw new Error(`unknown zone ${windowsZone}`);
    const person: Person = { id: uuid(`user:${key}`), upn: `${key}@${this.domain}`, name: options.name ?? key, windowsZone, zone };
    this.people.set(key, person);
    for (const role of options.eligible ?? []) {
      this.eligibilities.push({ id: uuid(`elig:${key}:${role}`), principalId: person.id, roleDefinitionId: ROLES[role][0], directoryScopeId: '/', memberType: 'Direct', status: 'Provisioned' });
    }
    return person.id;
  }

  id(key: string): string {
    return this.person(key).id;
  }

  person(key: string): Person {
    const p = this.people.get(key);
    if (!p) throw new Error(`no user ${key}`);
    return p;
  }

  /** A wall-clock time in this user's own zone, as epoch ms. */
  at(key: string, local: string): number {
    return fromLocal(local, this.person(key).zone);
  }

  group(name: string, memberKeys: string[]): void {
    this.groupList.push({
      id: uuid(`group:${name}`),
      displayName: name,
      members: memberKeys.map((k) => ({ '@odata.type': '#microsoft.graph.user', id: this.id(k) }) as Graph.DirectoryObject),
    });
  }

  standing(key: string, role: RoleKey): void {
    this.assignments.push({ id: uuid(`assign:${key}:${role}`), principalId: this.id(key), roleDefinitionId: ROLES[role][0], directoryScopeId: '/', assignmentType: 'Assigned', memberType: 'Direct', status: 'Provisioned' });
  }

  private audit(at: number, activity: string, actor: Person | undefined, targets: Graph.TargetResource[], details: Record<string, string> = {}, service = 'Core Directory'): Graph.DirectoryAudit {
    const a: Graph.DirectoryAudit = {
      id: `${service === 'PIM' ? 'PIM' : 'Directory'}_${uuid(`audit:${this.seq++}`)}`,
      category: service === 'PIM' ? 'RoleManagement' : 'UserManagement',
      activityDisplayName: activity,
      activityDateTime: new Date(at).toISOString().replace('.000Z', 'Z'),
      loggedByService: service,
      result: 'success',
      initiatedBy: { user: actor ? { id: actor.id, displayName: actor.name, userPrincipalName: actor.upn } : { id: '00000000-0000-0000-0000-000000000000', displayName: 'Azure AD PIM', userPrincipalName: null } },
      targetResources: targets,
      additionalDetails: Object.entries(details).map(([key, value]) => ({ key, value })),
    };
    this.audits.push(a);
    return a;
  }

  /** A PIM self-activation at a local time, ending by expiry (or deactivation) after `hours`. */
  activate(key: string, role: RoleKey, local: string, justification: string, options: { hours?: number; ticket?: string; deactivateAfterMinutes?: number } = {}): Activation {
    const p = this.person(key);
    const [roleId, roleName] = ROLES[role];
    const requested = this.at(key, local);
    const start = requested + 5 * 60_000;
    const hours = options.hours ?? 2;
    const planned = start + hours * 3600_000;
    const requestId = uuid(`request:${this.seq++}`);
    const ticket = options.ticket ?? `CHG${String(10_000 + this.seq).padStart(7, '0')}`;
    const targets: Graph.TargetResource[] = [
      { id: roleId, displayName: roleName, type: 'Role' },
      { id: p.id, displayName: p.name, type: 'User', userPrincipalName: p.upn },
    ];
    this.audit(requested, 'Add member to role requested (PIM activation)', p, targets, { Justification: justification, TicketNumber: ticket, RoleAssignmentRequestId: requestId }, 'PIM');
    this.audit(start, 'Add member to role completed (PIM activation)', p, targets, { RoleAssignmentRequestId: requestId, ExpirationTime: new Date(planned).toISOString() }, 'PIM');
    let end = planned;
    if (options.deactivateAfterMinutes !== undefined) {
      end = start + options.deactivateAfterMinutes * 60_000;
      this.audit(end, 'Remove member from role completed (PIM deactivate)', p, targets, { RoleAssignmentRequestId: uuid(`deact:${requestId}`) }, 'PIM');
    } else {
      this.audit(planned, 'Remove member from role (PIM activation expired)', undefined, targets, { RoleAssignmentRequestId: requestId }, 'PIM');
    }
    this.requests.push({
      id: requestId,
      action: 'selfActivate',
      principalId: p.id,
      roleDefinitionId: roleId,
      directoryScopeId: '/',
      justification,
      status: 'Provisioned',
      createdDateTime: new Date(requested).toISOString(),
      ticketInfo: { ticketNumber: ticket, ticketSystem: 'ServiceNow' },
      scheduleInfo: { startDateTime: new Date(requested).toISOString(), expiration: { type: 'afterDuration', duration: `PT${hours}H` } },
    });
    return { requestId, start, end };
  }

  /** An admin action by this user at an instant (epoch ms), against a named user or object. */
  act(key: string, at: number, activity: string, target = 'Someone', type = 'User'): void {
    const p = this.person(key);
    const other = this.people.get(target);
    const t: Graph.TargetResource = other
      ? { id: other.id, displayName: other.name, type: 'User', userPrincipalName: other.upn }
      : { id: uuid(`target:${target}`), displayName: target, type };
    this.audit(at, activity, p, [t]);
  }

  signIn(key: string, at: number, options: { app?: string; risk?: string; errorCode?: number } = {}): void {
    const p = this.person(key);
    this.signIns.push({
      id: uuid(`signin:${this.seq++}`),
      createdDateTime: new Date(at).toISOString(),
      userId: p.id,
      userPrincipalName: p.upn,
      userDisplayName: p.name,
      appDisplayName: options.app ?? 'Azure Portal',
      ipAddress: '198.51.100.7',
      riskLevelDuringSignIn: (options.risk ?? 'none') as Graph.RiskLevel,
      status: { errorCode: options.errorCode ?? 0 },
      location: { city: 'Sydney', countryOrRegion: 'AU' },
    });
  }

  /**
   * Weekday sessions of ordinary work for one user and role: `days` days back from `until`
   * (local dates), one session every `every` days, starting between 09:00 and 15:00 local.
   */
  routine(key: string, role: RoleKey, options: { until: string; days: number; every?: number; activities: string[]; perSession?: [number, number]; justification: string; startHour?: [number, number]; seed?: number; weekends?: boolean; skip?: string[] }): void {
    const rand = seeded(options.seed ?? this.seq + 7);
    const [lo, hi] = options.perSession ?? [1, 3];
    const [h0, h1] = options.startHour ?? [9, 15];
    const end = Date.parse(`${options.until}T00:00:00Z`);
    for (let d = options.days; d >= 1; d -= options.every ?? 1) {
      const day = new Date(end - d * 86_400_000);
      const dow = day.getUTCDay();
      if (!options.weekends && (dow === 0 || dow === 6)) continue;
      // PIM will not activate a role its holder already has active: leave room for hand-made sessions.
      if (options.skip?.includes(day.toISOString().slice(0, 10))) continue;
      const hour = h0 + Math.floor(rand() * (h1 - h0 + 1));
      const minute = Math.floor(rand() * 50);
      const local = `${day.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      const a = this.activate(key, role, local, options.justification);
      const n = lo + Math.floor(rand() * (hi - lo + 1));
      for (let i = 0; i < n; i++) {
        const activity = options.activities[Math.floor(rand() * options.activities.length)] as string;
        this.act(key, a.start + (10 + Math.floor(rand() * 90)) * 60_000, activity, `Colleague ${Math.floor(rand() * 40)}`);
      }
    }
  }

  input(): OversightInput {
    const users: Graph.User[] = [...this.people.values()].map((p) => ({
      id: p.id,
      userPrincipalName: p.upn,
      displayName: p.name,
      mailboxSettings: { timeZone: p.windowsZone },
    }));
    return {
      directoryAudits: [...this.audits].reverse(),
      signIns: [...this.signIns].reverse(),
      requests: this.requests,
      users,
      roleDefinitions: Object.values(ROLES).map(([id, displayName]) => ({ id, templateId: id, displayName })),
      eligibilities: this.eligibilities,
      assignments: this.assignments,
    };
  }

  groups(): Graph.Group[] {
    return this.groupList;
  }
}
