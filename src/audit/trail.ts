/**
 * The appender. Entries queue up and are written in batches (group commit: whatever arrived while
 * the previous transaction ran goes in the next one). Each transaction locks the one-row head, so
 * instances sharing a PostgreSQL server extend one linear chain. `record` writes first and only
 * then runs the action: an action whose entry could not be written does not happen.
 */
import type { Database } from '../store/db.js';
import type { Logger } from '../log.js';
import { canonicalJson, hashEntry, sha256Hex } from './chain.js';
import { ENTRY_KINDS, type Actor, type EntryInput, type EntryKind, type JsonObject, type TrailEntry } from './kinds.js';

export interface AuditTrailOptions {
  /** Time source for entries (tests pass a fixed one). */
  clock?: () => Date;
  /** Most entries written in one transaction. */
  maxBatch?: number;
  logger?: Logger;
}

/** An entry checked and reduced to plain JSON, waiting for its place in the chain. */
interface Prepared {
  kind: EntryKind;
  traceId: string;
  requestId: string | null;
  actor: Actor;
  modelVersion: string | null;
  inputDigest: string | null;
  output: JsonObject;
  inputs?: { digest: string; json: string };
}

interface Waiting {
  entry: Prepared;
  resolve: (e: TrailEntry) => void;
  reject: (err: unknown) => void;
}

