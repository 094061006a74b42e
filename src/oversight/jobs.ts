/**
 * The oversight poll as a durable job: every OVERSIGHT_POLL_SECONDS (rounded to cron's minute),
 * ingest the logs and hand each new alert to `notify`. Alerts are stored before delivery and
 * marked once delivered, so a failed post is retried by the next pass rather than lost.
 */
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import type { PimGateway } from '../pim/index.js';
import type { Database } from '../store/db.js';
import type { JobQueue } from '../store/jobs.js';
import type { Messenger } from '../workflow/messenger.js';
import { alertCard, alertDigestCard } from './alert-card.js';
import { groupUserIds } from './end-activation.js';
import { lastEventAt } from './alert.js';
import { claimForDelivery, ingestOnce, markDeliveryFailed, markNotified, MAX_DELIVERY_ATTEMPTS, pendingAlerts } from './ingest.js';
import type { Alert } from './types.js';

export const OVERSIGHT_INGEST_JOB = 'oversight-ingest';
const DAY_MS = 86_400_000;
/** Fewer old alerts than this still come one by one. */
const DIGEST_MINIMUM = 3;
/** How long a pass holds the alerts it is posting; a pass that dies lets them go after this. */
const DELIVERY_LEASE_MS = 5 * 60_000;

export interface OversightSettings {
  pollSeconds: number;
  breakGlassGroupId?: string;
  /** Alert on every emergency-account sign-in at once (default), not only on what is done with it. */
  breakGlassSignInAlerts?: boolean;
}

export interface OversightJobDeps {
  jobs: JobQueue;
  db: Database;
  pim: PimGateway;
  log: Logger;
  config: { oversight: OversightSettings };
  /** `attempt`: 1 the first time, more when earlier posts of the same alert failed. */
  notify: (alert: Alert, attempt: number) => Promise<unknown>;
  /**
   * Several alerts older than a day, as one message (the first pass looks a month back). Critical
   * ones always come one by one. Unset: every alert goes to `notify`.
   */
  digest?: (alerts: Alert[], firstTry: ReadonlySet<string>) => Promise<unknown>;
  /** The clock the logs are read against (the sandbox's in local runs). */
  now?: () => Date;
}

/** Cron for a poll interval: whole minutes, at least one, at most an hour. */
export function pollCron(seconds: number): string {
  const minutes = Math.min(60, Math.max(1, Math.round(seconds / 60)));
  if (minutes === 1) return '* * * * *';
  if (minutes === 60) return '0 * * * *';
  return `*/${minutes} * * * *`;
}

/** Members of the break-glass group (users, nested groups followed); none when no group is set. */
export async function breakGlassUsers(pim: PimGateway, groupId: string | undefined): Promise<string[]> {
  return groupId ? [...(await groupUserIds(pim, groupId))] : [];
}

/**
 * One pass: ingest, then deliver everything stored and not yet delivered. An emergency account's
 * first sign-in is alerted on the pass that reads it; what it does next comes as a further alert
 * telling the whole session (its id changes with its last event).
 */
export async function runOversightPass(deps: Omit<OversightJobDeps, 'jobs'>, log: Logger): Promise<{ stored: number; delivered: number; failed: number }> {
  const now = deps.now ?? (() => new Date());
  const breakGlassUserIds = await breakGlassUsers(deps.pim, deps.config.oversight.breakGlassGroupId);
  const result = await ingestOnce({
    db: deps.db,
    pim: deps.pim,
    now,
    breakGlassUserIds,
    alertOnBreakGlassSignIn: deps.config.oversight.breakGlassSignInAlerts ?? true,
    log,
  });
  let delivered = 0;
  let failed = 0;
  const pending = await pendingAlerts(deps.db);
  const attempts = new Map(pending.map((p) => [p.alert.id, p.attempts]));
  // A post that fails is counted against its alert and the pass goes on: one card Teams keeps
  // refusing must not hold back the alerts behind it, critical ones least of all.
  const failedFor = async (alerts: Alert[], err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    for (const alert of alerts) {
      failed++;
      const made = await markDeliveryFailed(deps.db, alert.id, message);
      const fields = { err, alertId: alert.id, kind: alert.kind, severity: alert.severity, attempts: made };
      if (made === MAX_DELIVERY_ATTEMPTS) log.error(fields, alert.severity === 'critical' ? 'critical oversight alert still not delivered after repeated tries; it is tried on every pass' : 'oversight alert not delivered after repeated tries; once a day old it is given up, and stays in oversight_alerts with its last error');
      else log.warn(fields, 'oversight alert not delivered; the next pass tries again');
    }
  };
  const dayAgo = now().getTime() - DAY_MS;
  const waiting = pending.map((p) => p.alert);
  const old = waiting.filter((a) => a.severity !== 'critical' && lastEventAt(a) < dayAgo);
  const bundled = new Set(deps.digest && old.length >= DIGEST_MINIMUM ? old.map((a) => a.id) : []);
  if (deps.digest && bundled.size > 0) {
    // Another instance's pass running at the same time keeps the alerts it took (claimed just before posting).
    const mine = await claimForDelivery(deps.db, [...bundled], DELIVERY_LEASE_MS);
    const digest = old.filter((a) => mine.has(a.id));
    if (digest.length > 0) {
      try {
        await deps.digest(digest, new Set(digest.filter((a) => (attempts.get(a.id) ?? 0) === 0).map((a) => a.id)));
        for (const alert of digest) await markNotified(deps.db, alert.id);
        delivered += digest.length;
      } catch (err) {
        await failedFor(digest, err);
      }
    }
  }
  for (const alert of waiting) {
    if (bundled.has(alert.id)) continue;
    if ((await claimForDelivery(deps.db, [alert.id], DELIVERY_LEASE_MS)).size === 0) continue;
    try {
      await deps.notify(alert, (attempts.get(alert.id) ?? 0) + 1);
      await markNotified(deps.db, alert.id);
      delivered++;
    } catch (err) {
      await failedFor([alert], err);
    }
  }
  return { stored: result.alerts.length, delivered, failed };
}

