/** The incremental ingest against the sandbox on the shared oversight tenant. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { AuditTrail } from '../../src/audit/index.js';
import { loadBaseline } from '../../src/oversight/baseline-store.js';
import { lastEventAt } from '../../src/oversight/alert.js';
import { DEFAULT_INGEST, ingestOnce, readWatermarks, unnotifiedAlerts, markNotified } from '../../src/oversight/ingest.js';
import { cardProblems } from '../cards/validate.js';
import { alertDigestNotifier, alertNotifier, OVERSIGHT_INGEST_JOB, pollCron, runOversightPass, startOversightJobs } from '../../src/oversight/jobs.js';
import { breakGlassMembers } from '../../src/oversight/people.js';
import type { Alert } from '../../src/oversight/types.js';
import type { AuditQuery, SignInQuery } from '../../src/pim/audit-logs.js';
import { createAppCredential, createGraphClient, PimGateway } from '../../src/pim/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { JobQueue } from '../../src/store/jobs.js';
import { migrate } from '../../src/store/migrate.js';
import { parseSnapshot } from '../../src/tenant/snapshot.js';
import { CLIENT_ID, FAST } from '../pim/sandbox-harness.js';

const dir = fileURLToPath(new URL('../../../shared/eval/oversight/', import.meta.url));
const expectedFile = `${dir}oversight-expected.json`;
const shared = existsSync(expectedFile);

/** A migrated in-memory database for one test, closed after it. */
async function withFreshDatabase(fn: (db: Database) => Promise<void>): Promise<void> {
  const fresh = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await migrate(fresh);
    await fn(fresh);
  } finally {
    await fresh.close();
  }
}

interface Expected {
  tenant: string;
  now: string;
  breakGlassGroup: string;
  expected: Array<{ userId: string; kinds: string[]; why: string }>;
}

