import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EtagConflictError, PostgresStorage } from '../../src/store/bot-storage.js';
import { eachBackend } from '../support/backends.js';

await eachBackend('bot state storage', (backend) => {
  it('writes, reads and deletes items', async () => {
    const s = new PostgresStorage(backend().db);
    await s.write({ 'msteams/bot/conversations/a': { topic: 'roles', count: 1 }, 'msteams/bot/users/u': { name: 'Jane' } });
    const items = await s.read(['msteams/bot/conversations/a', 'msteams/bot/users/u', 'missing']);
    assert.equal(items['msteams/bot/conversations/a'].topic, 'roles');
    assert.equal(items['msteams/bot/users/u'].name, 'Jane');
    assert.equal(typeof items['msteams/bot/users/u'].eTag, 'string');
    assert.equal(items.missing, undefined);
    await s.delete(['msteams/bot/users/u']);
    assert.deepEqual(Object.keys(await s.read(['msteams/bot/users/u'])), []);
  });

  it('gives a new eTag on each write and refuses a stale one', async () => {
    const s = new PostgresStorage(backend().db);
    await s.write({ k1: { v: 1 } });
    const first = (await s.read(['k1'])).k1;
    await s.write({ k1: { ...first, v: 2 } });
    const second = (await s.read(['k1'])).k1;
    assert.notEqual(second.eTag, first.eTag);
    assert.equal(second.v, 2);
    await assert.rejects(s.write({ k1: { ...first, v: 3 } }), EtagConflictError);
    assert.equal((await s.read(['k1'])).k1.v, 2, 'the conflicting write changed nothing');
  });

  it('lets "*" and a missing eTag overwrite', async () => {
    const s = new PostgresStorage(backend().db);
    await s.write({ k2: { v: 1 } });
    await s.write({ k2: { v: 2, eTag: '*' } });
    await s.write({ k2: { v: 3 } });
    assert.equal((await s.read(['k2'])).k2.v, 3);
  });

  it('lets exactly one of two racing writers with the same eTag win', async () => {
    const s = new PostgresStorage(backend().db);
    await s.write({ k3: { v: 0 } });
    const base = (await s.read(['k3'])).k3;
    const results = await Promise.allSettled([s.write({ k3: { ...base, v: 'a' } }), s.write({ k3: { ...base, v: 'b' } })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
  });

  it('keeps nested documents intact', async () => {
    const s = new PostgresStorage(backend().db);
    const doc = { conversation: { pending: { role: 'Exchange Administrator', minutes: 120 } }, list: [1, 'two', null] };
    await s.write({ k4: doc });
    const { eTag: _eTag, ...back } = (await s.read(['k4'])).k4;
    assert.deepEqual(back, doc);
  });
});
