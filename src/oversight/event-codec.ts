/**
 * Log events as compact bytes for the disk-backed sort: a record is parsed once, on the way in,
 * and only what the detectors read goes through the sort, about a tenth of Graph's JSON. Names,
 * ids and activities repeat across the log (they are the tenant's people, roles and objects), so
 * each is written once into a table held beside the sort and referred to by number; a value seen
 * for the first time after the table is full is written out instead, so the table stays the
 * tenant's size however long the log. Bytes are only ever read back by the codec that wrote them.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { auditDetails, initiator, items, record, text, type LogEvent, type Target } from './events.js';

/** Distinct strings kept in the table: a large tenant's objects, not a log's worth of ids. */
const MAX_STRINGS = 200_000;
/** Raw strings are written with a two-byte length when they fit, so the length need not be known first. */
const SHORT_RAW = 4_000;

const SIGN_IN = 1;
const HAS_SIGN_IN = 2;
const HAS_TICKET = 1;
const HAS_EXPIRATION = 2;

/** PIM's details are read only on its lifecycle records; the rest need not be carried through the sort. */
export function isPimLifecycle(activity: string): boolean {
  return activity.includes('(PIM');
}

/** Only what windows read of a request (see requestItem). */
type Request = Graph.UnifiedRoleAssignmentScheduleRequest;

export class EventCodec {
  private readonly index = new Map<string, number>();
  private readonly strings: string[] = [];
  private buf = Buffer.allocUnsafe(16_384);
  private pos = 0;

  constructor(private readonly maxStrings = MAX_STRINGS) {}

  /** Distinct strings held. */
  get size(): number {
    return this.strings.length;
  }

  /** The event's bytes: a view of the codec's own buffer, valid until the next call. */
  encode(e: LogEvent): Buffer {
    this.pos = 0;
    this.byte((e.source === 'sign-in' ? SIGN_IN : 0) | (e.signIn ? HAS_SIGN_IN : 0));
    this.raw(e.id);
    this.raw(e.iso);
    this.shared(e.activity);
    this.shared(e.actorId);
    this.shared(e.actorUpn);
    this.shared(e.actorName);
    this.shared(e.result);
    this.uint(e.targets.length);
    for (const t of e.targets) {
      this.shared(t.id);
      this.shared(t.name);
      this.shared(t.type);
      this.shared(t.upn);
    }
    const keys = Object.keys(e.details);
    this.uint(keys.length);
    for (const k of keys) {
      this.shared(k);
      this.raw(e.details[k]);
    }
    const s = e.signIn;
    if (s) {
      this.shared(s.app);
      this.shared(s.ip);
      this.shared(s.city);
      this.shared(s.country);
      this.shared(s.risk);
      // As text through the table: exact for any number Graph sends (negative, large), and short.
      this.shared(s.errorCode === undefined ? undefined : String(s.errorCode));
    }
    return this.buf.subarray(0, this.pos);
  }

  /**
   * An audit record as Graph returns it, written as `encode(fromAudit(a))` would write it, PIM's
   * details kept only on its lifecycle records (the rest need not go through the sort). No event
   * is made on the way: a scan reads millions of records, and objects made here for a moment were
   * found allocated straight into the old generation (V8 pretenures an allocation site whose
   * objects survived elsewhere, as fromAudit's do when a whole log is held), slowing every
   * collection after. `at`: the record's time, already read from it.
   */
  encodeAudit(a: Graph.DirectoryAudit, at: number): Buffer {
    this.pos = 0;
    this.byte(0);
    this.raw(text(a.id));
    this.raw(text(a.activityDateTime) ?? new Date(at).toISOString());
    const activity = (text(a.activityDisplayName) ?? '').trim();
    this.shared(activity);
    const user = initiator(a);
    this.shared(text(user?.id));
    this.shared(text(user?.userPrincipalName));
    this.shared(text(user?.displayName));
    this.shared(text(a.result));
    const targets = items(a.targetResources);
    this.uint(targets.length);
    for (const t of targets) {
      const o = record(t);
      this.shared(text(o?.id));
      this.shared(text(o?.displayName));
      this.shared(text(o?.type));
      this.shared(text(o?.userPrincipalName));
    }
    if (!isPimLifecycle(activity)) {
      this.uint(0);
      return this.buf.subarray(0, this.pos);
    }
    const details = auditDetails(a);
    const keys = Object.keys(details);
    this.uint(keys.length);
    for (const k of keys) {
      this.shared(k);
      this.raw(details[k]);
    }
    return this.buf.subarray(0, this.pos);
  }