describe('oversight ingest', { skip: !shared && 'shared eval data not present' }, () => {
  let sandbox: Sandbox;
  let db: Database;
  let pim: PimGateway;
  let e: Expected;
  let breakGlassUserIds: string[];
  let breakGlassGroupId: string;
  let newestSignIn: number;
  const log = pino({ level: 'silent' });

  before(async () => {
    e = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
    const snapshot = parseSnapshot(readFileSync(`${dir}${e.tenant}`, 'utf8'), e.tenant);
    newestSignIn = Math.max(...snapshot['auditLogs/signIns'].map((x) => Date.parse(x.createdDateTime as string)).filter((t) => t <= Date.parse(e.now)));
    breakGlassUserIds = breakGlassMembers(snapshot.groups, e.breakGlassGroup);
    breakGlassGroupId = snapshot.groups.find((g) => g.displayName === e.breakGlassGroup)!.id!;
    sandbox = await startSandbox({ snapshot, port: 0, now: new Date(e.now) });
    const credential = createAppCredential({ tenantId: sandbox.tenantId, clientId: CLIENT_ID, credential: { kind: 'secret', secret: 'sandbox' }, authorityHost: sandbox.url });
    pim = new PimGateway({ app: createGraphClient({ ...FAST, baseUrl: sandbox.url, credential }), now: () => sandbox.clock.now() });
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(db);
  });
  after(async () => {
    await db?.close();
    await sandbox?.close();
  });

  /** A job pass's dependencies on `fresh`, with the test's own delivery. */
  const passDeps = (fresh: Database, delivery: Pick<Parameters<typeof runOversightPass>[0], 'notify' | 'digest'>) => ({
    db: fresh,
    pim,
    log,
    config: { oversight: { pollSeconds: 300, breakGlassGroupId } },
    now: () => sandbox.clock.now(),
    ...delivery,
  });

  it('finds the planted anomalies on the first pass, and nothing new on the second', async () => {
    const now = () => sandbox.clock.now();
    const first = await ingestOnce({ db, pim, now, breakGlassUserIds, log });
    const missed = e.expected.filter((x) => !first.alerts.some((a) => a.userId === x.userId && x.kinds.includes(a.kind))).map((x) => x.why);
    assert.deepEqual(missed, []);
    const planted = new Set(e.expected.map((x) => x.userId));
    // The service alerts on every emergency-account sign-in; the eval counts only the planted use.
    const signInOnly = (a: Alert) => a.kind === 'break-glass' && a.events.every((x) => x.activityDisplayName.startsWith('Sign-in'));
    assert.deepEqual(first.alerts.filter((a) => !planted.has(a.userId) && !signInOnly(a)).map((a) => a.summary), []);

    const marks = await readWatermarks(db);
    assert.ok(marks.directoryAudits && marks.directoryAudits > Date.parse(e.now) - 86_400_000, 'the audit watermark moved to the newest record');
    // Only emergency accounts' sign-ins are read, but the sign-in watermark is the log's newest record, anyone's.
    assert.equal(marks.signIns, newestSignIn);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM oversight_alerts');
    assert.equal(rows[0]?.n, first.alerts.length);

    const second = await ingestOnce({ db, pim, now, breakGlassUserIds, log });
    assert.deepEqual(second.alerts, []);
    const again = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM oversight_alerts');
    assert.equal(again.rows[0]?.n, first.alerts.length);
  });

  it('learns the baseline streamed from the log and keeps it, then reads only the stretch since the watermark', async () => {
    await withFreshDatabase(async (fresh) => {
      const reads: AuditQuery[] = [];
      const signInReads: SignInQuery[] = [];
      // The real gateway, with its reads of the logs noted.
      const recording = Object.assign(Object.create(pim) as PimGateway, {
        directoryAuditItems: (q: AuditQuery) => (reads.push(q), pim.directoryAuditItems(q)),
        signInItems: (q: SignInQuery) => (signInReads.push(q), pim.signInItems(q)),
      });
      const now = () => sandbox.clock.now();
      const pass = () => ingestOnce({ db: fresh, pim: recording, now, breakGlassUserIds, log });
      const from = (q: AuditQuery | undefined) => new Date(q?.since ?? 0).getTime();
      const HOUR = 3_600_000;
      const DAY = 24 * HOUR;

      const first = await pass();
      assert.ok(first.baselineRecords > 1000, `learned from ${first.baselineRecords} records`);
      const kept = await loadBaseline(fresh);
      assert.ok(kept);
      // Learned from what came before the scored month (the sandbox's clock runs on meanwhile).
      const scoreFrom = kept.baseline.until;
      assert.ok(Math.abs(now().getTime() - DEFAULT_INGEST.firstRunDays * DAY - scoreFrom) < 60_000);
      assert.ok(kept.baseline.roles.size > 0 && kept.baseline.users.size > 0);
      assert.deepEqual(
        reads.map(from),
        [scoreFrom - DEFAULT_INGEST.historyDays * DAY - DEFAULT_INGEST.lookbackHours * HOUR, scoreFrom - DEFAULT_INGEST.lookbackHours * HOUR],
        'the history for the baseline, then the month scored and a day before it',
      );

      // Only the emergency accounts' sign-ins are read, each with its own filter, and the log's newest record alone.
      assert.deepEqual(signInReads.filter((q) => q.userId).map((q) => q.userId).sort(), [...breakGlassUserIds].sort());
      assert.deepEqual(signInReads.filter((q) => !q.userId).map((q) => q.limit), [1]);

      // The next pass scores from the watermark: its baseline, a month old, is learned again up to there.
      const second = await pass();
      assert.ok(second.baselineRecords > first.baselineRecords);
      assert.equal(reads.length, 4);

      // Then it is kept: a pass reads a day and an hour of log, and learns nothing.
      const third = await pass();
      assert.equal(third.baselineRecords, 0);
      assert.equal(reads.length, 5, 'the history was not read again');
      const marks = await readWatermarks(fresh);
      assert.equal(from(reads[4]), Math.min(marks.directoryAudits!, marks.signIns!) - DEFAULT_INGEST.overlapMinutes * 60_000 - DEFAULT_INGEST.lookbackHours * HOUR);
      assert.ok(third.eventsRead < first.eventsRead / 10, `read ${third.eventsRead} records, not ${first.eventsRead}`);
      assert.deepEqual(third.alerts, []);

      // Once the kept baseline is stale it is learned again after the pass; if that fails, the pass still stands on the kept one.
      await fresh.query(`UPDATE oversight_baseline SET baseline = jsonb_set(baseline, '{until}', to_jsonb((baseline->>'until')::bigint - 2 * 86400000))`);
      const staleUntil = (await loadBaseline(fresh))!.baseline.until;
      const throttled = Object.assign(Object.create(pim) as PimGateway, {
        directoryAuditItems: (q: AuditQuery) =>
          from(q) < now().getTime() - 30 * DAY
            ? (async function* () {
                yield* [];
                throw new Error('Graph throttled the history read');
              })()
            : pim.directoryAuditItems(q),
      });
      const fourth = await ingestOnce({ db: fresh, pim: throttled, now, breakGlassUserIds, log });
      assert.equal(fourth.baselineRecords, 0);
      assert.equal((await loadBaseline(fresh))!.baseline.until, staleUntil, 'the kept baseline stays in use');
      const fifth = await pass();
      assert.ok(fifth.baselineRecords > 0, 'and the next pass learns it again');
    });
  });

  it('keeps alerts waiting for delivery until marked notified', async () => {
    const waiting = await unnotifiedAlerts(db);
    assert.ok(waiting.length > 0);
    await markNotified(db, waiting[0]!.id);
    assert.equal((await unnotifiedAlerts(db)).length, waiting.length - 1);
  });

  it('a job pass resolves the break-glass group, delivers each new alert once, and retries a failed delivery next pass', async () => {
    await withFreshDatabase(async (fresh) => {
      const delivered: Alert[] = [];
      let failOnce = true;
      const notify = async (alert: Alert) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('Teams is down');
        }
        delivered.push(alert);
      };
      const deps = passDeps(fresh, { notify });
      const first = await runOversightPass(deps, log);
      assert.equal(first.failed, 1, 'the failed post is counted, and the pass goes on with the others');
      assert.equal(first.delivered, first.stored - 1);
      const second = await runOversightPass(deps, log);
      assert.equal(second.stored, 0, 'the first pass stored them all');
      assert.deepEqual([second.delivered, second.failed], [1, 0], 'the failed one is delivered on the next pass');
      assert.ok(delivered.some((a) => a.kind === 'break-glass' && breakGlassUserIds.includes(a.userId)));
      assert.equal(new Set(delivered.map((a) => a.id)).size, delivered.length);
      assert.equal((await unnotifiedAlerts(fresh)).length, 0);
      assert.deepEqual(await runOversightPass(deps, log), { stored: 0, delivered: 0, failed: 0 });
    });
  });

  it('bundles alerts older than a day into one digest on the first pass; critical and recent ones come one by one', async () => {
    await withFreshDatabase(async (fresh) => {
      const single: Alert[] = [];
      const digests: Alert[][] = [];
      const now = () => sandbox.clock.now();
      const deps = passDeps(fresh, {
        notify: async (a: Alert) => void single.push(a),
        digest: async (alerts: Alert[]) => void digests.push(alerts),
      });
      const first = await runOversightPass(deps, log);
      assert.equal(digests.length, 1, 'one digest for the month looked back on');
      const dayAgo = now().getTime() - 86_400_000;
      const [bundle = []] = digests;
      assert.ok(bundle.length >= 3);
      assert.ok(bundle.every((a) => a.severity !== 'critical' && lastEventAt(a) < dayAgo));
      assert.ok(single.every((a) => a.severity === 'critical' || lastEventAt(a) >= dayAgo));
      assert.ok(single.some((a) => a.kind === 'break-glass'), 'emergency-account use still comes on its own');
      assert.equal(first.delivered, bundle.length + single.length);
      assert.equal((await unnotifiedAlerts(fresh)).length, 0);
      assert.deepEqual(await runOversightPass(deps, log), { stored: 0, delivered: 0, failed: 0 });
    });
  });

  it('goes on past an alert whose post keeps failing, critical ones first; gives up only a non-critical one, and only once a day old', async () => {
    await withFreshDatabase(async (fresh) => {
      const delivered: string[] = [];
      const tries = new Map<string, number[]>();
      let refused: string | undefined;
      const deps = passDeps(fresh, {
        // Teams refuses the first card it is given, every time; every other alert goes through.
        notify: async (a: Alert, attempt: number) => {
          tries.set(a.id, [...(tries.get(a.id) ?? []), attempt]);
          refused ??= a.id;
          if (a.id === refused) throw new Error('Teams refused the card (400)');
          delivered.push(a.id);
        },
        digest: async () => {
          throw new Error('the digest card is refused too');
        },
      });
      const first = await runOversightPass(deps, log);
      const stored = (await fresh.query<{ id: string; severity: string }>('SELECT id, severity FROM oversight_alerts')).rows;
      const critical = stored.filter((r) => r.severity === 'critical').map((r) => r.id);
      assert.ok(critical.length > 0 && refused !== undefined);
      assert.ok(critical.includes(refused!), 'critical alerts are tried first');
      assert.ok(critical.filter((id) => id !== refused).every((id) => delivered.includes(id)), 'the other critical alerts got through in the same pass');
      assert.equal(first.failed, stored.length - delivered.length, 'the refused alert and the digest’s are counted as failed');
      assert.equal(first.delivered, delivered.length);

      // The refused one is retried on every pass, behind nothing, with its attempt counted: a critical alert is never given up.
      for (let pass = 2; pass <= 25; pass++) await runOversightPass(deps, log);
      assert.deepEqual(tries.get(refused!), Array.from({ length: 25 }, (_, i) => i + 1));
      const row = (await fresh.query<{ delivery_attempts: number; last_delivery_error: string; notified_at: unknown }>('SELECT delivery_attempts, last_delivery_error, notified_at FROM oversight_alerts WHERE id = $1', [refused])).rows[0]!;
      assert.equal(row.delivery_attempts, 25);
      assert.equal(row.last_delivery_error, 'Teams refused the card (400)');
      assert.equal(row.notified_at, null, 'never marked as delivered');

      // The digest's non-critical alerts: tried while under a day old, whatever the count; then given up.
      const digested = (await fresh.query<{ id: string; delivery_attempts: number }>(`SELECT id, delivery_attempts FROM oversight_alerts WHERE notified_at IS NULL AND severity <> 'critical'`)).rows;
      assert.ok(digested.length > 0 && digested.every((r) => r.delivery_attempts === 25), 'each pass tried the refused digest again');
      assert.equal((await unnotifiedAlerts(fresh)).length, digested.length + 1);
      await fresh.query(`UPDATE oversight_alerts SET created_at = now() - interval '2 days'`);
      assert.deepEqual((await unnotifiedAlerts(fresh)).map((a) => a.id), [refused], 'only the critical one is still tried');
    });
  });

  it('posts each alert once when two instances’ passes overlap', async () => {
    await withFreshDatabase(async (fresh) => {
      const posted: string[] = [];
      const deps = passDeps(fresh, {
        notify: async (a: Alert) => {
          await new Promise((r) => setTimeout(r, 5));
          posted.push(a.id);
        },
      });
      await runOversightPass(deps, log);
      await fresh.query('UPDATE oversight_alerts SET notified_at = NULL');
      posted.length = 0;
      const [a, b] = await Promise.all([runOversightPass(deps, log), runOversightPass(deps, log)]);
      const stored = Number((await fresh.query<{ n: string }>('SELECT count(*) AS n FROM oversight_alerts')).rows[0]!.n);
      assert.ok(stored > 0);
      assert.equal(posted.length, stored, 'every alert posted');
      assert.equal(new Set(posted).size, posted.length, 'none twice');
      assert.equal(a.delivered + b.delivered, stored);
    });
  });

  it('runs as the oversight-ingest job and hands each new alert to notify', async () => {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(fresh);
    const jobs = new JobQueue(fresh, log, { schema: 'oversight_jobs' });
    try {
      await jobs.start();
      const delivered: Alert[] = [];
      await startOversightJobs({
        jobs,
        db: fresh,
        pim,
        log,
        config: { oversight: { pollSeconds: 300, breakGlassGroupId } },
        notify: async (a) => void delivered.push(a),
        now: () => sandbox.clock.now(),
      });
      await jobs.send(OVERSIGHT_INGEST_JOB, {});
      const deadline = Date.now() + 60_000;
      while ((await unnotifiedAlerts(fresh)).length > 0 || delivered.length === 0) {
        assert.ok(Date.now() < deadline, 'the job ran and delivered its alerts');
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(delivered.length >= e.expected.length);
    } finally {
      await jobs.stop(2000);
      await fresh.close();
    }
  });
});

