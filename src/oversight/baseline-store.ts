/**
 * The learned baseline kept between polls (table oversight_baseline): written as JSON with each
 * map as its entries, read back as the same structure.
 */
import type { Queryable } from '../store/db.js';
import type { RoleProfile, SessionBaseline, UserProfile } from './baseline.js';

type Entries<T> = Array<[string, T]>;
type Counts = Entries<number>;

interface StoredBaseline {
  until: number;
  roles: Entries<Omit<RoleProfile, 'activities' | 'targetTypes'> & { activities: Counts; targetTypes: Counts }>;
  users: Entries<Omit<UserProfile, 'activities' | 'targetTypes'> & { activities: Counts; targetTypes: Counts }>;
  tenant: Omit<SessionBaseline['tenant'], 'activities'> & { activities: Counts };
  guessedZone?: string;
}

export function toStored(b: SessionBaseline): StoredBaseline {
  return {
    until: b.until,
    roles: [...b.roles].map(([id, r]) => [id, { ...r, activities: [...r.activities], targetTypes: [...r.targetTypes] }]),
    users: [...b.users].map(([id, u]) => [id, { ...u, activities: [...u.activities], targetTypes: [...u.targetTypes] }]),
    tenant: { ...b.tenant, activities: [...b.tenant.activities] },
    ...(b.guessedZone && { guessedZone: b.guessedZone }),
  };
}

export function fromStored(s: StoredBaseline): SessionBaseline {
  return {
    until: s.until,
    roles: new Map(s.roles.map(([id, r]) => [id, { ...r, activities: new Map(r.activities), targetTypes: new Map(r.targetTypes) }])),
    users: new Map(s.users.map(([id, u]) => [id, { ...u, activities: new Map(u.activities), targetTypes: new Map(u.targetTypes) }])),
    tenant: { ...s.tenant, activities: new Map(s.tenant.activities) },
    ...(s.guessedZone && { guessedZone: s.guessedZone }),
  };
}

export interface KeptBaseline {
  baseline: SessionBaseline;
  /** How many days of history it was learned from, and when. */
  historyDays: number;
  learnedAt: Date;
}

export async function loadBaseline(db: Queryable): Promise<KeptBaseline | undefined> {
  const { rows } = await db.query<{ baseline: StoredBaseline | string; history_days: number; learned_at: Date | string }>(
    'SELECT baseline, history_days, learned_at FROM oversight_baseline WHERE id',
  );
  const row = rows[0];
  if (!row) return undefined;
  const stored = typeof row.baseline === 'string' ? (JSON.parse(row.baseline) as StoredBaseline) : row.baseline;
  return { baseline: fromStored(stored), historyDays: row.history_days, learnedAt: new Date(row.learned_at) };
}

export async function saveBaseline(db: Queryable, baseline: SessionBaseline, historyDays: number): Promise<void> {
  await db.query(
    `INSERT INTO oversight_baseline (id, learned_until, history_days, baseline, learned_at) VALUES (true, $1, $2, $3, now())
     ON CONFLICT (id) DO UPDATE SET learned_until = EXCLUDED.learned_until, history_days = EXCLUDED.history_days,
       baseline = EXCLUDED.baseline, learned_at = now()`,
    [new Date(baseline.until), historyDays, JSON.stringify(toStored(baseline))],
  );
}
