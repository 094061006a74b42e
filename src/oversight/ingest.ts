/**
 * The incremental oversight pass: read the audit and sign-in logs since the stored watermarks
 * (and a day before, for the activations still open), scan them against the stored baseline,
 * keep the alerts not seen before, and only then move the watermarks on. A crash in between
 * re-reads the same logs; the stable alert ids make that harmless. The baseline (what is normal,
 * from `historyDays` of history) is learned from the log, streamed, on the first pass and again
 * once it is a day old, and kept between passes, so a poll's work follows the log's new records,
 * not the length of its history.
 */
import type { Logger } from 'pino';
import type { PimGateway } from '../pim/index.js';
import type { Database, Queryable } from '../store/db.js';
import { lastEventAt } from './alert.js';
import { learnBaselineFromGraph } from './baseline-learn.js';
import { loadBaseline, saveBaseline } from './baseline-store.js';
import type { SessionBaseline } from './baseline.js';
import { sortGraphLogs } from './graph-logs.js';
import { createScanner } from './scan.js';
import { userZonesFor, type UserZones } from './user-zones.js';
import type { Alert, OversightInput } from './types.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type LogSource = 'directoryAudits' | 'signIns';

/** The tenant's PIM objects as the scan reads them (the logs and users come apart). */
type Directory = Omit<OversightInput, 'directoryAudits' | 'signIns' | 'users'>;

export interface IngestTuning {
  /** How far back the very first run scores events. */
  firstRunDays: number;
  /** History before the scored period from which normal behaviour is learned. */
  historyDays: number;
  /** The baseline is learned again once it is this old. */
  baselineRefreshHours: number;
  /**
   * Read before the scored period, so activations still open at its start are known: PIM's
   * longest activation (24 hours) and the clock skew.
   */
  lookbackHours: number;
  /** Scored again behind the watermark: late log records and bursts that straddle two polls. */
  overlapMinutes: number;
}

export const DEFAULT_INGEST: IngestTuning = { firstRunDays: 30, historyDays: 60, baselineRefreshHours: 24, lookbackHours: 26, overlapMinutes: 60 };

export interface IngestDeps {
  db: Database;
  pim: PimGateway;
  now: () => Date;
  breakGlassUserIds: readonly string[];
  log: Logger;
  tuning?: Partial<IngestTuning>;
  /** Alert on every break-glass sign-in at once, even with nothing done after it (the service's default). */
  alertOnBreakGlassSignIn?: boolean;
  /** Where users' time zones come from; one cache per gateway by default. */
  zones?: Pick<UserZones, 'users'>;
}

export interface IngestResult {
  /** Alerts stored by this pass, most severe first. */
  alerts: Alert[];
  watermarks: Record<LogSource, string>;
  eventsRead: number;
  /** Audit records read to learn the baseline this pass (0 when the kept one was used). */
  baselineRecords: number;
}

export async function readWatermarks(db: Queryable): Promise<Partial<Record<LogSource, number>>> {
  const { rows } = await db.query<{ source: string; last_seen: Date | string }>('SELECT source, last_seen FROM oversight_watermarks');
  const out: Partial<Record<LogSource, number>> = {};
  for (const r of rows) if (r.source === 'directoryAudits' || r.source === 'signIns') out[r.source] = new Date(r.last_seen).getTime();
  return out;
}

