/**
 * Verification: walk the chain in seq order (from the database, or from a JSON Lines export or
 * archive) and report the first link that does not hold. The database walk starts where the last
 * archive ended and must finish on the head, so entries cut from either end are noticed too.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Queryable } from '../store/db.js';
import { ChainChecker, GENESIS, canonicalJson, sha256Hex, short, type ChainAnchor, type ChainBreak } from './chain.js';
import type { TrailEntry } from './kinds.js';
import { streamPages } from './read.js';
import type { PageResult } from './verify-page.js';
import { inlinePool, workerPool } from './verify-pool.js';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Where the walk started: genesis, the end of the last archive, or a file's first link. */
  anchor: ChainAnchor;
  lastSeq: number;
  lastHash: string;
  broken?: ChainBreak;
  /** Stored model inputs re-hashed (database walks only). */
  inputsChecked?: number;
  seconds: number;
}

export interface VerifyOptions {
  /** Called after each page with entries checked so far and the number expected. */
  onProgress?: (checked: number, total: number) => void;
  pageSize?: number;
  /** Hash on worker threads; by default only when the walk is ten pages or more. */
  threads?: boolean;
}

/** Where the chain in the database begins: after the newest archive, or at genesis. */
export async function chainAnchor(db: Queryable): Promise<ChainAnchor> {
  const { rows } = await db.query<{ last_seq: string | number; last_hash: string }>(
    'SELECT last_seq, last_hash FROM audit_archives ORDER BY last_seq DESC LIMIT 1',
  );
  const last = rows[0];
  return last ? { nextSeq: Number(last.last_seq) + 1, prevHash: last.last_hash } : GENESIS;
}

export async function verifyDatabase(db: Queryable, options: VerifyOptions = {}): Promise<VerifyResult> {
  const started = performance.now();
  const anchor = await chainAnchor(db);
  const head = (await db.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id')).rows[0];
  if (!head) throw new Error('audit_head is missing; run the migrations');
  const headSeq = Number(head.seq);
  const total = Math.max(0, headSeq - anchor.nextSeq + 1);
  const checker = new ChainChecker(anchor);
  const pageSize = options.pageSize ?? 10_000;
  // Threads pay off only on long walks; a worker takes a moment to start.
  const threads = options.threads ?? total >= 10 * pageSize;
  const pool = threads ? workerPool() : inlinePool;
  const inFlight: Promise<PageResult>[] = [];
  const join = (r: PageResult): boolean => {
    if (r.first && !checker.follows(r.first)) return false;
    if (r.last) checker.accept(r.checked, r.last);
    if (r.broken) checker.broken = r.broken;
    options.onProgress?.(checker.checked, total);
    return !r.broken;
  };
  try {
    for await (const page of streamPages(db, { pageSize })) {
      const pending = pool.check(page.text);
      pending.catch(() => undefined);
      inFlight.push(pending);
      if (inFlight.length >= 4 && !join(await inFlight.shift()!)) break;
    }
    while (!checker.broken && inFlight.length > 0) join(await inFlight.shift()!);
  } finally {
    await pool.close();
  }
  if (!checker.broken && (checker.lastSeq !== headSeq || checker.lastHash !== head.hash)) {
    const last = checker.lastSeq;
    checker.fail(
      last < headSeq ? last + 1 : last > headSeq ? headSeq + 1 : headSeq,
      'head-mismatch',
      last < headSeq
        ? `the chain ends at entry ${last}, but the head says ${headSeq} entries were written: entries ${last + 1}–${headSeq} are missing`
        : `the head says entry ${headSeq} (${short(head.hash)}) is the last, but the chain ends at entry ${last} (${short(checker.lastHash)})`,
    );
  }
  const inputs = checker.broken ? { checked: 0 } : await verifyInputs(db, pageSize);
  if (inputs.broken && !checker.broken) checker.broken = inputs.broken;
  return result(checker, anchor, started, inputs.checked);
}

/** Each stored model input must still hash to the digest it is filed under. */
async function verifyInputs(db: Queryable, pageSize: number): Promise<{ checked: number; broken?: ChainBreak }> {
  let after = '';
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<{ digest: string; body: unknown }>(
      `SELECT digest, body FROM audit_inputs WHERE digest > $1 ORDER BY digest LIMIT ${pageSize}`,
      [after],
    );
    for (const r of rows) {
      const body: unknown = typeof r.body === 'string' ? JSON.parse(r.body) : r.body;
      if (sha256Hex(canonicalJson(body)) !== r.digest) {
        return { checked, broken: { seq: 0, reason: 'hash-mismatch', detail: `stored model input ${short(r.digest)} was changed: it no longer hashes to its digest` } };
      }
      checked++;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return { checked };
    after = last.digest;
  }
}

/**
 * Verifies JSON Lines entries (an export or an archive). Without an anchor the first entry's link
 * is taken as given and reported, to be matched against the file or database that precedes it.
 */
export async function verifyLines(lines: AsyncIterable<string>, anchor: ChainAnchor | null = null): Promise<VerifyResult> {
  const started = performance.now();
  const checker = new ChainChecker(anchor);
  let first: ChainAnchor | null = anchor;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let entry: TrailEntry;
    try {
      entry = JSON.parse(line) as TrailEntry;
    } catch {
      checker.fail(checker.lastSeq + 1, 'unreadable', `line ${lineNo} is not JSON`);
      break;
    }
    first ??= { nextSeq: entry.seq, prevHash: entry.prevHash };
    if (!checker.add(entry)) break;
  }
  return result(checker, first ?? GENESIS, started);
}

export function verifyFile(path: string, anchor: ChainAnchor | null = null): Promise<VerifyResult> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  return verifyLines(lines, anchor);
}

function result(checker: ChainChecker, anchor: ChainAnchor, started: number, inputsChecked?: number): VerifyResult {
  return {
    ok: checker.broken === null,
    checked: checker.checked,
    anchor,
    lastSeq: checker.lastSeq,
    lastHash: checker.lastHash,
    ...(checker.broken ? { broken: checker.broken } : {}),
    ...(inputsChecked !== undefined ? { inputsChecked } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
