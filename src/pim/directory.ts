/** People: users with their manager and mailbox settings, group members, presence. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { call } from './call.js';
import { CallOptions } from './call-options.js';
import { seg } from './odata.js';
import { listAll, readPage } from './paging.js';
import {
  check,
  directoryObjectSchema,
  mailboxSettingsSchema,
  presenceSchema,
  userSchema,
  type DirectoryObject,
  type MailboxSettings,
  type Presence,
  type User,
} from './shapes.js';

/** Graph accepts at most 650 ids per presence call. */
const PRESENCE_LIMIT = 650;

export const userUrl = (userId: string) => `/users/${seg(userId)}?$expand=manager`;
export const mailboxSettingsUrl = (userId: string) => `/users/${seg(userId)}/mailboxSettings`;

/** A user (id or UPN) with `manager` expanded. */
export async function getUser(client: Client, userId: string): Promise<User> {
  return check<User>(userSchema, await call(() => client.api(userUrl(userId)).get()), 'user');
}

/** Time zone and automatic replies (out of office). */
export async function getMailboxSettings(client: Client, userId: string): Promise<MailboxSettings> {
  return check<MailboxSettings>(mailboxSettingsSchema, await call(() => client.api(mailboxSettingsUrl(userId)).get()), 'mailbox settings');
}

/** Direct members of a group (users, groups, devices or service principals). */
export function listGroupMembers(client: Client, groupId: string): Promise<DirectoryObject[]> {
  return listAll(client, client.api(`/groups/${seg(groupId)}/members`), { schema: directoryObjectSchema, what: 'group member' });
}

/** Presence of many users at once, in calls of up to 650 ids. */
export async function getPresences(client: Client, userIds: string[]): Promise<Presence[]> {
  const out: Presence[] = [];
  for (let i = 0; i < userIds.length; i += PRESENCE_LIMIT) {
    const ids = userIds.slice(i, i + PRESENCE_LIMIT);
    const body = await call(() =>
      client
        .api('/communications/getPresencesByUserId')
        // A read despite the POST: safe to resend after a timeout.
        .middlewareOptions([new CallOptions({ idempotent: true })])
        .post({ ids }),
    );
    out.push(...(await listAll<Presence>(client, readPage(body, 'presence'), { schema: presenceSchema, what: 'presence' })));
  }
  return out;
}
