/**
 * Log records and PIM requests put in time order without holding them: each record is parsed and
 * reduced to what the detectors read as it comes in, kept as compact bytes (event-codec.ts) in the
 * disk-backed TimeSorter, and rebuilt when it comes out, oldest first, records of one instant
 * together in the scanner's order (byTime). Memory stays the sorter's buffer and the codec's table
 * of names whatever the length of the log. Shared by the snapshot file scan and the passes over
 * Graph's audit log.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { EventCodec } from './event-codec.js';
import { auditTime, initiator, requestTime, text, type LogEvent, type TimelineItem } from './events.js';
import { byTime } from './scan.js';
import type { OversightScanner } from './stream.js';
import { TimeSorter, type SortedRecord } from './time-sorter.js';
import { WorkTimes } from './zone-guess.js';

/** Kinds of record in the sort. */
const EVENT = 0;
const REQUEST = 1;

export class LogSort {
  private readonly sorter: TimeSorter;
  private readonly codec = new EventCodec();
  /** When people acted, for judging their zone when no one's is known. */
  readonly workTimes = new WorkTimes();

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

  /** An audit record as Graph returns it; one that cannot be placed in time is left out (as fromAudit does). */
  audit(record: Graph.DirectoryAudit): void {
    const at = auditTime(record);
    if (at === undefined || !this.keeps(at)) return;
    if (text(initiator(record)?.id)) this.workTimes.add(at);
    this.sorter.add(at, EVENT, this.codec.encodeAudit(record, at));
  }

  /** An audit record as JSON bytes (a snapshot's). */
  auditJson(json: Buffer): void {
    this.audit(JSON.parse(json.toString('utf8')) as Graph.DirectoryAudit);
  }

  /** A sign-in, already reduced. */
  signIn(e: LogEvent): void {
    this.event(e);
  }

  /**
   * A PIM request as Graph returns it, written as requestItem would reduce it, without making the
   * item (see EventCodec.encodeAudit). Its time, or undefined when it has no id or time and is left out.
   */
  request(r: Graph.UnifiedRoleAssignmentScheduleRequest): number | undefined {
    const at = requestTime(r);
    if (at !== undefined && this.keeps(at)) this.sorter.add(at, REQUEST, this.codec.encodeRequest(r));
    return at;
  }

  /** Everything to the scanner, oldest first; the sort's files are removed. */
  feed(scanner: OversightScanner): void {
    // Records of one instant are put in the scanner's order.
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
      group.push(this.item(record));
    }
    flush();
  }

  /** Drops what is held (and its files) without scanning it. */
  close(): void {
    this.sorter.close();
  }

  private event(e: LogEvent | undefined): void {
    if (!e || !this.keeps(e.at)) return;
    this.workTimes.note(e);
    this.sorter.add(e.at, EVENT, this.codec.encode(e));
  }

  private keeps(at: number): boolean {
    return this.until === undefined || at <= this.until;
  }

  private item(r: SortedRecord): TimelineItem {
    if (r.kind === EVENT) return this.codec.decode(r.buf, r.start, r.end, r.at);
    return { source: 'request', at: r.at, request: this.codec.decodeRequest(r.buf, r.start, r.end) };
  }
}