  /** The event written at `buf[start, end)`; its time is the sort's key. */
  decode(buf: Buffer, start: number, end: number, at: number): LogEvent {
    const r = new Reader(buf, start, this.strings);
    const flags = r.byte();
    const id = r.string() as string;
    const iso = r.string() as string;
    const activity = r.string() as string;
    const actorId = r.string();
    const actorUpn = r.string();
    const actorName = r.string();
    const result = r.string();
    const targets: Target[] = new Array(r.uint());
    for (let i = 0; i < targets.length; i++) targets[i] = { id: r.string(), name: r.string(), type: r.string(), upn: r.string() };
    const details: Record<string, string> = {};
    for (let n = r.uint(); n > 0; n--) details[r.string() as string] = r.string() as string;
    const e: LogEvent = { id, source: flags & SIGN_IN ? 'sign-in' : 'audit', at, iso, activity, actorId, actorUpn, actorName, targets, result, details };
    if (flags & HAS_SIGN_IN) {
      const app = r.string();
      const ip = r.string();
      const city = r.string();
      const country = r.string();
      const risk = r.string();
      const code = r.string();
      e.signIn = { app, ip, city, country, risk, errorCode: code === undefined ? undefined : Number(code) };
    }
    if (r.pos !== end) throw new Error('oversight sort: an event record does not decode to its length');
    return e;
  }

  /**
   * A request as requestItem reduces it (given reduced or as Graph returns it); absent (null)
   * members come back undefined.
   */
  encodeRequest(r: Request): Buffer {
    this.pos = 0;
    const ticket = r.ticketInfo?.ticketNumber || undefined;
    const exp = r.scheduleInfo?.expiration ?? undefined;
    this.byte((ticket !== undefined ? HAS_TICKET : 0) | (exp ? HAS_EXPIRATION : 0));
    this.raw(r.id ?? undefined);
    this.shared(r.principalId ?? undefined);
    this.shared(r.roleDefinitionId ?? undefined);
    this.shared(r.action ?? undefined);
    this.shared(r.status ?? undefined);
    this.raw(r.justification ?? undefined);
    this.raw(r.createdDateTime ?? undefined);
    this.raw(r.completedDateTime ?? undefined);
    this.raw(r.scheduleInfo?.startDateTime ?? undefined);
    if (ticket !== undefined) this.raw(ticket);
    if (exp) {
      this.raw(exp.endDateTime ?? undefined);
      this.shared(exp.duration ?? undefined);
    }
    return this.buf.subarray(0, this.pos);
  }

  decodeRequest(buf: Buffer, start: number, end: number): Request {
    const r = new Reader(buf, start, this.strings);
    const flags = r.byte();
    const request: Request = {
      id: r.string(),
      principalId: r.string(),
      roleDefinitionId: r.string(),
      action: r.string() as Request['action'],
      status: r.string(),
      justification: r.string(),
      createdDateTime: r.string(),
      completedDateTime: r.string(),
      scheduleInfo: { startDateTime: r.string() },
    };
    if (flags & HAS_TICKET) request.ticketInfo = { ticketNumber: r.string() };
    if (flags & HAS_EXPIRATION) (request.scheduleInfo as Graph.RequestSchedule).expiration = { endDateTime: r.string(), duration: r.string() };
    if (r.pos !== end) throw new Error('oversight sort: a request record does not decode to its length');
    return request;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** LEB128; only counts, lengths and table indexes come here, all below 2^31. */
  private uint(v: number): void {
    if (!(v >= 0 && v < 0x80000000 && Number.isInteger(v))) throw new RangeError(`oversight sort: ${v} is not a count the event codec can write`);
    if (this.pos + 5 > this.buf.length) this.room(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** Tag 0: absent; odd: the table's entry (tag - 1) / 2; else raw (see `raw`). */
  private shared(s: string | undefined): void {
    if (s === undefined) return this.uint(0);
    let i = this.index.get(s);
    if (i === undefined && this.strings.length < this.maxStrings) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    if (i === undefined) this.raw(s);
    else this.uint(i * 2 + 1);
  }

  /**
   * Tag 0: absent; else `(bytes + 1) * 4`, plus 2 when not all ASCII (read back as latin1 when it
   * is, which is quicker), the bytes following.
   */
  private raw(s: string | undefined): void {
    if (s === undefined) return this.uint(0);
    if (s.length < SHORT_RAW / 3) {
      // At most three bytes per UTF-16 unit: written first, its length put in the two bytes kept before it.
      this.room(2 + s.length * 3);
      const n = this.buf.write(s, this.pos + 2, 'utf8');
      const tag = (n + 1) * 4 + (n === s.length ? 0 : 2);
      this.buf[this.pos] = (tag & 0x7f) | 0x80;
      this.buf[this.pos + 1] = tag >>> 7;
      this.pos += 2 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.uint((n + 1) * 4 + (n === s.length ? 0 : 2));
    this.room(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly strings: readonly string[],
  ) {}

  byte(): number {
    return this.buf[this.pos++] as number;
  }

  uint(): number {
    const buf = this.buf;
    let b = buf[this.pos++] as number;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    // At most five bytes, and never past the buffer: a damaged record fails instead of looping.
    for (let shift = 7; shift < 35 && this.pos < buf.length; shift += 7) {
      b = buf[this.pos++] as number;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
    }
    throw new Error('oversight sort: an event record is damaged (a count runs past its end)');
  }

  string(): string | undefined {
    const tag = this.uint();
    if (tag === 0) return undefined;
    if (tag & 1) return this.strings[(tag - 1) / 2];
    const start = this.pos;
    this.pos += (tag >>> 2) - 1;
    return this.buf.toString(tag & 2 ? 'utf8' : 'latin1', start, this.pos);
  }
}
