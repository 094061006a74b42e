/**
 * Puts records (a time, a small kind, and bytes) in time order without holding them all: an
 * external merge sort over raw bytes. Records are copied into one arena of `maxBytes`; when it is
 * full they are sorted and written to a temporary file as one run, and reading back merges the
 * runs with what is left in memory. Reading back holds a block per run, so runs are merged into
 * longer ones as they pile up (every FAN_IN runs of one length into one, as a log-structured store
 * does), and at most FAN_IN are left to read: memory is the arena and FAN_IN blocks however long
 * the log, and each record is written again once per sixteenfold of the log. The records stay
 * bytes (no objects per record) until they come out in order, which keeps the garbage collector
 * out of the way. Logs arrive newest first from Graph and in any
 * order from a snapshot, so a scan cannot rely on the order it is given.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SortedRecord {
  at: number;
  kind: number;
  /** The record's bytes are `buf[start, end)`: valid only until the next record is asked for. */
  buf: Buffer;
  start: number;
  end: number;
}

/** Run folders are `pim-oversight-<pid>-XXXXXX` in the temporary folder. */
const RUN_DIR = /^pim-oversight-(?:(\d+)-)?[^-]+$/;
/** A folder left by a process that is gone is removed once untouched this long (a pid may be another container's). */
const ABANDONED_MS = 60 * 60_000;
/** Folders of versions that did not name their process: removed after a day. */
const UNNAMED_MS = 24 * 60 * 60_000;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the run folders of sorts whose process was killed mid-scan (a clean end removes its
 * own): a folder whose process is not running and that has not changed for an hour.
 */
export function removeAbandonedRuns(dir = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = RUN_DIR.exec(name);
    if (!m) continue;
    const pid = m[1] === undefined ? undefined : Number(m[1]);
    if (pid === process.pid || (pid !== undefined && running(pid))) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < (pid === undefined ? UNNAMED_MS : ABANDONED_MS)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: left alone.
    }
  }
  return removed;
}

/** Time (float64), kind (uint8), length (uint32). */
const HEADER = 13;
const BLOCK = 1 << 20;
/** Runs read at once, in a merge or at the end. */
export const FAN_IN = 16;

