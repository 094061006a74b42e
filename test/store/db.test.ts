import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/store/db.js';

describe('in-memory databases', () => {
  it('start empty and stay apart, however many a process opens', async () => {
    const first = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    const second = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await first.exec('CREATE TABLE note (body text); INSERT INTO note VALUES ($$first$$)');
      const third = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
      try {
        for (const db of [second, third]) {
          const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
          assert.equal(rows[0]?.n, 0, 'no table of another database');
        }
        await third.exec('CREATE TABLE note (body text)');
        assert.deepEqual((await first.query('SELECT body FROM note')).rows, [{ body: 'first' }]);
        assert.equal((await third.query('SELECT body FROM note')).rowCount, 0);
      } finally {
        await third.close();
      }
    } finally {
      await first.close();
      await second.close();
    }
  });
});
