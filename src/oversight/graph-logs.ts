/**
 * A stretch of Graph's audit log (and sign-in log) read page by page into the disk-backed sort
 * (log-sort.ts), so a pass over it holds the sort's buffer, not the log: Graph returns both logs
 * newest first, and the scanner wants them oldest first. Who acted and the newest record of each
 * log are noted on the way. Sign-ins are read only for the accounts asked for.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { PimGateway } from '../pim/index.js';
import { fromSignIn } from './events.js';
import { LogSort } from './log-sort.js';

export interface GraphLogs {
  sort: LogSort;
  /** Everyone who initiated an audited action. */
  actors: Set<string>;
  audits: number;
  signIns: number;
  /** Epoch ms of the newest record of each log (the sign-in log's whole, not only the accounts read), if any. */
  newestAudit?: number;
  newestSignIn?: number;
}

export interface GraphLogsOptions {
  since: Date;
  until: Date;
  /**
   * Accounts whose sign-ins are read (one filtered read each). Only emergency accounts' sign-ins
   * change what a scan finds, and a tenant's sign-in log is many times its audit log.
   */
  signInsOf?: readonly string[];
  /** PIM requests, put among the records by time. */
  requests: readonly Graph.UnifiedRoleAssignmentScheduleRequest[];
}

function noteSignIn(logs: GraphLogs, createdDateTime: string | null | undefined): void {
  const at = Date.parse(createdDateTime ?? '');
  if (Number.isFinite(at)) logs.newestSignIn = Math.max(logs.newestSignIn ?? at, at);
}

export async function sortGraphLogs(pim: Pick<PimGateway, 'directoryAuditItems' | 'signInItems'>, o: GraphLogsOptions): Promise<GraphLogs> {
  const sort = new LogSort(undefined, o.until.getTime());
  const logs: GraphLogs = { sort, actors: new Set(), audits: 0, signIns: 0 };
  try {
    for await (const a of pim.directoryAuditItems({ since: o.since, until: o.until })) {
      const actor = a.initiatedBy?.user?.id;
      if (actor) logs.actors.add(actor);
      const at = Date.parse(a.activityDateTime ?? '');
      if (Number.isFinite(at)) logs.newestAudit = Math.max(logs.newestAudit ?? at, at);
      sort.audit(a as unknown as Graph.DirectoryAudit);
      logs.audits++;
    }
    if (o.signInsOf !== undefined) {
      // How far the sign-in log has come is its newest record, anyone's (one record, newest first):
      // the emergency accounts' own are too rare to say, and a late one must not be passed over.
      for await (const s of pim.signInItems({ since: o.since, until: o.until, limit: 1 })) noteSignIn(logs, s.createdDateTime);
    }
    for (const userId of new Set(o.signInsOf ?? [])) {
      for await (const s of pim.signInItems({ since: o.since, until: o.until, userId })) {
        logs.signIns++;
        noteSignIn(logs, s.createdDateTime);
        const e = fromSignIn(s as unknown as Graph.SignIn);
        if (e) sort.signIn(e);
      }
    }
    for (const r of o.requests) sort.request(r);
  } catch (err) {
    sort.close();
    throw err;
  }
  return logs;
}
