import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseQuery } from '../../src/sandbox/odata/options.js';
import { Collection } from '../../src/sandbox/store/collection.js';
import { listPage } from '../../src/sandbox/store/list.js';
import { readCollections } from '../../src/tenant/json-collections.js';
import { TenantState } from '../../src/sandbox/state.js';

function requests(n: number) {
  const c = new Collection('requests', { indexes: ['principalId', 'status'], time: { field: 'createdDateTime' } });
  for (let i = 0; i < n; i++) {
    c.add({ id: `r${i}`, principalId: `p${i % 10}`, status: i % 3 === 0 ? 'Denied' : 'Provisioned', createdDateTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
  }
  return c;
}

const page = (c: Collection, query: string) => listPage({ collection: c, query: parseQuery(new URLSearchParams(query)) });

describe('sandbox store', () => {
  const dir = mkdtemp(join(tmpdir(), 'sandbox-store-'));
  after(async () => rm(await dir, { recursive: true, force: true }));

  it('finds by id and by indexed properties, case-insensitively', () => {
    const c = requests(1000);
    assert.equal(c.find('R999')?.id, 'r999');
    assert.equal(c.lookup('principalId', 'P3')?.length, 100);
    const pos = c.positionOf('r3');
    c.update(pos, { ...c.get(pos), status: 'Canceled' });
    assert.equal(c.lookup('status', 'canceled')?.length, 1);
    c.remove(pos);
    assert.equal(c.find('r3'), undefined);
    assert.equal(c.lookup('principalId', 'p3')?.length, 99);
    assert.equal(c.count, 999);
  });

  it('pages through a filtered collection without repeats, resuming from the token', () => {
    const c = requests(1000);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const p = page(c, `$filter=principalId eq 'p3' and status eq 'Provisioned'&$top=7${token ? `&$skiptoken=${token}` : ''}`);
      seen.push(...p.items.map((r) => String(r.id)));
      token = p.next;
    } while (token);
    const expected = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 10 === 3 && i % 3 !== 0).map((i) => `r${i}`);
    assert.deepEqual(seen, expected);
  });

  it('uses the time index for ranges, with $skip, $orderby and $count', () => {
    const c = requests(1000);
    const p = page(c, '$filter=createdDateTime ge 2026-01-01T01:00:00Z and createdDateTime lt 2026-01-01T02:00:00Z&$count=true&$skip=10&$top=5');
    assert.equal(p.count, 60);
    assert.deepEqual(p.items.map((r) => r.id), ['r70', 'r71', 'r72', 'r73', 'r74']);
    const desc = page(c, '$orderby=createdDateTime desc&$top=2');
    assert.deepEqual(desc.items.map((r) => r.id), ['r999', 'r998']);
    assert.ok(desc.next);
  });

  it('counts from the index alone only when the index answers the whole filter', () => {
    const c = requests(100);
    c.add({ id: 'undated', principalId: 'p1', status: 'Provisioned' });
    assert.equal(page(c, '$filter=createdDateTime le 2026-01-01T00:09:00Z&$count=true').count, 10);
    assert.equal(page(c, '$filter=createdDateTime ge 2026-01-01T00:00:00Z&$count=true').count, 100);
    assert.equal(page(c, "$filter=principalId eq 'p1'&$count=true").count, 11);
    assert.equal(page(c, "$filter=principalId eq 'p1' and status eq 'Denied'&$count=true").count, 3);
    assert.equal(page(c, "$filter=status in ('Denied', 'provisioned')&$count=true").count, 101);
  });

  it('lists newest first when the collection says so, including records added later', () => {
    const c = new Collection('audits', { time: { field: 'activityDateTime', newestFirst: true } });
    c.add({ id: 'b', activityDateTime: '2026-01-02T00:00:00Z' });
    c.add({ id: 'a', activityDateTime: '2026-01-01T00:00:00Z' });
    c.add({ id: 'c', activityDateTime: '2026-01-03T00:00:00Z' });
    c.add({ id: 'a2', activityDateTime: '2026-01-01T12:00:00Z' });
    assert.deepEqual(page(c, '').items.map((r) => r.id), ['c', 'b', 'a2', 'a']);
  });

  it('streams a snapshot file of any layout, element by element with byte offsets', async () => {
    const path = join(await dir, 'odd.json');
    const text = '{ "meta": {"a": [1, {"b": "]"}]}, "organization": [ {"id": "t1", "s": "quote \\" and } brace"} ],\n "users":[],"nums": [1, 2.5 , "x,y", null] }';
    await writeFile(path, text);
    const seen: Array<[string, string]> = [];
    const keys = await readCollections(path, (key) => (json, offset) => {
      const element = json.toString('utf8');
      assert.equal(Buffer.from(text).subarray(offset, offset + json.length).toString(), element);
      seen.push([key, element]);
    });
    assert.deepEqual(keys, ['meta', 'organization', 'users', 'nums']);
    assert.deepEqual(seen, [
      ['organization', '{"id": "t1", "s": "quote \\" and } brace"}'],
      ['nums', '1'],
      ['nums', '2.5'],
      ['nums', '"x,y"'],
      ['nums', 'null'],
    ]);
  });

  it('names the file and the fault when a snapshot file is cut short or is not an object', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const cut = join(await dir, 'cut.json');
    await writeFile(cut, '{"organization": [{"id": "t1"}], "users": [{"id": "u1", "displayName": "Ada');
    await assert.rejects(TenantState.fromFile(cut), (err: Error) => err.message === `${cut}: not a tenant snapshot (the JSON ends early)`);
    const list = join(await dir, 'list.json');
    await writeFile(list, '[{"id": "t1"}]');
    await assert.rejects(TenantState.fromFile(list), /list\.json: not a tenant snapshot \(expected a JSON object keyed by Graph path\)/);
    assert.equal(openFiles(), before, 'a tenant that did not load keeps no file open');
  });

  it('loads a file with the log-like collections left on disk, read back by offset', async () => {
    const path = join(await dir, 'tenant.json');
    const audits = Array.from({ length: 50 }, (_, i) => ({ id: `a${i}`, activityDateTime: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), note: 'é ünïcode ✓' }));
    await writeFile(path, JSON.stringify({ organization: [{ id: 't1' }], users: [{ id: 'u1', userPrincipalName: 'U1@x.example' }], 'auditLogs/directoryAudits': audits }));
    const state = await TenantState.fromFile(path);
    try {
      assert.equal(state.tenantId, 't1');
      assert.equal(state.collections.users.findBy('userPrincipalName', 'u1@X.example')?.id, 'u1');
      assert.deepEqual(state.collections.audits.find('a42'), audits[42]);
      assert.equal(page(state.collections.audits, '$top=1').items[0]?.id, 'a49');
    } finally {
      state.close();
    }
  });
});