/** One run file read back a block at a time, a record at a time. */
class RunReader {
  private fd: number | undefined;
  buf = Buffer.alloc(0);
  private pos = 0;
  private filled = 0;
  private eof = false;
  at = 0;
  kind = 0;
  /** The current record is `buf[start, end)`; none once the file is read. */
  start = 0;
  end = -1;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    try {
      this.advance();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  private fill(need: number): boolean {
    // One buffer, its unread tail moved to the front and the rest read into (grown only for a record larger than it).
    while (this.filled - this.pos < need && !this.eof) {
      const left = this.filled - this.pos;
      if (this.buf.length < Math.max(BLOCK, need)) {
        const grown = Buffer.allocUnsafe(Math.max(BLOCK, need));
        this.buf.copy(grown, 0, this.pos, this.filled);
        this.buf = grown;
      } else if (left > 0 && this.pos > 0) this.buf.copyWithin(0, this.pos, this.filled);
      this.pos = 0;
      this.filled = left;
      const n = readSync(this.fd as number, this.buf, this.filled, this.buf.length - this.filled, null);
      if (n === 0) this.eof = true;
      this.filled += n;
    }
    return this.filled - this.pos >= need;
  }

  advance(): void {
    if (!this.fill(HEADER)) {
      this.end = -1;
      this.close();
      return;
    }
    this.at = this.buf.readDoubleLE(this.pos);
    this.kind = this.buf[this.pos + 8] as number;
    const length = this.buf.readUInt32LE(this.pos + 9);
    if (!this.fill(HEADER + length)) throw new Error('oversight sort: a run file ends mid-record');
    this.start = this.pos + HEADER;
    this.end = this.start + length;
    this.pos = this.end;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A run file written a block at a time. */
class RunWriter {
  private readonly fd: number;
  private readonly out = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(at: number, kind: number, src: Buffer, start: number, length: number): void {
    if (this.used + HEADER + length > this.out.length) this.flush();
    if (HEADER + length > this.out.length) {
      // Larger than a block: its header, then its bytes straight from where they are.
      const header = Buffer.allocUnsafe(HEADER);
      header.writeDoubleLE(at, 0);
      header[8] = kind;
      header.writeUInt32LE(length, 9);
      writeSync(this.fd, header);
      writeSync(this.fd, src, start, length);
      return;
    }
    const out = this.out;
    out.writeDoubleLE(at, this.used);
    out[this.used + 8] = kind;
    out.writeUInt32LE(length, this.used + 9);
    src.copy(out, this.used + HEADER, start, start + length);
    this.used += HEADER + length;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.out, 0, this.used);
    this.used = 0;
  }
}

/** The reader whose record comes first: the earliest time, the earlier run among equal times. */
function firstOf(readers: readonly RunReader[]): RunReader | undefined {
  let best: RunReader | undefined;
  for (const reader of readers) if (reader.end >= 0 && (!best || reader.at < best.at)) best = reader;
  return best;
}

interface Run {
  file: string;
  /** 0 for a run spilled from memory, n + 1 for FAN_IN runs of level n merged. */
  level: number;
}

export class TimeSorter {
  private arena: Buffer;
  private used = 0;
  private count = 0;
  private ats = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private starts = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);
  /** Oldest records first: a run holds only records added after those of every run before it. */
  private runs: Run[] = [];
  private written = 0;
  /** Run files open for the merge: closed with the sorter, or a merge left unfinished keeps their space. */
  private readers: RunReader[] = [];
  private dir?: string;
  /** Runs written to disk from memory, and merges of runs into longer ones. */
  spills = 0;
  merges = 0;
  /** Time of the newest record added. */
  newest = -Infinity;

  constructor(private readonly maxBytes = 16 * 2 ** 20) {
    // All of the budget at once: its pages are only touched (and counted in RSS) as records fill
    // them, whereas growing by doubling copies the records and faults in twice the pages.
    this.arena = Buffer.allocUnsafe(maxBytes);
  }

  add(at: number, kind: number, bytes: Uint8Array): void {
    if (at > this.newest) this.newest = at;
    if (this.used + bytes.length > this.maxBytes && this.count > 0) this.spill();
    if (this.used + bytes.length > this.arena.length) {
      // Grow by doubling up to the budget (or to fit one record larger than it).
      const grown = Buffer.allocUnsafe(Math.max(this.used + bytes.length, Math.min(this.maxBytes, this.arena.length * 2)));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    if (this.count === this.ats.length) this.growIndex();
    this.ats[this.count] = at;
    this.kinds[this.count] = kind;
    this.starts[this.count] = this.used;
    this.lengths[this.count] = bytes.length;
    this.arena.set(bytes, this.used);
    this.used += bytes.length;
    this.count++;
  }

  /** Every record, oldest first (records of one time in the order added); temporary files are removed at the end. */
  *sorted(): Generator<SortedRecord> {
    try {
      const order = this.order();
      const arena = this.arena;
      const memory = (i: number): SortedRecord => {
        const start = this.starts[i] as number;
        return { at: this.ats[i] as number, kind: this.kinds[i] as number, buf: arena, start, end: start + (this.lengths[i] as number) };
      };
      if (this.runs.length === 0) {
        for (const i of order) yield memory(i);
        return;
      }
      while (this.runs.length > FAN_IN) this.mergeNewest(Math.min(FAN_IN, this.runs.length - FAN_IN + 1));
      // Earlier runs first among equal times: they were added first. Few runs, so a scan beats a heap.
      const readers = this.readers;
      for (const run of this.runs) readers.push(new RunReader(run.file));
      let r = 0;
      for (;;) {
        const best = firstOf(readers);
        const i = order[r];
        if (i !== undefined && (!best || (this.ats[i] as number) < best.at)) {
          r++;
          yield memory(i);
        } else if (best) {
          // Its bytes stay where they are until the reader moves on, after the record is used.
          yield { at: best.at, kind: best.kind, buf: best.buf, start: best.start, end: best.end };
          best.advance();
        } else return;
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    for (const reader of this.readers) reader.close();
    this.readers = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.runs = [];
    this.count = 0;
    this.used = 0;
  }

  /** Indices of the held records by time, stable. */
  private order(): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    const ats = this.ats;
    return order.sort((a, b) => (ats[a] as number) - (ats[b] as number) || a - b);
  }

  private growIndex(): void {
    const size = this.ats.length * 2;
    const grow = <A extends Float64Array | Uint8Array | Uint32Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.ats = grow(this.ats, (n) => new Float64Array(n));
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
    this.starts = grow(this.starts, (n) => new Uint32Array(n));
    this.lengths = grow(this.lengths, (n) => new Uint32Array(n));
  }

  private spill(): void {
    const file = this.newRunFile();
    const writer = new RunWriter(file);
    try {
      for (const i of this.order()) writer.write(this.ats[i] as number, this.kinds[i] as number, this.arena, this.starts[i] as number, this.lengths[i] as number);
    } finally {
      writer.close();
    }
    this.runs.push({ file, level: 0 });
    this.spills++;
    this.count = 0;
    this.used = 0;
    // FAN_IN runs of one level, the newest, become one of the next (the newest are the lowest).
    for (let n = this.runs.length; n >= FAN_IN; n = this.runs.length) {
      const level = (this.runs[n - FAN_IN] as Run).level;
      if (!this.runs.slice(n - FAN_IN).every((run) => run.level === level)) break;
      this.mergeNewest(FAN_IN);
    }
  }

  private newRunFile(): string {
    if (!this.dir) {
      removeAbandonedRuns();
      this.dir = mkdtempSync(join(tmpdir(), `pim-oversight-${process.pid}-`));
    }
    return join(this.dir, `run-${this.written++}`);
  }

  /** The newest `k` runs merged into one, in their place (so the order of records added stays). */
  private mergeNewest(k: number): void {
    const merged = this.runs.slice(this.runs.length - k);
    const file = this.newRunFile();
    const writer = new RunWriter(file);
    const readers: RunReader[] = [];
    try {
      for (const run of merged) readers.push(new RunReader(run.file));
      for (let best = firstOf(readers); best; best = firstOf(readers)) {
        writer.write(best.at, best.kind, best.buf, best.start, best.end - best.start);
        best.advance();
      }
    } finally {
      for (const reader of readers) reader.close();
      writer.close();
    }
    for (const run of merged) rmSync(run.file, { force: true });
    this.runs = [...this.runs.slice(0, this.runs.length - k), { file, level: Math.max(...merged.map((run) => run.level)) + 1 }];
    this.merges++;
  }
}
