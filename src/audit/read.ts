/**
 * Reading the trail back in seq order, a page at a time (keyset on seq), so a million entries
 * never sit in memory at once. The next page is requested while the current one is consumed.
 */
import type { Queryable } from '../store/db.js';
import type { Actor, EntryKind, JsonObject, TrailEntry } from './kinds.js';

export interface EntryFilter {
  /** Entries after this seq (keyset position). */
  afterSeq?: number;
  /** Entries at or after this time. */
  since?: string;
  /** Entries before this time. */
  until?: string;
  kinds?: readonly EntryKind[];
  pageSize?: number;
}

// `at` comes back with microseconds so a sub-millisecond change is not rounded away by Date.
export const ENTRY_COLUMNS = `seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, kind, trace_id,
  request_id, actor, model_version, input_digest, output, prev_hash, hash`;

export interface EntryRow {
  seq: string | number | bigint;
  at: string;
  kind: string;
  trace_id: string;
  request_id: string | null;
  actor: unknown;
  model_version: string | null;
  input_digest: string | null;
  output: unknown;
  prev_hash: string;
  hash: string;
}

export function rowToEntry(r: EntryRow): TrailEntry {
  return {
    seq: Number(r.seq),
    at: r.at.replace(/\.(\d{3})000Z$/, '.$1Z'),
    kind: r.kind as EntryKind,
    traceId: r.trace_id,
    requestId: r.request_id,
    actor: parseJson(r.actor) as Actor,
    modelVersion: r.model_version,
    inputDigest: r.input_digest,
    output: parseJson(r.output) as JsonObject,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

// pg and PGlite both parse jsonb; a driver configured otherwise hands back text.
function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/**
 * Pages of entries in seq order, each as one JSON array text (json_agg): parsing one string is
 * much cheaper than decoding thousands of rows column by column, which dominates a long walk on
 * PGlite. The next page is requested while the current one is consumed.
 */
export async function* streamPages(db: Queryable, filter: EntryFilter = {}): AsyncGenerator<{ text: string; count: number }> {
  const pageSize = filter.pageSize ?? 5000;
  const where: string[] = ['seq > $1'];
  const params: unknown[] = [filter.afterSeq ?? 0];
  if (filter.since) where.push(`at >= $${params.push(filter.since)}`);
  if (filter.until) where.push(`at < $${params.push(filter.until)}`);
  if (filter.kinds) where.push(`kind = ANY($${params.push(filter.kinds)}::text[])`);
  const sql = `SELECT json_agg(p ORDER BY p.seq)::text AS page, count(*)::int AS n, max(p.seq)::text AS last FROM (
    SELECT ${ENTRY_COLUMNS} FROM audit_trail WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${pageSize}) p`;
  const page = (after: number) => {
    const p = db.query<{ page: string | null; n: number; last: string | null }>(sql, [after, ...params.slice(1)]);
    // A reader that stops early leaves the prefetched page unawaited; its failure is then moot.
    p.catch(() => undefined);
    return p;
  };
  let next = page(filter.afterSeq ?? 0);
  for (;;) {
    const row = (await next).rows[0];
    if (!row?.page || !row.last) return;
    if (row.n === pageSize) next = page(Number(row.last));
    yield { text: row.page, count: row.n };
    if (row.n < pageSize) return;
  }
}

export async function* streamEntries(db: Queryable, filter: EntryFilter = {}): AsyncGenerator<TrailEntry> {
  for await (const { text } of streamPages(db, filter)) {
    for (const r of JSON.parse(text) as EntryRow[]) yield rowToEntry(r);
  }
}

export async function entriesOf(db: Queryable, where: string, params: unknown[]): Promise<TrailEntry[]> {
  const { rows } = await db.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM audit_trail WHERE ${where} ORDER BY seq`, params);
  return rows.map(rowToEntry);
}
