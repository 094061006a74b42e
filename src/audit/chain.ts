/**
 * The hash chain: each entry's hash is SHA-256 over the RFC 8785 canonical JSON of every field but
 * the hash itself (the previous entry's hash included). `ChainChecker` walks entries in order and
 * names the first link that does not hold; the database, export files and archives share it.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { TrailEntry } from './kinds.js';

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON form');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Digest of what a model saw, over its canonical JSON. */
export function digestOf(inputs: unknown): string {
  return sha256Hex(canonicalJson(inputs));
}

/** The hashed body: every field but `hash`, absent values as null so nothing is ambiguous. */
export function entryBody(e: Omit<TrailEntry, 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    traceId: e.traceId,
    requestId: e.requestId,
    actor: e.actor,
    modelVersion: e.modelVersion,
    inputDigest: e.inputDigest,
    output: e.output,
    prevHash: e.prevHash,
  });
}

export function hashEntry(e: Omit<TrailEntry, 'hash'>): string {
  return sha256Hex(entryBody(e));
}

export type BreakReason = 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap' | 'seq-out-of-order' | 'time-reversed' | 'head-mismatch' | 'unreadable';

export interface ChainBreak {
  /** The entry where the chain stops holding (for head-mismatch: the head's seq). */
  seq: number;
  reason: BreakReason;
  detail: string;
}

export interface ChainAnchor {
  /** The seq the walk expects first (1 on a full trail). */
  nextSeq: number;
  /** The hash the first entry must link to. */
  prevHash: string;
}

export const GENESIS: ChainAnchor = { nextSeq: 1, prevHash: GENESIS_HASH };

/** Checks entries one at a time, in seq order; stops at the first break. */
export class ChainChecker {
  checked = 0;
  lastSeq: number;
  lastHash: string;
  lastAt: string | null = null;
  broken: ChainBreak | null = null;

  constructor(private readonly anchor: ChainAnchor | null = GENESIS) {
    this.lastSeq = anchor ? anchor.nextSeq - 1 : 0;
    this.lastHash = anchor?.prevHash ?? '';
  }

  /** Returns false once the chain is broken. With no anchor the first entry's own link is taken as given. */
  add(e: TrailEntry): boolean {
    if (!this.follows(e)) return false;
    const actual = hashEntry(e);
    if (actual !== e.hash) {
      return this.fail(e.seq, 'hash-mismatch', `entry ${e.seq} was changed: its content hashes to ${short(actual)}, not the stored ${short(e.hash)}`);
    }
    this.accept(1, e);
    return true;
  }

  /** Whether an entry with this seq, link and time may come next; its own hash is not checked here. */
  follows(e: { seq: number; prevHash: string; at: string }): boolean {
    if (this.broken) return false;
    if (this.checked > 0 || this.anchor) {
      const expected = this.lastSeq + 1;
      if (e.seq !== expected) {
        const reason = e.seq < expected ? 'seq-out-of-order' : 'seq-gap';
        return this.fail(expected, reason, `expected entry ${expected} after entry ${this.lastSeq}, found ${e.seq}`);
      }
      if (e.prevHash !== this.lastHash) {
        return this.fail(e.seq, 'prev-hash-mismatch', `entry ${e.seq} links to ${short(e.prevHash)}, but entry ${this.lastSeq} hashes to ${short(this.lastHash)}`);
      }
    }
    if (this.lastAt !== null && e.at < this.lastAt) {
      return this.fail(e.seq, 'time-reversed', `entry ${e.seq} is dated ${e.at}, before entry ${this.lastSeq} (${this.lastAt})`);
    }
    return true;
  }

  /** Moves past `count` entries checked elsewhere, ending with `last`. */
  accept(count: number, last: { seq: number; hash: string; at: string }): void {
    this.checked += count;
    this.lastSeq = last.seq;
    this.lastHash = last.hash;
    this.lastAt = last.at;
  }

  fail(seq: number, reason: BreakReason, detail: string): false {
    this.broken = { seq, reason, detail };
    return false;
  }
}

export function short(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
