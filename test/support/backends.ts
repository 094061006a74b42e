/** Runs a suite once on PGlite (in memory) and once on the PostgreSQL server, when one answers. */
import { after, before, describe } from 'node:test';
import { openDatabase, type Database } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestDatabase, postgresSkipReason } from './postgres.js';

export interface Backend {
  db: Database;
  /** Set for the server backend: what pg-boss connects to. */
  url?: string;
}

export async function eachBackend(title: string, suite: (backend: () => Backend) => void): Promise<void> {
  describe(`${title} (PGlite)`, () => {
    let backend: Backend;
    before(async () => {
      const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
      await migrate(db);
      backend = { db };
    });
    after(async () => backend?.db.close());
    suite(() => backend);
  });

  const skip = await postgresSkipReason();
  describe(`${title} (PostgreSQL server)`, { skip }, () => {
    let backend: Backend;
    let drop: (() => Promise<void>) | undefined;
    before(async () => {
      const made = await createTestDatabase();
      drop = made.drop;
      const db = await openDatabase({ kind: 'postgres', url: made.url });
      await migrate(db);
      backend = { db, url: made.url };
    });
    after(async () => {
      await backend?.db.close();
      await drop?.();
    });
    suite(() => backend);
  });
}
