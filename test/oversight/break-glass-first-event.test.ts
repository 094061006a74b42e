/** Break-glass use is alerted on its first event, in a scan and in the service's ingest job. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ingestOnce } from '../../src/oversight/ingest.js';
import { runOversightPass } from '../../src/oversight/jobs.js';
import { breakGlassMembers } from '../../src/oversight/people.js';
import type { Alert } from '../../src/oversight/types.js';
import { UserZones } from '../../src/oversight/user-zones.js';
import { createAppCredential, createGraphClient, PimGateway } from '../../src/pim/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { parseSnapshot } from '../../src/tenant/snapshot.js';
import { CLIENT_ID, FAST } from '../pim/sandbox-harness.js';
import { DAY, alertsOn, scan, standardTenant } from './support/scenario.js';

function withEmergencyAccount() {
  const t = standardTenant();
  t.user('bg1', { name: 'Emergency Access 1' });
  t.standing('bg1', 'globalAdmin');
  return t;
}

describe('break-glass, first event', () => {
  it('alerts on a lone sign-in when asked (the service), and tells the session again, in full, when it goes on', () => {
    const t = withEmergencyAccount();
    const signedIn = t.at('bg1', `${DAY}T22:05`);
    t.signIn('bg1', signedIn, { app: 'Azure Portal' });
    t.act('bg1', t.at('bg1', `${DAY}T22:12`), 'Add member to role', 'Omar Haddad');
    const bg = [t.id('bg1')];
    const first = scan(t, { breakGlassUserIds: bg, alertOnBreakGlassSignIn: true, now: new Date(signedIn + 60_000).toISOString() });
    const [alert] = alertsOn(first, t.id('bg1'), 'break-glass');
    assert.equal(alert?.severity, 'critical');
    assert.equal(alert?.events.length, 1, 'raised on the sign-in itself');
    assert.match(alert?.narrative ?? '', /signed in to Azure Portal/);
    assert.match(alert?.summary ?? '', /was used: signed in/);

    const later = scan(t, { breakGlassUserIds: bg, alertOnBreakGlassSignIn: true });
    const [whole] = alertsOn(later, t.id('bg1'), 'break-glass');
    assert.notEqual(whole?.id, alert?.id, 'a new alert, not a repeat the store would drop');
    assert.match(whole?.narrative ?? '', /Add member to role → Omar Haddad/);
    assert.equal(whole?.events.length, 2);
  });

  it('alerts on a failed sign-in to an emergency account even by default', () => {
    const t = withEmergencyAccount();
    t.signIn('bg1', t.at('bg1', `${DAY}T03:00`), { errorCode: 50126 });
    const [alert] = alertsOn(scan(t, { breakGlassUserIds: [t.id('bg1')] }), t.id('bg1'), 'break-glass');
    assert.match(alert?.summary ?? '', /failed to sign in/);
    assert.match(alert?.narrative ?? '', /failed, error 50126/);
  });
});

const dir = fileURLToPath(new URL('../../../shared/eval/oversight/', import.meta.url));
const expectedFile = `${dir}oversight-expected.json`;

describe('break-glass in the ingest job', { skip: !existsSync(expectedFile) && 'shared eval data not present' }, () => {
  let sandbox: Sandbox;
  let pim: PimGateway;
  let breakGlassUserIds: string[];
  let breakGlassGroupId: string;
  let planted: string;
  const log = pino({ level: 'silent' });

  before(async () => {
    const e = JSON.parse(readFileSync(expectedFile, 'utf8')) as { tenant: string; now: string; breakGlassGroup: string; expected: Array<{ userId: string; kinds: string[] }> };
    const snapshot = parseSnapshot(readFileSync(`${dir}${e.tenant}`, 'utf8'), e.tenant);
    breakGlassUserIds = breakGlassMembers(snapshot.groups, e.breakGlassGroup);
    breakGlassGroupId = snapshot.groups.find((g) => g.displayName === e.breakGlassGroup)!.id!;
    planted = e.expected.find((x) => x.kinds.includes('break-glass'))!.userId;
    // Two minutes after the planted emergency sign-in (21:40), before the role it assigns (21:44).
    sandbox = await startSandbox({ snapshot, port: 0, now: new Date('2026-11-17T21:42:00Z') });
    const credential = createAppCredential({ tenantId: sandbox.tenantId, clientId: CLIENT_ID, credential: { kind: 'secret', secret: 'sandbox' }, authorityHost: sandbox.url });
    pim = new PimGateway({ app: createGraphClient({ ...FAST, baseUrl: sandbox.url, credential }), now: () => sandbox.clock.now() });
  });
  after(async () => {
    await sandbox?.close();
  });

  it('alerts on the sign-in at the first pass, and on what follows at the next', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      // The service's defaults, over a short first run so the test reads days, not months, of logs.
      const pass = async () => (await ingestOnce({ db, pim, now: () => sandbox.clock.now(), breakGlassUserIds, log, tuning: { firstRunDays: 1, historyDays: 7 } })).alerts;
      const first = (await pass()).filter((a) => a.kind === 'break-glass' && a.userId === planted);
      assert.equal(first.length, 1, 'the emergency sign-in is alerted on the pass that reads it');
      assert.equal(first[0]?.severity, 'critical');
      assert.match(first[0]?.events[0]?.activityDateTime ?? '', /^2026-11-17T21:40/);
      assert.doesNotMatch(first[0]?.narrative ?? '', /Add member to role/);

      sandbox.clock.set('2026-11-17T21:46:00Z');
      const next = await pass();
      assert.deepEqual(next.map((a) => [a.kind, a.userId]), [['break-glass', planted]], 'the role assignment comes as a new alert, and nothing else');
      assert.match(next[0]?.narrative ?? '', /signed in[\s\S]*Add member to role/);
    } finally {
      await db.close();
    }
  });

  it('follows the setting in a job pass: off, a lone sign-in is only listed', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await migrate(db);
      sandbox.clock.set('2026-11-17T21:42:00Z');
      const delivered: Alert[] = [];
      const config = { oversight: { pollSeconds: 60, breakGlassGroupId, breakGlassSignInAlerts: false } };
      await runOversightPass({ db, pim, log, config, notify: async (a: Alert) => void delivered.push(a), now: () => sandbox.clock.now() }, log);
      assert.ok(delivered.length > 0, 'the pass ran and delivered the month’s other alerts');
      assert.deepEqual(delivered.filter((a) => a.kind === 'break-glass' && a.events.every((x) => x.activityDisplayName.startsWith('Sign-in'))), []);
    } finally {
      await db.close();
    }
  });

  it('reads users’ time zones with $batch once, then from its cache', async () => {
    const zones = new UserZones(pim);
    const ids = [planted, ...breakGlassUserIds];
    const users = await zones.users(ids);
    assert.equal(users.length, new Set(ids).size);
    assert.ok(users.every((u) => u.mailboxSettings?.timeZone === 'GMT Standard Time'), 'mailbox zones read');
    const calls = zones.calls;
    assert.ok(calls >= 1);
    await zones.users(ids);
    assert.equal(zones.calls, calls, 'served from the cache');
  });
});
