/**
 * End to end on whole tenants: the shared one with its planted anomalies (the contract the
 * project is judged by), the same tenant without them, and a second tenant built here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { breakGlassMembers } from '../../src/oversight/people.js';
import { scanOversight } from '../../src/oversight/scan.js';
import { oversightInputFromSnapshot } from '../../src/oversight/snapshot-input.js';
import type { Alert } from '../../src/oversight/types.js';
import { parseSnapshot } from '../../src/tenant/snapshot.js';
import { NORTHWIND_NOW, NORTHWIND_SINCE, northwind } from './support/planted-scenario.js';

const evalDir = fileURLToPath(new URL('../../../shared/eval/', import.meta.url));
const expectedFile = `${evalDir}oversight/oversight-expected.json`;
const shared = existsSync(expectedFile);

interface Expected {
  tenant: string;
  now: string;
  since: string;
  breakGlassGroup: string;
  expected: Array<{ userId: string; kinds: string[]; why: string }>;
}

function judge(alerts: Alert[], expected: Array<{ userId: string; kinds: string[]; why: string }>) {
  const missed = expected.filter((x) => !alerts.some((a) => a.userId === x.userId && x.kinds.includes(a.kind))).map((x) => x.why);
  const planted = new Set(expected.map((x) => x.userId));
  const falseAlerts = alerts.filter((a) => !planted.has(a.userId)).map((a) => `${a.kind}: ${a.summary}`);
  return { missed, falseAlerts };
}

function scanShared(file: string, e: Expected) {
  const snapshot = parseSnapshot(readFileSync(file, 'utf8'), file);
  return scanOversight(oversightInputFromSnapshot(snapshot), {
    since: e.since,
    breakGlassUserIds: breakGlassMembers(snapshot.groups, e.breakGlassGroup),
  });
}

describe('oversight scenarios', () => {
  it('catches every planted session in the shared tenant, with no alert on anyone else', { skip: !shared && 'shared eval data not present' }, () => {
    const e = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
    const result = scanShared(`${evalDir}oversight/${e.tenant}`, e);
    const { missed, falseAlerts } = judge(result.alerts, e.expected);
    assert.deepEqual(missed, []);
    assert.deepEqual(falseAlerts, []);
    for (const a of result.alerts) {
      assert.ok(a.summary.length > 20 && a.events.length > 0, `${a.kind} has a summary and its events`);
      if (['destructive-burst', 'unusual-activity', 'justification-mismatch'].includes(a.kind)) assert.ok(a.activation?.requestId, `${a.kind} names its activation`);
    }
  });

  it('raises nothing on the same tenant without the planted sessions', { skip: !shared && 'shared eval data not present' }, () => {
    const e = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
    const result = scanShared(`${evalDir}triage/contoso.json`, e);
    assert.deepEqual(result.alerts.map((a) => `${a.kind}: ${a.summary}`), []);
    assert.ok(result.windows > 100 && result.eventsScanned > 1000);
  });

  it('catches the planted sessions of a second, different tenant, and nothing else', () => {
    const { tenant, planted, breakGlassGroup } = northwind();
    const result = scanOversight(tenant.input(), {
      since: NORTHWIND_SINCE,
      now: NORTHWIND_NOW,
      breakGlassUserIds: breakGlassMembers(tenant.groups(), breakGlassGroup),
    });
    const expected = planted.map((p) => ({ userId: tenant.id(p.userKey), kinds: p.kinds, why: p.why }));
    const { missed, falseAlerts } = judge(result.alerts, expected);
    assert.deepEqual(missed, []);
    assert.deepEqual(falseAlerts, []);
    assert.ok(result.breakGlassSignIns.length >= 3, 'the routine break-glass sign-ins are listed for confirmation');
    const tara = result.alerts.find((a) => a.userId === tenant.id('tara') && a.kind === 'off-hours');
    assert.match(tara?.summary ?? '', /Asia\/Calcutta|Asia\/Kolkata/);
    const rosa = result.alerts.find((a) => a.userId === tenant.id('rosa') && a.kind === 'justification-mismatch');
    assert.match(rosa?.activation?.justification ?? '', /Transport rule/);
  });
});
