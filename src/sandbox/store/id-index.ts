/**
 * Id lookups for collections of millions of records without a Map of million strings: an
 * open-addressing table of record positions keyed by a 32-bit hash, checked against the record.
 */
import { NumberColumn } from './int-list.js';

const EMPTY = -1;
const DELETED = -2;

export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdIndex {
  private slots = new Int32Array(1024).fill(EMPTY);
  private used = 0;
  private readonly hashes = new NumberColumn();

  /** keyOf reads a record's key back, to tell apart keys that share a hash. */
  constructor(private readonly keyOf: (pos: number) => string | undefined) {}

  add(pos: number, key: string): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const h = hashKey(key);
    this.hashes.set(pos, h);
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    if (this.slots[i] === EMPTY) this.used++;
    this.slots[i] = pos;
  }

  find(key: string): number {
    const h = hashKey(key);
    const mask = this.slots.length - 1;
    const lower = key.toLowerCase();
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const pos = this.slots[i]!;
      if (pos === EMPTY) return -1;
      if (pos >= 0 && this.hashes.get(pos) === h && this.keyOf(pos)?.toLowerCase() === lower) return pos;
    }
  }

  remove(pos: number): void {
    const h = this.hashes.get(pos);
    if (Number.isNaN(h)) return;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i]!;
      if (at === EMPTY) return;
      if (at === pos) {
        this.slots[i] = DELETED;
        return;
      }
    }
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.used = 0;
    const mask = size - 1;
    for (const pos of old) {
      if (pos < 0) continue;
      let i = this.hashes.get(pos) & mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
      this.slots[i] = pos;
      this.used++;
    }
  }
}
