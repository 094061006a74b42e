/**
 * The oversight scan of a snapshot file, streamed: directory objects are kept (they are the
 * tenant's size), log records and requests are parsed one at a time, reduced, put in time order
 * through day buckets that go to disk when large, and fed to the streamed scanner. Memory stays
 * that of the tenant and a day of its logs, whatever the length of the logs.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { fromAudit, fromSignIn, parseTime, requestItem, type LogEvent, type TimelineItem } from './events.js';
import { readCollections, SnapshotFormatError } from './json-collections.js';
import { breakGlassMembers } from './people.js';
import { byTime, createScanner } from './scan.js';
import { TimeSorter, type SortedRecord } from './time-sorter.js';
import type { OversightInput, OversightOptions, OversightResult } from './types.js';

export interface FileScanOptions extends Omit<OversightOptions, 'breakGlassUserIds'> {
  /** Display name of the group of emergency accounts (nested groups followed). */
  breakGlassGroup?: string;
  breakGlassUserIds?: readonly string[];
  /** Bytes of records held in memory before they are sorted through disk. */
  maxBufferedBytes?: number;
}

export interface FileScan {
  result: OversightResult;
  breakGlassUserIds: string[];
  /** Records read from the logs, and how often the sorter went to disk. */
  records: number;
  spills: number;
}

const DIRECTORY = {
  users: 'users',
  groups: 'groups',
  'roleManagement/directory/roleDefinitions': 'roleDefinitions',
  'roleManagement/directory/roleEligibilitySchedules': 'eligibilities',
  'roleManagement/directory/roleAssignmentSchedules': 'assignments',
} as const;
const REQUIRED = ['organization', 'users', 'roleManagement/directory/roleDefinitions'];

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

export async function scanSnapshotFile(path: string, options: FileScanOptions): Promise<FileScan> {
  const directory: Omit<OversightInput, 'directoryAudits'> & { groups: Graph.Group[] } = {
    users: [],
    groups: [],
    roleDefinitions: [],
    eligibilities: [],
    assignments: [],
  };
  // Ties are put in order after parsing (byTime), so the sort needs only the time.
  const sorter = new TimeSorter(options.maxBufferedBytes);
  const privilegedIds = new Set<string>();
  const seen = new Map<string, { upn?: string; name?: string }>();
  let records = 0;
  const since = new Date(options.since).getTime();
  const until = options.now === undefined ? undefined : new Date(options.now).getTime();
  const keep = (at: number | undefined, kind: number, json: Uint8Array) => {
    if (at !== undefined && (until === undefined || at <= until)) sorter.add(at, kind, json);
  };
  // Sign-ins matter one by one only for emergency accounts; the rest are counted and named here,
  // so the sort (and the disk) sees only the audit log. Known once the groups have been read.
  let breakGlass: Set<string> | undefined;
  let groupsRead = false;
  let signInsScanned = 0;
  let newest = -Infinity;
  const signIn = (s: LogEvent | undefined, json: Buffer) => {
    if (!s) return;
    if (until === undefined) newest = Math.max(newest, s.at);
    if (!breakGlass || (s.actorId && breakGlass.has(s.actorId))) return keep(s.at, SIGN_IN, json);
    if (s.at > since && (until === undefined || s.at <= until)) signInsScanned++;
    if (s.actorId && !seen.has(s.actorId)) seen.set(s.actorId, { upn: s.actorUpn, name: s.actorName });
  };

  let keys: string[];
  try {
    keys = await readCollections(path, (key) => {
      if (key === 'auditLogs/signIns' && (groupsRead || !options.breakGlassGroup)) breakGlass = breakGlassIds(directory.groups, options);
      if (key === 'groups') groupsRead = true;
      if (key in DIRECTORY) {
        const list = directory[DIRECTORY[key as keyof typeof DIRECTORY]] as unknown[];
        return (json) => list.push(JSON.parse(json.toString('utf8')));
      }
      if (key === 'auditLogs/directoryAudits') return (json) => (records++, keep(auditTime(json), AUDIT, json));
      if (key === 'auditLogs/signIns') return (json) => (records++, signIn(fromSignIn(JSON.parse(json.toString('utf8')) as Graph.SignIn), json));
      if (key === 'roleManagement/directory/roleAssignmentScheduleRequests') {
        return (json) => {
          const item = requestItem(JSON.parse(json.toString('utf8')) as Graph.UnifiedRoleAssignmentScheduleRequest);
          if (item?.request.principalId) privilegedIds.add(item.request.principalId);
          if (item) keep(item.at, REQUEST, Buffer.from(JSON.stringify(item.request)));
        };
      }
      return undefined;
    });
  } catch (err) {
    sorter.close();
    if (err instanceof SnapshotFormatError || err instanceof SyntaxError) throw new Error(`${path}: not a tenant snapshot (${err.message})`);
    if ((err as NodeJS.ErrnoException).code) throw new Error(`cannot read tenant snapshot ${path}: ${(err as NodeJS.ErrnoException).code}`);
    throw err;
  }
  for (const key of REQUIRED) {
    if (!keys.includes(key)) {
      sorter.close();
      throw new Error(`${path}: missing the '${key}' collection`);
    }
  }

  let accounts: Set<string>;
  try {
    accounts = breakGlassIds(directory.groups, options);
  } catch (err) {
    sorter.close();
    throw err;
  }
  // Without --now the scan ends at the newest record, counted or sorted.
  const now = options.now ?? (Number.isFinite(newest) ? new Date(Math.max(newest, sorter.newest)) : undefined);
  const scanner = createScanner(directory, { ...options, now, breakGlassUserIds: [...accounts] }, { privilegedIds, seen });
  // Records of one instant are parsed together and put in the scanner's order.
  let group: TimelineItem[] = [];
  let groupAt = NaN;
  const flush = () => {
    if (group.length > 1) group.sort(byTime);
    for (const item of group) scanner.push(item);
    group = [];
  };
  for (const record of sorter.sorted()) {
    if (record.at !== groupAt) {
      flush();
      groupAt = record.at;
    }
    const item = toItem(record);
    if (item) group.push(item);
  }
  flush();
  const result = scanner.finish();
  result.eventsScanned += signInsScanned;
  return { result, breakGlassUserIds: [...accounts], records, spills: sorter.spills };
}

function breakGlassIds(groups: readonly Graph.Group[], options: FileScanOptions): Set<string> {
  const ids = new Set(options.breakGlassUserIds ?? []);
  if (options.breakGlassGroup) for (const id of breakGlassMembers(groups, options.breakGlassGroup)) ids.add(id);
  return ids;
}

/** PIM's details are read only on its lifecycle records; the rest need not be carried through the sort. */
function reduced(e: LogEvent | undefined): LogEvent | undefined {
  if (e && !e.activity.includes('(PIM')) e.details = {};
  return e;
}
