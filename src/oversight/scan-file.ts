/**
 * The oversight scan of a snapshot file, streamed: directory objects are kept (they are the
 * tenant's size); log records are parsed one at a time and, with the requests, put in time order
 * through a sort that goes to disk when large (log-sort.ts), then fed to the streamed scanner.
 * Memory stays that of the tenant and the sort's buffer, whatever the length of the logs.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { fromSignIn, parseTime, type LogEvent } from './events.js';
import { topLevelReader } from '../tenant/json-peek.js';
import { readCollections, SnapshotFormatError } from '../tenant/json-collections.js';
import { LogSort } from './log-sort.js';
import { breakGlassMembers } from './people.js';
import { createScanner } from './scan.js';
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
const signInHead = topLevelReader(['id', 'createdDateTime', 'userId']);

export async function scanSnapshotFile(path: string, options: FileScanOptions): Promise<FileScan> {
  const directory: Omit<OversightInput, 'directoryAudits'> & { groups: Graph.Group[] } = {
    users: [],
    groups: [],
    roleDefinitions: [],
    eligibilities: [],
    assignments: [],
  };
  const privilegedIds = new Set<string>();
  const seen = new Map<string, { upn?: string; name?: string }>();
  let records = 0;
  const since = new Date(options.since).getTime();
  const until = options.now === undefined ? undefined : new Date(options.now).getTime();
  const sorter = new LogSort(options.maxBufferedBytes, until);
  // Sign-ins matter one by one only for emergency accounts; the rest are counted and named here,
  // so the sort (and the disk) sees only the audit log. Known once the groups have been read.
  let breakGlass: Set<string> | undefined;
  let groupsRead = false;
  let signInsScanned = 0;
  let newest = -Infinity;
  const counted = (at: number) => {
    if (until === undefined) newest = Math.max(newest, at);
    if (at > since && (until === undefined || at <= until)) signInsScanned++;
  };
  const signIn = (s: LogEvent | undefined) => {
    if (!s) return;
    if (!breakGlass || (s.actorId && breakGlass.has(s.actorId))) {
      if (until === undefined) newest = Math.max(newest, s.at);
      return sorter.signIn(s);
    }
    counted(s.at);
    if (s.actorId && !seen.has(s.actorId)) seen.set(s.actorId, { upn: s.actorUpn, name: s.actorName });
  };
  // Most of a tenant's sign-ins are someone else's than an emergency account's, by people already
  // named: their first members (id, time, user) are enough, and the rest of the record is not parsed.
  const signInJson = (json: Buffer) => {
    if (breakGlass) {
      const [id, created, userId] = signInHead(json);
      const at = typeof created === 'string' ? parseTime(created) : undefined;
      if (id && at !== undefined && userId && !breakGlass.has(userId) && seen.has(userId)) return counted(at);
    }
    signIn(fromSignIn(JSON.parse(json.toString('utf8')) as Graph.SignIn));
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
      if (key === 'auditLogs/directoryAudits') return (json) => (records++, sorter.auditJson(json));
      if (key === 'auditLogs/signIns') return (json) => (records++, signInJson(json));
      if (key === 'roleManagement/directory/roleAssignmentScheduleRequests') {
        return (json) => {
          const r = JSON.parse(json.toString('utf8')) as Graph.UnifiedRoleAssignmentScheduleRequest;
          if (sorter.request(r) !== undefined && r.principalId) privilegedIds.add(r.principalId);
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
  const scanner = createScanner(directory, { ...options, now, breakGlassUserIds: [...accounts] }, { privilegedIds, seen, workTimes: sorter.workTimes });
  sorter.feed(scanner);
  const result = scanner.finish();
  result.eventsScanned += signInsScanned;
  return { result, breakGlassUserIds: [...accounts], records, spills: sorter.spills };
}

function breakGlassIds(groups: readonly Graph.Group[], options: FileScanOptions): Set<string> {
  const ids = new Set(options.breakGlassUserIds ?? []);
  if (options.breakGlassGroup) for (const id of breakGlassMembers(groups, options.breakGlassGroup)) ids.add(id);
  return ids;
}
