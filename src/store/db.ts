/**
 * The database: PostgreSQL everywhere. PGlite runs it in-process (files under DATA_DIR) by default;
 * a PostgreSQL server is used when DATABASE_URL is set. Callers see one small interface.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs several statements with no parameters (migrations, pg-boss installs). */
  exec(sql: string): Promise<QueryResult<Record<string, unknown>>>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseSettings = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolMax?: number };

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.kind === 'postgres' ? openPostgres(settings.url, settings.poolMax ?? 10) : openPglite(settings.dataDir);
}

/**
 * The cluster as initdb left it, dumped from the first in-memory database of this process: later
 * ones start from a copy instead of running initdb again, which takes seconds (tests open many).
 */
let emptyCluster: Promise<Blob> | undefined;

async function newInMemory(PG: typeof PGlite): Promise<PGlite> {
  const template = await emptyCluster?.catch(() => undefined);
  if (template) return PG.create('memory://', { loadDataDir: template });
  const db = await PG.create('memory://');
  emptyCluster = db.dumpDataDir('none');
  await emptyCluster.catch(() => (emptyCluster = undefined));
  return db;
}

/** `memory://` keeps PGlite in memory (tests); anything else is a folder. */
async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  let db: PGlite;
  if (dataDir.startsWith('memory://')) db = await newInMemory(PGlite);
  else {
    const target = resolve(dataDir, 'pglite');
    await mkdir(target, { recursive: true });
    db = await PGlite.create(target);
  }
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const r = await db.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      const results = await db.exec(sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params?: unknown[]) {
            const r = await tx.query<R>(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          },
        }),
      );
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const pg = (await import('pg')).default;
  const pool: Pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: 'pim-copilot' });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const wrap = async <T>(runner: Pool | import('pg').PoolClient, sql: string, params?: unknown[]) => {
    const r = await runner.query(sql, params);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  };
  return {
    kind: 'postgres',
    query: <T>(sql: string, params?: unknown[]) => wrap<T>(pool, sql, params),
    async exec(sql: string) {
      const r = (await pool.query(sql)) as unknown;
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      const rows = ((last as { rows?: Record<string, unknown>[] })?.rows ?? []) as Record<string, unknown>[];
      return { rows, rowCount: (last as { rowCount?: number })?.rowCount ?? rows.length };
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: its connection dropping between two queries
      // would be an unhandled 'error' event and end the process. Noted here; the client is then discarded.
      let broken: Error | undefined;
      const onError = (err: Error) => void (broken = err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn({ query: <R>(sql: string, params?: unknown[]) => wrap<R>(client, sql, params) });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
