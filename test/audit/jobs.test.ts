/**
 * The trail's scheduled jobs in the running service: the weekly drift report card reaches the
 * configured channel through the Bot Connector, built from what the trail holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { DRIFT_REPORT_JOB, driftSummary, postDriftReport, runRetention } from '../../src/audit/jobs.js';
import { buildReport } from '../../src/audit/report.js';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/db.js';
import { cardText, ROLES, startHarness, type Harness } from '../workflow/harness.js';

const CHANNEL = '19:drift-report@thread.tacv2';

describe('weekly drift report job', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ REPORT_CHANNEL_ID: CHANNEL, REPORT_WINDOW_WEEKS: '2' });
  });
  after(async () => h?.close());

  it('posts the report card, with the triaged requests of the window, to REPORT_CHANNEL_ID', async () => {
    const r = await h.activate('isayers', ROLES.teamsAdmin, { justification: 'Assign meeting policy to the new Sales team per CHG0048290', ticket: 'CHG0048290', duration: 'PT4H' });
    await h.poll();
    await h.waitFor(async () => (await h.service.db.query("SELECT 1 FROM audit_trail WHERE kind = 'triage.analysis' AND request_id = $1", [r.id])).rows[0], 'the analysis');

    // The job as the weekly schedule runs it (the tick itself is pg-boss's business).
    await h.service.jobs.send(DRIFT_REPORT_JOB, {});
    const created = await h.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && JSON.stringify(c.body).includes(CHANNEL), 15_000);
    const card = await h.connector.waitFor((c) => c.method === 'POST' && c.path.endsWith('/activities') && c.activity?.summary?.startsWith('PIM Copilot weekly report') === true);
    assert.match(JSON.stringify(created.body), /"tenant":\{"id":/, 'a new thread in the channel, of this tenant');
    const text = cardText(card);
    assert.match(text, /Teams Administrator/, 'the role with this week’s request is listed');
    assert.match(card.activity!.summary!, /\d+ requests/);
  });
});

describe('drift report and retention passes', () => {
  const log = pino({ level: 'silent' });
  const config = (channelId?: string, retentionDays?: number) => ({
    report: { channelId, windowWeeks: 4, drift: { scoreShift: 0.25, agreementShift: 0.2, minRequests: 5 } },
    audit: { retentionDays, archiveDir: '/nonexistent/never-written' },
  });

  it('with no channel the report is built but posted nowhere', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      const sent: string[] = [];
      const messenger = { sendToChannel: async (id: string) => (sent.push(id), { reference: {}, activityId: 'x' }) };
      const out = await postDriftReport({ db, log, config: config(undefined), messenger, serviceUrl: 'https://smba.example/' });
      assert.equal(out.posted, false);
      assert.equal(sent.length, 0);
      const posted = await postDriftReport({ db, log, config: config('19:c@thread.tacv2'), messenger, serviceUrl: 'https://smba.example/' });
      assert.equal(posted.posted, true);
      assert.deepEqual(sent, ['19:c@thread.tacv2']);
    } finally {
      await db.close();
    }
  });

  it('the summary line counts requests and warnings', () => {
    const report = buildReport([], { since: '2026-11-01T00:00:00Z', until: '2026-11-15T00:00:00Z' });
    assert.equal(driftSummary(report), 'PIM Copilot weekly report, 2026-11-01 to 2026-11-15: 0 requests, no drift warning');
  });

  it('retention does nothing when AUDIT_RETENTION_DAYS is unset', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      assert.deepEqual(await runRetention({ db, log, config: config(undefined, undefined) }), []);
    } finally {
      await db.close();
    }
  });
});