export async function ingestOnce(deps: IngestDeps): Promise<IngestResult> {
  const tuning = { ...DEFAULT_INGEST, ...deps.tuning };
  const nowMs = deps.now().getTime();
  const stored = await readWatermarks(deps.db);
  const firstRun = nowMs - tuning.firstRunDays * DAY_MS;
  const marks: Record<LogSource, number> = { directoryAudits: stored.directoryAudits ?? firstRun, signIns: stored.signIns ?? firstRun };
  // Alerts count as new when one of their records is newer than what the previous pass had read.
  const reportAfter = Math.min(marks.directoryAudits, marks.signIns);
  const isFirst = stored.directoryAudits === undefined && stored.signIns === undefined;
  const scoreFrom = isFirst ? reportAfter : reportAfter - tuning.overlapMinutes * 60_000;
  const readFrom = scoreFrom - tuning.lookbackHours * HOUR_MS;
  const until = new Date(nowMs);
  const zones = deps.zones ?? userZonesFor(deps.pim);

  const [requests, roleDefinitions, eligibilities, assignments] = await Promise.all([
    deps.pim.listRequests(),
    deps.pim.listRoleDefinitions(),
    deps.pim.listEligibilitySchedules(),
    deps.pim.listActiveAssignments(),
  ]);
  // The gateway's checked types allow null where the Graph typings do not; the objects are Graph's as sent.
  // Active assignment instances: "Assigned" ones are standing access, "Activated" ones PIM windows.
  const directory = { requests, roleDefinitions, eligibilities, assignments } as unknown as Directory;
  const learning: Learning = { deps, zones, tuning, directory };
  const { baseline, records: learnedFirst, stale } = await keptOrLearned(learning, scoreFrom);
  const logs = await sortGraphLogs(deps.pim, { since: new Date(readFrom), until, signInsOf: deps.breakGlassUserIds, requests: directory.requests ?? [] });
  // Off-hours are read on each person's own clock: the zones of everyone acting in the logs.
  let users: OversightInput['users'] = [];
  try {
    users = await zones.users(logs.actors);
  } catch (err) {
    deps.log.warn({ err }, 'oversight ingest: users\' time zones unreadable; hours are read this pass on the zone kept with the baseline, or UTC');
  }
  const scanner = createScanner({ ...directory, users }, {
    since: new Date(scoreFrom),
    now: until,
    baseline,
    breakGlassUserIds: deps.breakGlassUserIds,
    alertOnBreakGlassSignIn: deps.alertOnBreakGlassSignIn ?? true,
  });
  logs.sort.feed(scanner);
  const scan = scanner.finish();
  const fresh = scan.alerts.filter((a) => lastEventAt(a) > reportAfter);

  const next: Record<LogSource, number> = {
    directoryAudits: Math.max(marks.directoryAudits, logs.newestAudit ?? -Infinity),
    signIns: Math.max(marks.signIns, logs.newestSignIn ?? -Infinity),
  };
  const alerts = await deps.db.transaction(async (tx) => {
    const kept: Alert[] = [];
    for (const a of fresh) {
      const { rows } = await tx.query(
        `INSERT INTO oversight_alerts (id, kind, severity, user_id, role_id, request_id, last_event_at, alert)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [a.id, a.kind, a.severity, a.userId, a.roleId ?? null, a.requestId, new Date(lastEventAt(a)).toISOString(), JSON.stringify(a)],
      );
      if (rows.length > 0) kept.push(a);
    }
    // Same transaction, after the alerts: the watermark never passes alerts that were not kept.
    for (const source of ['directoryAudits', 'signIns'] as const) {
      await tx.query(
        `INSERT INTO oversight_watermarks (source, last_seen) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET last_seen = GREATEST(oversight_watermarks.last_seen, EXCLUDED.last_seen), updated_at = now()`,
        [source, new Date(next[source]).toISOString()],
      );
    }
    return kept;
  });

  // A day-old baseline is learned again now that the alerts are stored; a failure leaves the kept
  // one in use (the next pass tries again) and costs no alert.
  let baselineRecords = learnedFirst;
  if (stale) {
    try {
      baselineRecords = (await learnAndKeep(learning, scoreFrom)).records;
    } catch (err) {
      deps.log.warn({ err }, 'oversight baseline: learning it again failed; the kept one stays in use');
    }
  }

  deps.log.info(
    { audits: logs.audits, signIns: logs.signIns, scanned: scan.eventsScanned, alerts: alerts.length, repeated: fresh.length - alerts.length },
    'oversight ingest done',
  );
  return {
    alerts,
    watermarks: { directoryAudits: new Date(next.directoryAudits).toISOString(), signIns: new Date(next.signIns).toISOString() },
    eventsRead: logs.audits + logs.signIns,
    baselineRecords,
  };
}

/** What learning a baseline during a pass needs. */
interface Learning {
  deps: IngestDeps;
  zones: Pick<UserZones, 'users'>;
  tuning: IngestTuning;
  directory: Directory;
}

/**
 * The kept baseline, if it was learned from before the scored stretch; `stale` once it is old
 * enough to learn again (after the pass, so alerts never wait on it). With none to use, one is
 * learned now, streamed from Graph, and kept.
 */
async function keptOrLearned(l: Learning, scoreFrom: number): Promise<{ baseline: SessionBaseline; records: number; stale: boolean }> {
  const kept = await loadBaseline(l.deps.db);
  if (kept && kept.historyDays === l.tuning.historyDays && kept.baseline.until <= scoreFrom) {
    return { baseline: kept.baseline, records: 0, stale: scoreFrom - kept.baseline.until >= l.tuning.baselineRefreshHours * HOUR_MS };
  }
  return { ...(await learnAndKeep(l, scoreFrom)), stale: false };
}

async function learnAndKeep({ deps, zones, tuning, directory }: Learning, until: number): Promise<{ baseline: SessionBaseline; records: number }> {
  const started = Date.now();
  const learned = await learnBaselineFromGraph(
    { pim: deps.pim, zones, log: deps.log },
    { until, historyDays: tuning.historyDays, lookbackMs: tuning.lookbackHours * HOUR_MS, breakGlassUserIds: deps.breakGlassUserIds, directory },
  );
  await saveBaseline(deps.db, learned.baseline, tuning.historyDays);
  deps.log.info({ records: learned.records, roles: learned.baseline.roles.size, users: learned.baseline.users.size, ms: Date.now() - started }, 'oversight baseline learned');
  return learned;
}

/** A stored alert by id: what an end-activation action trusts, instead of anything on the card. */
export async function findAlert(db: Queryable, alertId: string): Promise<Alert | undefined> {
  const { rows } = await db.query<{ alert: Alert | string }>('SELECT alert FROM oversight_alerts WHERE id = $1', [alertId]);
  const raw = rows[0]?.alert;
  return raw === undefined ? undefined : typeof raw === 'string' ? (JSON.parse(raw) as Alert) : raw;
}

/**
 * A non-critical alert is given up on once this many posts have failed and it is over a day old
 * (one post per pass, so a Teams outage of a few hours loses nothing). Critical ones never are.
 */
export const MAX_DELIVERY_ATTEMPTS = 20;

/** The alerts `pendingAlerts` gives, without their attempts. */
export async function unnotifiedAlerts(db: Queryable, limit = 50): Promise<Alert[]> {
  return (await pendingAlerts(db, limit)).map((p) => p.alert);
}

/**
 * Alerts stored and not yet delivered, nor held by another pass posting them: critical first, then
 * those tried least, oldest first, so one that keeps failing never holds the others up. Each comes
 * with the attempts made so far.
 */
export async function pendingAlerts(db: Queryable, limit = 50): Promise<Array<{ alert: Alert; attempts: number }>> {
  const { rows } = await db.query<{ alert: Alert | string; delivery_attempts: number }>(
    `SELECT alert, delivery_attempts FROM oversight_alerts
     WHERE notified_at IS NULL AND (delivery_claimed_until IS NULL OR delivery_claimed_until < now())
       AND (delivery_attempts < $2 OR severity = 'critical' OR created_at > now() - interval '1 day')
     ORDER BY (severity = 'critical') DESC, delivery_attempts, created_at, id LIMIT $1`,
    [limit, MAX_DELIVERY_ATTEMPTS],
  );
  return rows.map((r) => ({ alert: typeof r.alert === 'string' ? (JSON.parse(r.alert) as Alert) : r.alert, attempts: Number(r.delivery_attempts) }));
}

export async function markNotified(db: Queryable, alertId: string): Promise<void> {
  await db.query('UPDATE oversight_alerts SET notified_at = now(), delivery_claimed_until = NULL WHERE id = $1', [alertId]);
}

/**
 * Takes the alerts for this pass to post, for `leaseMs`: those another instance's overlapping pass
 * holds (or has delivered meanwhile) are left out. Returns the ids taken.
 */
export async function claimForDelivery(db: Queryable, alertIds: readonly string[], leaseMs: number): Promise<Set<string>> {
  if (alertIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `UPDATE oversight_alerts SET delivery_claimed_until = now() + $2 * interval '1 millisecond'
     WHERE id = ANY($1) AND notified_at IS NULL AND (delivery_claimed_until IS NULL OR delivery_claimed_until < now())
     RETURNING id`,
    [alertIds, leaseMs],
  );
  return new Set(rows.map((r) => r.id));
}

/** A failed delivery: counted, with its error, so the alert goes behind the others; the attempts now made. */
export async function markDeliveryFailed(db: Queryable, alertId: string, error: string): Promise<number> {
  const { rows } = await db.query<{ delivery_attempts: number }>(
    'UPDATE oversight_alerts SET delivery_attempts = delivery_attempts + 1, last_delivery_error = $2, delivery_claimed_until = NULL WHERE id = $1 RETURNING delivery_attempts',
    [alertId, error.slice(0, 1000)],
  );
  return Number(rows[0]?.delivery_attempts ?? 0);
}
