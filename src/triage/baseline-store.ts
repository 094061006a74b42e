/**
 * Where learned baselines live (migration 002): the decided requests learned so far, per-user and
 * per-role stats, and the learning state with its watermark. Only I/O here; what to recompute and
 * how is `learn.ts`'s business, and the stats come from the pure functions of `baseline.ts`.
 */
import type { Database, Queryable } from '../store/db.js';
import { assembleBaseline } from './baseline.js';
import { SETTINGS } from './settings.js';
import type { ActivationRecord, Baseline, RoleStats, UserStats } from './types.js';

export interface LearnState {
  tenantId: string;
  windowDays: number;
  /** The `now` of the last learn: the window ended there. */
  learnedAt: string;
  /** The newest request creation time read so far. */
  watermark?: string;
}

/** Rows per statement when writing in bulk: large enough to be quick, small enough for one message. */
const CHUNK = 2_000;

function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export class BaselineStore {
  constructor(private readonly q: Queryable) {}

  /** Runs `fn` with a store bound to one transaction: a learn is all or nothing. */
  static async transaction<T>(db: Database, fn: (store: BaselineStore) => Promise<T>): Promise<T> {
    return db.transaction((tx) => fn(new BaselineStore(tx)));
  }

  async state(): Promise<LearnState | undefined> {
    const { rows } = await this.q.query<{ tenant_id: string; window_days: number; learned_at: unknown; watermark: unknown }>(
      'SELECT tenant_id, window_days, learned_at, watermark FROM triage_learn_state WHERE id',
    );
    const r = rows[0];
    return r ? { tenantId: r.tenant_id, windowDays: r.window_days, learnedAt: iso(r.learned_at) ?? '', watermark: iso(r.watermark) } : undefined;
  }

  async saveState(s: LearnState): Promise<void> {
    await this.q.query(
      `INSERT INTO triage_learn_state (id, tenant_id, window_days, learned_at, watermark, updated_at) VALUES (true, $1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, window_days = EXCLUDED.window_days, learned_at = EXCLUDED.learned_at, watermark = EXCLUDED.watermark, updated_at = now()`,
      [s.tenantId, s.windowDays, s.learnedAt, s.watermark ?? null],
    );
  }

  /** Stores the records not stored before; returns the ones that were new. */
  async addHistory(records: readonly ActivationRecord[]): Promise<ActivationRecord[]> {
    const added: ActivationRecord[] = [];
    for (const part of chunks(records)) {
      const { rows } = await this.q.query<{ record: unknown }>(
        `INSERT INTO triage_history (request_id, principal_id, role_id, created_at, record)
         SELECT e->>'requestId', e->>'principalId', e->>'roleDefinitionId', (e->>'createdDateTime')::timestamptz, e
         FROM jsonb_array_elements($1::jsonb) AS e
         ON CONFLICT (request_id) DO NOTHING
         RETURNING record`,
        [JSON.stringify(part)],
      );
      for (const r of rows) added.push(parsed<ActivationRecord>(r.record));
    }
    return added;
  }

  /** Stored records made in [from, to); all of them, or only those of the given users or roles. */
  async recordsBetween(from: Date, to: Date, only?: { principals?: readonly string[]; roles?: readonly string[] }): Promise<ActivationRecord[]> {
    const params: unknown[] = [from.toISOString(), to.toISOString()];
    let where = 'created_at >= $1 AND created_at < $2';
    if (only?.principals) {
      params.push(JSON.stringify(only.principals));
      where += ` AND principal_id IN (SELECT jsonb_array_elements_text($${params.length}::jsonb))`;
    }
    if (only?.roles) {
      params.push(JSON.stringify(only.roles));
      where += ` AND role_id IN (SELECT jsonb_array_elements_text($${params.length}::jsonb))`;
    }
    const { rows } = await this.q.query<{ record: unknown }>(`SELECT record FROM triage_history WHERE ${where} ORDER BY created_at, request_id`, params);
    return rows.map((r) => parsed<ActivationRecord>(r.record));
  }

  /** Users and roles with stored requests made in [from, to). */
  async touchedBetween(from: Date, to: Date): Promise<{ principals: string[]; roles: string[] }> {
    if (from >= to) return { principals: [], roles: [] };
    const { rows } = await this.q.query<{ principal_id: string; role_id: string }>(
      'SELECT DISTINCT principal_id, role_id FROM triage_history WHERE created_at >= $1 AND created_at < $2',
      [from.toISOString(), to.toISOString()],
    );
    return { principals: [...new Set(rows.map((r) => r.principal_id))], roles: [...new Set(rows.map((r) => r.role_id))] };
  }

  /** Writes the given stats and removes the rows of users and roles left with nothing to learn from. */
  async saveStats(users: Record<string, UserStats>, roles: Record<string, RoleStats>, removed: { principals: readonly string[]; roles: readonly string[] }): Promise<void> {
    await this.upsert('triage_baseline_users', 'principal_id', users);
    await this.upsert('triage_baseline_roles', 'role_id', roles);
    for (const part of chunks(removed.principals)) {
      await this.q.query('DELETE FROM triage_baseline_users WHERE principal_id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(part)]);
    }
    for (const part of chunks(removed.roles)) {
      await this.q.query('DELETE FROM triage_baseline_roles WHERE role_id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(part)]);
    }
  }

  /** Forgets every learned stat (not the stored requests), before learning afresh. */
  async clearStats(): Promise<void> {
    await this.q.query('DELETE FROM triage_baseline_users');
    await this.q.query('DELETE FROM triage_baseline_roles');
  }

  private async upsert(table: string, key: string, stats: Record<string, unknown>): Promise<void> {
    for (const part of chunks(Object.entries(stats))) {
      await this.q.query(
        `INSERT INTO ${table} (${key}, stats, updated_at) SELECT key, value, now() FROM jsonb_each($1::jsonb)
         ON CONFLICT (${key}) DO UPDATE SET stats = EXCLUDED.stats, updated_at = now()`,
        [JSON.stringify(Object.fromEntries(part))],
      );
    }
  }

  /** The whole stored baseline, or undefined before the first learn. */
  async load(): Promise<Baseline | undefined> {
    const state = await this.state();
    if (!state) return undefined;
    const users = await this.q.query<{ principal_id: string; stats: unknown }>('SELECT principal_id, stats FROM triage_baseline_users');
    const roles = await this.q.query<{ role_id: string; stats: unknown }>('SELECT role_id, stats FROM triage_baseline_roles');
    return assembleBaseline(
      Object.fromEntries(users.rows.map((r) => [r.principal_id, parsed<UserStats>(r.stats)])),
      Object.fromEntries(roles.rows.map((r) => [r.role_id, parsed<RoleStats>(r.stats)])),
      state.learnedAt,
      state.windowDays,
    );
  }

  /** Just the part of the baseline one request's triage reads: its requester and its role. */
  async loadFor(principalId: string, roleId: string): Promise<Baseline | undefined> {
    const state = await this.state();
    if (!state) return undefined;
    const user = await this.q.query<{ stats: unknown }>('SELECT stats FROM triage_baseline_users WHERE principal_id = $1', [principalId]);
    const role = await this.q.query<{ stats: unknown }>('SELECT stats FROM triage_baseline_roles WHERE role_id = $1', [roleId]);
    const u = user.rows[0];
    const r = role.rows[0];
    return assembleBaseline(u ? { [principalId]: parsed<UserStats>(u.stats) } : {}, r ? { [roleId]: parsed<RoleStats>(r.stats) } : {}, state.learnedAt, state.windowDays);
  }

  /** A context's history from the store: the requester's own requests and the role's latest by others, up to `now`. */
  async historyFor(principalId: string, roleId: string, now: Date, roleSample: number = SETTINGS.history.roleSample): Promise<ActivationRecord[]> {
    const { rows } = await this.q.query<{ record: unknown }>(
      `SELECT record FROM (
         (SELECT record, created_at, request_id FROM triage_history WHERE principal_id = $1 AND created_at <= $3)
         UNION ALL
         (SELECT record, created_at, request_id FROM triage_history WHERE role_id = $2 AND principal_id <> $1 AND created_at <= $3 ORDER BY created_at DESC LIMIT $4)
       ) h ORDER BY created_at, request_id`,
      [principalId, roleId, now.toISOString(), roleSample],
    );
    return rows.map((r) => parsed<ActivationRecord>(r.record));
  }
}
