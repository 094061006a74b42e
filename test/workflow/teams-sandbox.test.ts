import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../pim/sandbox-harness.js';
import { ensureAppInstalled } from '../../src/workflow/teams-install.js';

const APP = '3c7a1b2e-5d4f-4e6a-8b9c-0d1e2f3a4b5c';

describe('sandbox: the Teams side (installed apps, chats)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('installs an app for a user once and gives the 1:1 chat with it', async () => {
    const user = h.userId('mbowen');
    const path = `/users/${user}/teamwork/installedApps`;
    assert.deepEqual(((await h.app.api(path).get()) as { value: unknown[] }).value, []);
    assert.equal(await ensureAppInstalled(h.app, user, APP), 'installed');
    assert.equal(await ensureAppInstalled(h.app, user, APP), 'present');
    const list = (await h.app.api(path).filter(`teamsApp/id eq '${APP}'`).get()) as { value: Array<{ id: string; teamsApp: { id: string } }> };
    assert.equal(list.value.length, 1);
    assert.equal(list.value[0]!.teamsApp.id, APP);
    await assert.rejects(h.app.api(path).post({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${APP}` }), (err: { statusCode?: number }) => err.statusCode === 409);
    const chat = (await h.app.api(`${path}/${list.value[0]!.id}/chat`).get()) as { id: string; chatType: string };
    assert.equal(chat.chatType, 'oneOnOne');
    const chats = (await h.app.api(`/users/${user}/chats`).get()) as { value: Array<{ id: string }> };
    assert.deepEqual(chats.value.map((c) => c.id), [chat.id]);
    await h.app.api(`${path}/${list.value[0]!.id}`).delete();
    assert.deepEqual(((await h.app.api(path).get()) as { value: unknown[] }).value, []);
  });

  it('refuses an unknown user and a body without the app', async () => {
    await assert.rejects(h.app.api('/users/00000000-0000-0000-0000-000000000000/teamwork/installedApps').get(), (err: { statusCode?: number }) => err.statusCode === 404);
    await assert.rejects(h.app.api(`/users/${h.userId('mbowen')}/teamwork/installedApps`).post({}), (err: { statusCode?: number }) => err.statusCode === 400);
  });
});
