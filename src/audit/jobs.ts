/**
 * The trail's scheduled work, as durable jobs (pg-boss runs each tick once, whatever the number of
 * instances): the weekly override and drift report card posted to REPORT_CHANNEL_ID, and the daily
 * retention pass that archives months older than AUDIT_RETENTION_DAYS.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/db.js';
import type { JobQueue } from '../store/jobs.js';
import type { Messenger } from '../workflow/messenger.js';
import { archiveOldPartitions, type ArchivedMonth } from './archive.js';
import { driftReportCard } from './report-card.js';
import { loadReport, type DriftReport, type DriftThresholds } from './report.js';

export const DRIFT_REPORT_JOB = 'audit-drift-report';
export const RETENTION_JOB = 'audit-retention';

/** Mondays 07:00 UTC: the week just ended is complete and people read it at the start of theirs. */
export const DRIFT_REPORT_CRON = '0 7 * * 1';
/** Daily at 02:30 UTC, out of working hours in most of the world. */
export const RETENTION_CRON = '30 2 * * *';

const WEEK_MS = 7 * 86_400_000;

export interface AuditJobSettings {
  report: { channelId?: string; windowWeeks: number; drift: DriftThresholds };
  audit: { retentionDays?: number; archiveDir: string };
}

export interface AuditJobDeps {
  jobs: JobQueue;
  db: Database;
  log: Logger;
  config: AuditJobSettings;
  messenger: Pick<Messenger, 'sendToChannel'>;
  serviceUrl: string;
  now?: () => Date;
}

/** The headline a channel shows for the card (and a screen reader reads). */
export function driftSummary(report: DriftReport): string {
  const t = report.totals;
  const warnings = report.warnings.length;
  const period = `${report.since.slice(0, 10)} to ${report.until.slice(0, 10)}`;
  return `PIM Copilot weekly report, ${period}: ${t.requests} requests, ${warnings === 0 ? 'no drift warning' : `${warnings} drift warning${warnings === 1 ? '' : 's'}`}`;
}

/** Builds the report over the last `windowWeeks` and posts its card; returns what was posted. */
export async function postDriftReport(deps: Omit<AuditJobDeps, 'jobs'>): Promise<{ posted: boolean; report: DriftReport }> {
  const until = (deps.now ?? (() => new Date()))();
  const since = new Date(until.getTime() - deps.config.report.windowWeeks * WEEK_MS);
  const report = await loadReport(deps.db, { since: since.toISOString(), until: until.toISOString(), thresholds: deps.config.report.drift });
  const channelId = deps.config.report.channelId;
  if (!channelId) return { posted: false, report };
  await deps.messenger.sendToChannel(channelId, deps.serviceUrl, driftReportCard(report), driftSummary(report));
  deps.log.info({ channelId, requests: report.totals.requests, warnings: report.warnings.length }, 'weekly drift report posted');
  return { posted: true, report };
}

/** Archives every month that ended before the retention cutoff; none when retention is unset. */
export async function runRetention(deps: Omit<AuditJobDeps, 'jobs' | 'messenger' | 'serviceUrl'>): Promise<ArchivedMonth[]> {
  const days = deps.config.audit.retentionDays;
  if (!days) return [];
  const now = (deps.now ?? (() => new Date()))();
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  const done = await archiveOldPartitions(deps.db, { before, dir: deps.config.audit.archiveDir });
  for (const m of done) deps.log.info({ partition: m.partition, entries: m.entries, file: m.file, sha256: m.sha256 }, 'audit month archived and verified');
  return done;
}

/** Schedules what the settings ask for; nothing is scheduled when neither is configured. */
export async function startAuditJobs(deps: AuditJobDeps): Promise<void> {
  if (deps.config.report.channelId) {
    // A failed post is retried; a week's report is still worth having an hour late.
    await deps.jobs.work(DRIFT_REPORT_JOB, async () => postDriftReport(deps), { retryLimit: 3, retryDelaySeconds: 300, expireInSeconds: 600 });
    await deps.jobs.schedule(DRIFT_REPORT_JOB, DRIFT_REPORT_CRON);
    deps.log.info({ cron: DRIFT_REPORT_CRON, channelId: deps.config.report.channelId }, 'weekly drift report scheduled');
  }
  if (deps.config.audit.retentionDays) {
    // No retries: tomorrow's pass archives whatever today's did not.
    await deps.jobs.work(RETENTION_JOB, async () => runRetention(deps), { retryLimit: 0, expireInSeconds: 3600 });
    await deps.jobs.schedule(RETENTION_JOB, RETENTION_CRON);
    deps.log.info({ cron: RETENTION_CRON, retentionDays: deps.config.audit.retentionDays }, 'audit retention scheduled');
  }
}
