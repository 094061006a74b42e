/**
 * Log records and PIM requests put in time order without holding them: each stays its JSON bytes
 * in the disk-backed TimeSorter until it comes out, oldest first, to be parsed, reduced and handed
 * to the scanner, records of one instant together in the scanner's order (byTime). Memory stays
 * the sorter's buffer whatever the length of the log. Shared by the snapshot file scan and the
 * baseline the service learns from Graph's audit log.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { fromAudit, fromSignIn, parseTime, type LogEvent, type RequestItem, type TimelineItem } from './events.js';
import { byTime } from './scan.js';
import type { OversightScanner } from './stream.js';
import { TimeSorter, type SortedRecord } from './time-sorter.js';

/** Kinds of record in the sort; each stays its JSON bytes until it comes out in order. */
const AUDIT = 0;
const SIGN_IN = 1;
const REQUEST = 2;
const TIME_KEY = Buffer.from('"activityDateTime"');

/** An audit record's time, found in its bytes without parsing the record. */
function auditTime(json: Buffer): number | undefined {
  const key = json.indexOf(TIME_KEY);
  if (key < 0) return undefined;
  const open = json.indexOf(0x22, key + TIME_KEY.length);
  const close = open < 0 ? -1 : json.indexOf(0x22, open + 1);
  if (close < 0) return undefined;
  return isoUtc(json, open + 1, close) ?? parseTime(json.toString('latin1', open + 1, close));
}

/** `YYYY-MM-DDTHH:MM:SS[.fff]Z` read from bytes without a string; undefined for any other form. */
function digit(b: Buffer, i: number): number {
  const c = (b[i] as number) - 0x30;
  return c >= 0 && c <= 9 ? c : NaN;
}

function isoUtc(b: Buffer, from: number, to: number): number | undefined {
  const len = to - from;
  if (len !== 20 && len !== 24) return undefined;
  if (b[from + 4] !== 0x2d || b[from + 7] !== 0x2d || b[from + 10] !== 0x54 || b[from + 13] !== 0x3a || b[from + 16] !== 0x3a || b[to - 1] !== 0x5a) return undefined;
  let ms = 0;
  if (len === 24) {
    if (b[from + 19] !== 0x2e) return undefined;
    ms = digit(b, from + 20) * 100 + digit(b, from + 21) * 10 + digit(b, from + 22);
  }
  const month = digit(b, from + 5) * 10 + digit(b, from + 6);
  const day = digit(b, from + 8) * 10 + digit(b, from + 9);
  const hour = digit(b, from + 11) * 10 + digit(b, from + 12);
  const minute = digit(b, from + 14) * 10 + digit(b, from + 15);
  const second = digit(b, from + 17) * 10 + digit(b, from + 18);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return undefined;
  const year = digit(b, from + 0) * 1000 + digit(b, from + 1) * 100 + digit(b, from + 2) * 10 + digit(b, from + 3);
  if (!(year >= 100)) return undefined;
  // Day 31 of a 30-day month and the like: let Date.parse decide, as before.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : undefined;
}

function toItem(record: SortedRecord): TimelineItem | undefined {
  const value = JSON.parse(record.text) as unknown;
  if (record.kind === REQUEST) return { source: 'request', at: record.at, request: value as Graph.UnifiedRoleAssignmentScheduleRequest };
  if (record.kind === SIGN_IN) return fromSignIn(value as Graph.SignIn);
  return reduced(fromAudit(value as Graph.DirectoryAudit, record.at));
}

export class LogSort {
  private readonly sorter: TimeSorter;

  /** `until`: records after it are left out. */
  constructor(
    maxBufferedBytes?: number,
    private readonly until?: number,
  ) {
    this.sorter = new TimeSorter(maxBufferedBytes);
  }

  /** Time of the newest record kept. */
  get newest(): number {
    return this.sorter.newest;
  }

  /** How often the sort went to disk. */
  get spills(): number {
    return this.sorter.spills;
  }

  /** An audit record, as JSON; its time is read from the bytes. */
  audit(json: Uint8Array): void {
    this.keep(auditTime(json as Buffer), AUDIT, json);
  }

  /** A sign-in (already read, for its time), as JSON. */
  signIn(s: LogEvent, json: Uint8Array): void {
    this.keep(s.at, SIGN_IN, json);
  }

  request(item: RequestItem): void {
    this.keep(item.at, REQUEST, Buffer.from(JSON.stringify(item.request)));
  }

  /** Everything to the scanner, oldest first; the sort's files are removed. */
  feed(scanner: OversightScanner): void {
    // Records of one instant are parsed together and put in the scanner's order.
    let group: TimelineItem[] = [];
    let groupAt = NaN;
    const flush = () => {
      if (group.length > 1) group.sort(byTime);
      for (const item of group) scanner.push(item);
      group = [];
    };
    for (const record of this.sorter.sorted()) {
      if (record.at !== groupAt) {
        flush();
        groupAt = record.at;
      }
      const item = toItem(record);
      if (item) group.push(item);
    }
    flush();
  }

  /** Drops what is held (and its files) without scanning it. */
  close(): void {
    this.sorter.close();
  }

  private keep(at: number | undefined, kind: number, json: Uint8Array): void {
    if (at !== undefined && (this.until === undefined || at <= this.until)) this.sorter.add(at, kind, json);
  }
}

/** PIM's details are read only on its lifecycle records; the rest need not be carried through the sort. */
function reduced(e: LogEvent | undefined): LogEvent | undefined {
  if (e && !e.activity.includes('(PIM')) e.details = {};
  return e;
}
