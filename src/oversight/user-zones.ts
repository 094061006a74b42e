/**
 * Where the people in the logs work, for the ingest job: each user's mailbox time zone and office
 * and usage locations, read with `$batch` (two steps per user, twenty steps a call) and kept for
 * hours, since they rarely change and every poll meets the same admins. A user the app may not
 * read (no mailbox, no MailboxSettings.Read) is remembered as such, not asked again each poll.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { batch, type BatchStep, type PimGateway } from '../pim/index.js';
import { mailboxSettingsUrl } from '../pim/directory.js';
import { seg } from '../pim/odata.js';
import { TtlCache } from '../pim/ttl-cache.js';

const TTL_MS = 12 * 3600_000;
const MAX_USERS = 20_000;

type Person = Pick<Graph.User, 'id' | 'userPrincipalName' | 'displayName' | 'usageLocation' | 'officeLocation' | 'mailboxSettings'>;

function ok(status: number): boolean {
  return status >= 200 && status < 300;
}

export class UserZones {
  private readonly cache: TtlCache<Person>;
  /** Graph calls made, for tests and logs. */
  calls = 0;

  constructor(
    private readonly pim: Pick<PimGateway, 'app'>,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache<Person>(TTL_MS, MAX_USERS, now);
  }

  /** The users, as Graph users with what the oversight scan reads; cached ones without a call. */
  async users(userIds: Iterable<string>): Promise<Graph.User[]> {
    const ids = [...new Set(userIds)];
    const missing = ids.filter((id) => this.cache.get(id) === undefined);
    const passing = new Map<string, Person>();
    if (missing.length > 0) {
      const steps: BatchStep[] = missing.flatMap((id, i) => [
        { id: `u${i}`, url: `/users/${seg(id)}?$select=id,userPrincipalName,displayName,usageLocation,officeLocation` },
        { id: `m${i}`, url: mailboxSettingsUrl(id) },
      ]);
      this.calls += Math.ceil(steps.length / 20);
      const out = await batch(this.pim.app, steps);
      missing.forEach((id, i) => {
        const user = out.get(`u${i}`);
        const mailbox = out.get(`m${i}`);
        const person: Person = { id, ...(user && ok(user.status) ? (user.body as Person) : {}) };
        const timeZone = mailbox && ok(mailbox.status) ? (mailbox.body as Graph.MailboxSettings | null)?.timeZone : undefined;
        if (timeZone) person.mailboxSettings = { timeZone };
        // A refusal is an answer worth keeping; a failure (after the batch's own retries) is asked again next poll.
        const final = [user, mailbox].every((o) => o !== undefined && o.status < 500 && o.status !== 429);
        if (final) this.cache.set(id, person);
        else passing.set(id, person);
      });
    }
    return ids.map((id) => this.cache.get(id) ?? passing.get(id)).filter((p): p is Person => p !== undefined) as Graph.User[];
  }
}

const byGateway = new WeakMap<object, UserZones>();

/** One cache per gateway, so successive polls share it. */
export function userZonesFor(pim: PimGateway): UserZones {
  let zones = byGateway.get(pim);
  if (!zones) byGateway.set(pim, (zones = new UserZones(pim)));
  return zones;
}
