/**
 * One Graph collection of the sandbox tenant: records by position, an id index, posting lists
 * for the properties queries filter on, and an order by time for the log-like collections.
 * Records are never mutated in place: an update stores a new object, so a snapshot handed to
 * the sandbox is left as it was.
 */
import { readPath } from '../odata/evaluate.js';
import { IdIndex } from './id-index.js';
import { IntList, NumberColumn } from './int-list.js';
import type { RawFile } from './raw-file.js';

export type Rec = Record<string, unknown>;

export interface CollectionOptions {
  /** Property paths with posting lists (`principalId`, `initiatedBy/user/id`, `targetResources/id`). */
  indexes?: string[];
  /** Extra unique keys besides `id`, such as `userPrincipalName`. */
  keys?: string[];
  /** A date-time property kept in sorted order; `newestFirst` makes it the default listing order. */
  time?: { field: string; newestFirst?: boolean };
}

export interface RawRef {
  file: RawFile;
  offset: number;
  length: number;
}

export function indexKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function keysOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const v of values) {
    const k = indexKey(v);
    if (k !== undefined && !out.includes(k)) out.push(k);
  }
  return out;
}

export class Collection<T extends Rec = Rec> {
  private readonly objs: Array<T | undefined> = [];
  private rawFile: RawFile | undefined;
  private readonly rawOffset = new NumberColumn();
  private readonly rawLength = new NumberColumn();
  private readonly dead = new Set<number>();
  private readonly ids: IdIndex;
  private readonly uniques = new Map<string, IdIndex>();
  private readonly postings = new Map<string, Map<string, IntList>>();
  private readonly times = new NumberColumn();
  private readonly byTime = new IntList();
  private byTimeSorted = true;
  private positions = 0;
  /** While true (a bulk load), times are appended and sorted once by endLoad, not inserted in order. */
  loading = false;

  constructor(
    readonly name: string,
    readonly options: CollectionOptions = {},
  ) {
    this.ids = new IdIndex((pos) => this.keyAt(pos, 'id'));
    for (const key of options.keys ?? []) this.uniques.set(key, new IdIndex((pos) => this.keyAt(pos, key)));
    for (const path of options.indexes ?? []) this.postings.set(path, new Map());
  }

  /** Positions ever used, including removed ones. */
  get size(): number {
    return this.positions;
  }

  get count(): number {
    return this.positions - this.dead.size;
  }

  get timeField(): string | undefined {
    return this.options.time?.field;
  }

  get newestFirst(): boolean {
    return this.options.time?.newestFirst === true;
  }

  add(record: T): number {
    const pos = this.positions++;
    this.objs[pos] = record;
    this.indexRecord(pos, record);
    return pos;
  }

  /** Adds a record whose text stays in a file; `parsed` is used for indexing and then dropped. */
  addRaw(parsed: T, ref: RawRef): number {
    const pos = this.positions++;
    this.rawFile = ref.file;
    this.rawOffset.set(pos, ref.offset);
    this.rawLength.set(pos, ref.length);
    this.indexRecord(pos, parsed);
    return pos;
  }

  isLive(pos: number): boolean {
    return pos >= 0 && pos < this.positions && !this.dead.has(pos);
  }

  get(pos: number): T {
    const obj = this.objs[pos];
    if (obj !== undefined) return obj;
    if (!this.rawFile) throw new Error(`${this.name}: no record at ${pos}`);
    return JSON.parse(this.rawFile.read(this.rawOffset.get(pos), this.rawLength.get(pos))) as T;
  }

  positionOf(id: string): number {
    const pos = this.ids.find(id);
    return pos >= 0 && !this.dead.has(pos) ? pos : -1;
  }

  find(id: string): T | undefined {
    const pos = this.positionOf(id);
    return pos >= 0 ? this.get(pos) : undefined;
  }

  findBy(key: string, value: string): T | undefined {
    const index = this.uniques.get(key);
    if (!index) throw new Error(`${this.name}: no unique key ${key}`);
    const pos = index.find(value);
    return pos >= 0 && !this.dead.has(pos) ? this.get(pos) : undefined;
  }

