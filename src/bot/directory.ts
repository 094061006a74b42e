/**
 * What the conversation needs to know about the tenant, read with the app's token and kept for a
 * few minutes: role definitions, people (to tell who a question is about), each person's time
 * zone, and who is in a group.
 */
import type { Logger } from 'pino';
import type { GraphWiring } from '../graph-wiring.js';
import { isPassing, listAll, schemas, type DirectoryObject, type RoleDefinition } from '../pim/index.js';
import { toIanaZone, type PlannerPerson, type PlannerRole } from '../planner/index.js';

const PEOPLE_TTL_MS = 10 * 60_000;
const ZONE_TTL_MS = 60 * 60_000;
const GROUP_TTL_MS = 5 * 60_000;
/** Beyond this many users the person finder gives up on names and needs a UPN. */
const PEOPLE_LIMIT = 20_000;

interface Timed<T> {
  at: number;
  value: Promise<T>;
}

/** One shared promise per key for `ttlMs`; a failed load is forgotten at once. */
function memo<T>(ttlMs: number) {
  const entries = new Map<string, Timed<T>>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load();
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

export class TenantDirectory {
  private readonly peopleMemo = memo<PlannerPerson[]>(PEOPLE_TTL_MS);
  private readonly zoneMemo = memo<string>(ZONE_TTL_MS);
  private readonly groupMemo = memo<Set<string>>(GROUP_TTL_MS);
  private readonly plannerRoleCache = new WeakMap<RoleDefinition[], PlannerRole[]>();

  constructor(
    private readonly graph: GraphWiring,
    private readonly log: Logger,
  ) {}

  /** The tenant's role definitions (the gateway caches them). */
  roles(): Promise<RoleDefinition[]> {
    return this.graph.pim.listRoleDefinitions();
  }

  /** The same array while the gateway's cache holds: the planner keys its role aliases on it. */
  async plannerRoles(): Promise<PlannerRole[]> {
    const roles = await this.roles();
    let planner = this.plannerRoleCache.get(roles);
    if (!planner) {
      planner = roles.map((r) => ({ id: r.id, displayName: r.displayName, templateId: r.templateId ?? null }));
      this.plannerRoleCache.set(roles, planner);
    }
    return planner;
  }

  async roleName(roleDefinitionId: string): Promise<string> {
    const role = (await this.roles()).find((r) => r.id.toLowerCase() === roleDefinitionId.toLowerCase());
    return role?.displayName ?? roleDefinitionId;
  }

  /** The tenant's people, for resolving "Joni Sherman" or "jsherman" in a question. */
  people(): Promise<PlannerPerson[]> {
    return this.peopleMemo('all', async () => {
      const app = this.graph.pim.app;
      const users = await listAll<{ id: string; displayName?: string | null; userPrincipalName?: string | null; mail?: string | null; givenName?: string | null; surname?: string | null }>(
        app,
        app.api('/users').select('id,displayName,userPrincipalName,mail,givenName,surname'),
        { schema: schemas.userSchema, what: 'user', limit: PEOPLE_LIMIT },
      );
      return users
        .filter((u) => u.displayName && u.userPrincipalName)
        .map((u) => ({ id: u.id, displayName: u.displayName!, userPrincipalName: u.userPrincipalName!, mail: u.mail ?? null, givenName: u.givenName ?? null, surname: u.surname ?? null }));
    });
  }

  /**
   * A person's IANA time zone from their mailbox settings; UTC when they have none. A passing
   * failure (throttling, an outage) gives UTC for this turn only: kept, it would read "until 5pm"
   * in UTC for an hour.
   */
  async timeZone(userId: string): Promise<string> {
    try {
      return await this.zoneMemo(userId, async () => {
        try {
          return toIanaZone((await this.graph.pim.getMailboxSettings(userId)).timeZone) ?? 'UTC';
        } catch (err) {
          if (isPassing(err)) throw err;
          this.log.debug({ err, userId }, 'no mailbox time zone; using UTC');
          return 'UTC';
        }
      });
    } catch (err) {
      this.log.warn({ err, userId }, 'mailbox time zone not readable just now; using UTC for this turn');
      return 'UTC';
    }
  }

  /** Whether the user is in the group, directly or through nested groups. */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    const members = await this.groupMemo(groupId, async () => {
      const app = this.graph.pim.app;
      const objects = await listAll<DirectoryObject>(app, app.api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers`).select('id'), {
        schema: schemas.directoryObjectSchema,
        what: 'group member',
      });
      return new Set(objects.map((o) => o.id.toLowerCase()));
    });
    return members.has(userId.toLowerCase());
  }
}