export class AuditTrail {
  private readonly clock: () => Date;
  private readonly maxBatch: number;
  private readonly queue: Waiting[] = [];
  private draining = false;
  /** The head as this process last left it, and the month whose partition that write saw. */
  private head: Head | null = null;
  private partitionMonth: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: AuditTrailOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxBatch = options.maxBatch ?? 500;
  }

  /** Appends one entry; resolves once it is committed. */
  async append(input: EntryInput): Promise<TrailEntry> {
    const entry = prepare(input);
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Started a microtask later, so entries appended in the same tick share a transaction.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  /** Appends entries in one transaction: all are written, or none. */
  async appendMany(inputs: EntryInput[]): Promise<TrailEntry[]> {
    const prepared = inputs.map(prepare);
    return prepared.length > 0 ? this.write(prepared) : [];
  }

  /** Writes the entry, then runs the action. If the action throws, an `action.failed` entry follows. */
  async record<T>(input: EntryInput, action: (entry: TrailEntry) => T | Promise<T>): Promise<T> {
    const entry = await this.append(input);
    try {
      return await action(entry);
    } catch (err) {
      await this.append({
        kind: 'action.failed',
        traceId: entry.traceId,
        requestId: entry.requestId,
        actor: entry.actor,
        output: { failedSeq: entry.seq, failedKind: entry.kind, error: err instanceof Error ? err.message : String(err) },
      }).catch((e: unknown) => this.options.logger?.error({ err: e, seq: entry.seq }, 'audit: could not record the failure of an action'));
      throw err;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const written = await this.write(batch.map((w) => w.entry));
          batch.forEach((w, i) => w.resolve(written[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          // One entry the database refuses must not sink the others queued with it.
          for (const w of batch) {
            try {
              w.resolve((await this.write([w.entry]))[0]!);
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Fast path: one statement that moves the head from the state this process last saw and inserts
   * the entries; it inserts nothing if another writer moved the head first. Then (and for a new
   * month) the slow path: a transaction that locks the head row, makes the partition, and retries.
   */
  private async write(batch: Prepared[]): Promise<TrailEntry[]> {
    const head = this.head;
    const at = this.clock().toISOString();
    if (head && at.slice(0, 7) === this.partitionMonth) {
      const entries = chain(batch, head, at);
      try {
        const { rows } = await this.db.query<{ n: number }>(APPEND_SQL, appendParams(entries, batch, head));
        if (rows[0]?.n === 1) return this.advanced(entries);
      } catch (err) {
        this.head = null;
        throw err;
      }
    }
    const entries = await this.db.transaction(async (tx) => {
      const row = (await tx.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit_head WHERE id FOR UPDATE`)).rows[0];
      if (!row) throw new Error('audit_head is missing; run the migrations');
      const locked = toHead(row);
      const entries = chain(batch, locked, at);
      await tx.query('SELECT audit_ensure_partition($1)', [entries[0]!.at]);
      const { rows } = await tx.query<{ n: number }>(APPEND_SQL, appendParams(entries, batch, locked));
      if (rows[0]?.n !== 1) throw new Error('audit: the trail head moved while locked');
      return entries;
    });
    return this.advanced(entries);
  }

  private advanced(entries: TrailEntry[]): TrailEntry[] {
    const last = entries[entries.length - 1]!;
    this.head = { seq: last.seq, hash: last.hash, at: last.at };
    this.partitionMonth = last.at.slice(0, 7);
    return entries;
  }
}

interface Head {
  seq: number;
  hash: string;
  at: string | null;
}
type HeadRow = { seq: string | number; hash: string; at: string | null };
const HEAD_COLUMNS = `seq, hash, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`;
const toHead = (r: HeadRow): Head => ({ seq: Number(r.seq), hash: r.hash, at: r.at });

/** Places the batch after the head. One time for all, never before the head's, so time only moves forward along the chain. */
function chain(batch: Prepared[], head: Head, now: string): TrailEntry[] {
  const at = head.at && now < head.at ? head.at : now;
  let seq = head.seq;
  let prevHash = head.hash;
  return batch.map((p) => {
    const e = { seq: ++seq, at, kind: p.kind, traceId: p.traceId, requestId: p.requestId, actor: p.actor, modelVersion: p.modelVersion, inputDigest: p.inputDigest, output: p.output, prevHash };
    const entry: TrailEntry = { ...e, hash: hashEntry(e) };
    prevHash = entry.hash;
    return entry;
  });
}

// Data-modifying CTEs run whatever the outer query reads; both inserts wait on the head update,
// which matches only while the head is where the caller last saw it.
const APPEND_SQL = `WITH head AS (
    UPDATE audit_head SET seq = $14, hash = $15, at = $16 WHERE id AND seq = $17 AND hash = $18 RETURNING 1
  ), inputs AS (
    INSERT INTO audit_inputs (digest, body)
    SELECT d, b::jsonb FROM unnest($12::text[], $13::text[]) AS u(d, b) WHERE EXISTS (SELECT 1 FROM head)
    ON CONFLICT (digest) DO NOTHING
  ), entries AS (
    INSERT INTO audit_trail (seq, at, kind, trace_id, request_id, actor, model_version, input_digest, output, prev_hash, hash)
    SELECT s, a, k, t, r, ac::jsonb, m, d, o::jsonb, p, h
    FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
      AS u(s, a, k, t, r, ac, m, d, o, p, h)
    WHERE EXISTS (SELECT 1 FROM head)
  )
  SELECT count(*)::int AS n FROM head`;

function appendParams(entries: TrailEntry[], batch: Prepared[], head: Head): unknown[] {
  const blobs = new Map<string, string>();
  for (const p of batch) if (p.inputs) blobs.set(p.inputs.digest, p.inputs.json);
  const last = entries[entries.length - 1]!;
  return [
    entries.map((e) => e.seq),
    entries.map((e) => e.at),
    entries.map((e) => e.kind),
    entries.map((e) => e.traceId),
    entries.map((e) => e.requestId),
    entries.map((e) => JSON.stringify(e.actor)),
    entries.map((e) => e.modelVersion),
    entries.map((e) => e.inputDigest),
    entries.map((e) => JSON.stringify(e.output)),
    entries.map((e) => e.prevHash),
    entries.map((e) => e.hash),
    [...blobs.keys()],
    [...blobs.values()],
    last.seq,
    last.hash,
    last.at,
    head.seq,
    head.hash,
  ];
}

/** Same as `trail.record(entry, action)`: the entry is committed before the action runs. */
export function withTrail<T>(trail: AuditTrail, entry: EntryInput, action: (written: TrailEntry) => T | Promise<T>): Promise<T> {
  return trail.record(entry, action);
}

const KINDS = new Set<string>(ENTRY_KINDS);
const ACTOR_TYPES = new Set(['user', 'service', 'automation', 'system']);

/** Checks an entry and reduces it to plain JSON, so what is hashed is exactly what is stored. */
export function prepare(input: EntryInput): Prepared {
  if (!KINDS.has(input.kind)) throw new Error(`audit: unknown entry kind '${String(input.kind)}'`);
  if (typeof input.traceId !== 'string' || input.traceId === '') throw new Error(`audit: a ${input.kind} entry needs a trace id`);
  const actor = input.actor;
  if (!actor || !ACTOR_TYPES.has(actor.type) || typeof actor.id !== 'string' || actor.id === '') {
    throw new Error(`audit: a ${input.kind} entry needs an actor with a type (user, service, automation, system) and an id`);
  }
  if (input.kind === 'triage.analysis' && !input.modelVersion) throw new Error('audit: a triage.analysis entry needs the model version');
  const output = plainJson(input.output, 'output');
  if (output === null || typeof output !== 'object' || Array.isArray(output)) throw new Error(`audit: a ${input.kind} entry's output must be an object`);
  let inputs: Prepared['inputs'];
  let inputDigest = input.inputDigest ?? null;
  if (input.inputs !== undefined) {
    const json = canonicalJson(plainJson(input.inputs, 'inputs'));
    inputs = { digest: sha256Hex(json), json };
    if (inputDigest !== null && inputDigest !== inputs.digest) throw new Error('audit: inputDigest does not match the inputs given');
    inputDigest = inputs.digest;
  }
  return {
    kind: input.kind,
    traceId: input.traceId,
    requestId: input.requestId ?? null,
    actor: plainJson({ type: actor.type, id: actor.id, name: actor.name }, 'actor') as unknown as Actor,
    modelVersion: input.modelVersion ?? null,
    inputDigest,
    output: output as JsonObject,
    inputs,
  };
}

/**
 * JSON round trip (drops undefined, turns dates into strings), then refuses what PostgreSQL's
 * jsonb would refuse or alter: NUL characters and lone surrogates.
 */
function plainJson(value: unknown, what: string): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`audit: ${what} has no JSON form`);
  if (text.includes('\\u0000')) throw new Error(`audit: ${what} contains a NUL character, which the database cannot store`);
  const parsed: unknown = JSON.parse(text);
  canonicalJson(parsed); // throws on lone surrogates
  return parsed;
}