describe('oversight job helpers', () => {
  it('the notifier records the alert in the trail, then posts its card to the channel', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      const posted: Array<{ channelId: string; summary: string; card: Record<string, unknown> }> = [];
      const messenger = {
        sendToChannel: async (channelId: string, _url: string, card: Record<string, unknown>, summary: string) => {
          posted.push({ channelId, summary, card });
          return { reference: {}, activityId: 'a1' };
        },
      };
      const log = pino({ level: 'silent' });
      const alert: Alert = {
        id: 'off-hours-0000000000000001',
        kind: 'off-hours',
        severity: 'high',
        userId: 'u-1',
        userPrincipalName: 'ada@contoso.example',
        requestId: null,
        summary: 'Ada reset 14 passwords at 3am local time with no role active.',
        events: [{ id: 'e1', activityDateTime: '2026-11-14T03:18:00Z', activityDisplayName: 'Reset password', target: 'Nora' }],
        eventIds: ['e1'],
      };
      await alertNotifier({ trail: new AuditTrail(db), log, channelId: '19:sec@thread.tacv2', messenger, serviceUrl: 'https://smba.example/' })(alert);
      await alertNotifier({ trail: new AuditTrail(db), log, serviceUrl: 'https://smba.example/' })(alert);
      // A retry after a failed post posts again but is not recorded as another alert.
      await alertNotifier({ trail: new AuditTrail(db), log, channelId: '19:sec@thread.tacv2', messenger, serviceUrl: 'https://smba.example/' })(alert, 2);
      assert.equal(posted.length, 2);
      posted.pop();
      assert.equal(posted[0]?.channelId, '19:sec@thread.tacv2');
      assert.match(JSON.stringify(posted[0]?.card), /Ada reset 14 passwords/);
      const { rows } = await db.query<{ kind: string; output: { alertId: string; detector: string } }>('SELECT kind, output FROM audit_trail ORDER BY seq');
      assert.deepEqual(rows.map((r) => [r.kind, r.output.alertId, r.output.detector]), [
        ['alert', alert.id, 'off-hours'],
        ['alert', alert.id, 'off-hours'],
      ]);
    } finally {
      await db.close();
    }
  });

  it('the digest notifier records each alert in the trail and posts one card for them all', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      const posted: Array<{ summary: string; card: Record<string, unknown> }> = [];
      const messenger = {
        sendToChannel: async (_channelId: string, _url: string, card: Record<string, unknown>, summary: string) => {
          posted.push({ summary, card });
          return { reference: {}, activityId: 'a1' };
        },
      };
      const alert = (n: number, severity: Alert['severity']): Alert => ({
        id: `off-hours-${n}`,
        kind: 'off-hours',
        severity,
        userId: `u-${n}`,
        userPrincipalName: `admin${n}@contoso.example`,
        requestId: null,
        summary: `Admin ${n} worked at 03:1${n} their time.`,
        events: [{ id: `e${n}`, activityDateTime: `2026-10-0${n}T03:10:00Z`, activityDisplayName: 'Reset password', target: 'Nora' }],
        eventIds: [`e${n}`],
      });
      const alerts = [alert(1, 'low'), alert(2, 'high'), ...Array.from({ length: 16 }, (_, i) => alert(3 + (i % 6), 'medium'))];
      await alertDigestNotifier({ trail: new AuditTrail(db), log: pino({ level: 'silent' }), channelId: '19:sec@thread.tacv2', messenger, serviceUrl: 'https://smba.example/' })(alerts);
      assert.equal(posted.length, 1);
      assert.equal(posted[0]?.summary, '18 earlier oversight alerts');
      const text = JSON.stringify(posted[0]?.card);
      assert.match(text, /Oversight: 18 earlier alerts/);
      assert.deepEqual(cardProblems(posted[0]?.card), []);
      // Most severe first, fifteen listed and the rest counted.
      assert.ok(text.indexOf('Admin 2 worked') < text.indexOf('Admin 3 worked'));
      assert.match(text, /and 3 more/);
      const { rows } = await db.query<{ output: { alertId: string; delivered?: string } }>('SELECT output FROM audit_trail ORDER BY seq');
      assert.equal(rows.length, 18);
      assert.ok(rows.every((r) => r.output.delivered === 'digest'));
    } finally {
      await db.close();
    }
  });

  it('turns seconds into a cron of whole minutes, at least one', () => {
    assert.equal(pollCron(30), '* * * * *');
    assert.equal(pollCron(60), '* * * * *');
    assert.equal(pollCron(300), '*/5 * * * *');
    assert.equal(pollCron(3600), '0 * * * *');
  });
});
