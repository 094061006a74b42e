/**
 * The bot can only open a 1:1 chat with someone who has the app, so before a first card the app
 * is installed for the approver (Graph `users/{id}/teamwork/installedApps`, application permission
 * TeamsAppInstallation.ReadWriteForUser.All). Graph's 409 means it is there already.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { ConflictError, toPimError } from '../pim/index.js';

/** Graph wants an absolute bind URL whatever base URL the client uses. */
const CATALOG = 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps';

async function graphCall<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw toPimError(err);
  }
}

export async function ensureAppInstalled(client: Client, userId: string, teamsAppId: string): Promise<'present' | 'installed'> {
  const path = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
  const found = await graphCall<{ value?: unknown[] }>(() => client.api(path).filter(`teamsApp/id eq '${teamsAppId.replace(/'/g, "''")}'`).get());
  if ((found.value ?? []).length > 0) return 'present';
  try {
    await graphCall(() => client.api(path).post({ 'teamsApp@odata.bind': `${CATALOG}/${encodeURIComponent(teamsAppId)}` }));
    return 'installed';
  } catch (err) {
    if (err instanceof ConflictError) return 'present';
    throw err;
  }
}