  /** Replaces the record at a position and brings its index entries up to date. */
  update(pos: number, next: T): void {
    const prev = this.get(pos);
    this.unindexRecord(pos, prev);
    this.objs[pos] = next;
    this.indexRecord(pos, next);
  }

  remove(pos: number): void {
    if (!this.isLive(pos)) return;
    this.unindexRecord(pos, this.get(pos));
    this.dead.add(pos);
    this.objs[pos] = undefined;
  }

  /** Positions whose indexed property equals a value (case-insensitive), or undefined when not indexed. */
  lookup(path: string, value: unknown): Int32Array | undefined {
    const index = this.postings.get(path);
    if (!index) return undefined;
    const key = indexKey(value);
    const list = key === undefined ? undefined : index.get(key);
    return list ? list.view() : new Int32Array(0);
  }

  hasIndex(path: string): boolean {
    return this.postings.has(path);
  }

  timeOf(pos: number): number {
    return this.times.get(pos);
  }

  /** Positions with lo <= time <= hi, oldest first. */
  timeRange(lo: number, hi: number): Int32Array {
    const order = this.sortedByTime();
    return order.subarray(this.lowerBound(order, lo), this.upperBound(order, hi));
  }

  /** All live positions in the collection's default listing order. */
  *scan(): Generator<number> {
    if (this.newestFirst) {
      const order = this.sortedByTime();
      for (let i = order.length - 1; i >= 0; i--) yield order[i]!;
      return;
    }
    for (let pos = 0; pos < this.positions; pos++) if (!this.dead.has(pos)) yield pos;
  }

  /** Puts a set of positions in default listing order. */
  inDefaultOrder(positions: Int32Array): Int32Array {
    const copy = Int32Array.from(positions);
    if (this.newestFirst) return copy.sort((a, b) => this.times.get(b) - this.times.get(a) || b - a);
    return copy.sort();
  }

  private keyAt(pos: number, key: string): string | undefined {
    const v = this.get(pos)[key];
    return typeof v === 'string' ? v : undefined;
  }

  private indexRecord(pos: number, record: T): void {
    const id = record.id;
    if (typeof id === 'string') this.ids.add(pos, id);
    for (const [key, index] of this.uniques) {
      const v = record[key];
      if (typeof v === 'string') index.add(pos, v);
    }
    for (const [path, index] of this.postings) {
      for (const key of keysOf(readPath(record, path))) {
        let list = index.get(key);
        if (!list) index.set(key, (list = new IntList()));
        list.push(pos);
      }
    }
    const field = this.timeField;
    if (field) {
      const t = Date.parse(String(record[field] ?? ''));
      const time = Number.isNaN(t) ? -Infinity : t;
      this.times.set(pos, time);
      const n = this.byTime.length;
      if (n === 0 || !this.byTimeSorted || time >= this.times.get(this.byTime.at(n - 1))) this.byTime.push(pos);
      else if (this.loading) {
        this.byTime.push(pos);
        this.byTimeSorted = false;
      } else this.byTime.insertAt(this.upperBound(this.byTime.view(), time), pos);
    }
  }

  private unindexRecord(pos: number, record: T): void {
    this.ids.remove(pos);
    for (const index of this.uniques.values()) index.remove(pos);
    for (const [path, index] of this.postings) {
      for (const key of keysOf(readPath(record, path))) index.get(key)?.removeValue(pos);
    }
    if (this.timeField) {
      const order = this.sortedByTime();
      const time = this.times.get(pos);
      for (let at = this.lowerBound(order, time); at < order.length && this.times.get(order[at]!) <= time; at++) {
        if (order[at] === pos) {
          this.byTime.removeAt(at);
          break;
        }
      }
    }
  }

  endLoad(): void {
    this.loading = false;
    this.sortedByTime();
  }

  private sortedByTime(): Int32Array {
    if (!this.byTimeSorted) {
      const sorted = Int32Array.from(this.byTime.view()).sort((a, b) => this.times.get(a) - this.times.get(b) || a - b);
      this.byTime.length = 0;
      for (const pos of sorted) this.byTime.push(pos);
      this.byTimeSorted = true;
    }
    return this.byTime.view();
  }

  private upperBound(order: Int32Array, time: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times.get(order[mid]!) <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(order: Int32Array, time: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times.get(order[mid]!) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