export async function startOversightJobs(deps: OversightJobDeps): Promise<void> {
  // No retries: the next scheduled pass picks up where this one stopped.
  await deps.jobs.work(OVERSIGHT_INGEST_JOB, async (_data, ctx) => runOversightPass(deps, ctx.log), {
    retryLimit: 0,
    expireInSeconds: 900,
    pollingIntervalSeconds: 5,
  });
  await deps.jobs.schedule(OVERSIGHT_INGEST_JOB, pollCron(deps.config.oversight.pollSeconds));
  deps.log.info({ cron: pollCron(deps.config.oversight.pollSeconds) }, 'oversight ingest scheduled');
}

export interface AlertNotifierOptions {
  trail: AuditTrail;
  log: Logger;
  /** Unset: alerts are stored and recorded in the trail, but posted nowhere. */
  channelId?: string;
  messenger?: Pick<Messenger, 'sendToChannel'>;
  serviceUrl: string;
}

/** The trail entry of an alert handed on (one by one or in a digest). */
function trailEntry(alert: Alert, digest: boolean) {
  return {
    kind: 'alert' as const,
    traceId: alert.id,
    requestId: alert.requestId,
    actor: { type: 'service' as const, id: 'pim-copilot' },
    output: {
      detector: alert.kind,
      severity: alert.severity,
      summary: alert.summary,
      alertId: alert.id,
      principalId: alert.userId,
      ...(alert.roleId && { roleDefinitionId: alert.roleId }),
      ...(digest && { delivered: 'digest' }),
    },
  };
}

/** `digest` for the job: each alert into the audit trail, then one card for them all into the security channel. */
export function alertDigestNotifier(o: AlertNotifierOptions): (alerts: Alert[], firstTry?: ReadonlySet<string>) => Promise<void> {
  return async (alerts, firstTry) => {
    // Once per alert: a retried digest does not record its alerts again.
    for (const alert of alerts) if (!firstTry || firstTry.has(alert.id)) await o.trail.append(trailEntry(alert, true));
    if (!o.channelId || !o.messenger) {
      o.log.info({ alerts: alerts.length }, 'oversight alerts recorded; no SECURITY_CHANNEL_ID to post their digest to');
      return;
    }
    await o.messenger.sendToChannel(o.channelId, o.serviceUrl, alertDigestCard(alerts), `${alerts.length} earlier oversight alerts`);
  };
}

/** `notify` for the job: the alert goes into the audit trail, then its card into the security channel. */
export function alertNotifier(o: AlertNotifierOptions): (alert: Alert, attempt?: number) => Promise<void> {
  return async (alert, attempt = 1) => {
    // Once per alert: a retry after a failed post is not a second alert.
    if (attempt === 1) await o.trail.append(trailEntry(alert, false));
    if (!o.channelId || !o.messenger) {
      o.log.info({ alertId: alert.id, kind: alert.kind }, 'oversight alert recorded; no SECURITY_CHANNEL_ID to post it to');
      return;
    }
    await o.messenger.sendToChannel(o.channelId, o.serviceUrl, alertCard(alert), alert.summary);
  };
}
