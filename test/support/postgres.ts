/**
 * Finds the PostgreSQL server that CI provides (TEST_DATABASE_URL, or postgres@127.0.0.1:5432/test)
 * and makes a throw-away database on it. Tests that need a server skip, saying why, when none answers.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<string | undefined> | undefined;

/** Undefined when a server answers; otherwise the reason to skip. */
export function postgresSkipReason(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (err) {
      return `no PostgreSQL server answered at ${SERVER_URL} (${(err as Error).message}); set TEST_DATABASE_URL or start one to run the server tests`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pim_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
