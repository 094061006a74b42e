/**
 * Runs every labelled case of shared/eval/triage through the engine in-process, scored the way
 * shared/tools/score-triage.py scores the command line; then again on the same tenant moved to
 * another time zone, so nothing depends on the requesters living in London.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { learnBaseline } from '../../src/triage/baseline.js';
import { triage } from '../../src/triage/engine.js';
import { contextFromSnapshot, historyFromSnapshot } from '../../src/triage/from-snapshot.js';
import { parseSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import type { Analysis } from '../../src/triage/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const casesFile = join(resolve(process.env.PIM_SHARED_DIR ?? join(here, '../../../shared')), 'eval/triage/triage-cases.json');

interface Case {
  id: string;
  now: string;
  requestId: string;
  add: Record<string, unknown[]>;
  expect: { band: string; acceptableBands: string[]; flags: string[]; mustNotAutoApprove: boolean };
}

interface Score {
  acceptable: number;
  exact: number;
  flagRecall: number;
  unsafe: string[];
  misses: string[];
}

function runCases(base: Record<string, unknown[]>, cases: Case[]): Score {
  let acceptable = 0;
  let exact = 0;
  let hit = 0;
  let all = 0;
  const unsafe: string[] = [];
  const misses: string[] = [];
  for (const c of cases) {
    const tenant: Record<string, unknown[]> = {};
    for (const [k, v] of Object.entries(base)) tenant[k] = [...v];
    for (const [k, v] of Object.entries(c.add)) tenant[k] = [...(tenant[k] ?? []), ...v];
    const snap = parseSnapshot(JSON.stringify(tenant), c.id);
    const history = historyFromSnapshot(snap);
    const a: Analysis = triage(contextFromSnapshot(snap, c.requestId, c.now, history), learnBaseline(history, c.now), c.now);
    const e = c.expect;
    acceptable += e.acceptableBands.includes(a.riskBand) ? 1 : 0;
    exact += a.riskBand === e.band ? 1 : 0;
    all += e.flags.length;
    hit += e.flags.filter((f) => (a.flags as string[]).includes(f)).length;
    if ((e.mustNotAutoApprove && a.autoApprovable) || (e.band === 'high' && (a.riskBand === 'low' || a.recommendedAction === 'approve'))) unsafe.push(c.id);
    if (a.riskBand !== e.band || !e.flags.every((f) => (a.flags as string[]).includes(f))) misses.push(`${c.id}: ${a.riskBand} (${a.riskScore}) want ${e.band}, flags ${a.flags.join(',')}`);
  }
  return { acceptable: acceptable / cases.length, exact: exact / cases.length, flagRecall: all ? hit / all : 1, unsafe, misses };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** Moves every timestamp by `hours` and every mailbox to `zone`: the same local lives, elsewhere on the globe. */
function relocate<T>(value: T, hours: number, zone: string): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return ISO.test(v) ? new Date(new Date(v).getTime() + hours * 3_600_000).toISOString().replace('.000Z', 'Z') : key === 'timeZone' ? zone : v;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}

function assertScore(s: Score): void {
  const detail = s.misses.join('\n');
  assert.equal(s.unsafe.length, 0, `unsafe: ${s.unsafe.join(', ')}`);
  assert.equal(s.acceptable, 1, `every band acceptable\n${detail}`);
  assert.ok(s.exact >= 0.9, `exact ${s.exact}\n${detail}`);
  assert.ok(s.flagRecall >= 0.9, `flag recall ${s.flagRecall}\n${detail}`);
}

describe('shared triage cases', { skip: existsSync(casesFile) ? false : `no case file at ${casesFile}` }, () => {
  const spec = existsSync(casesFile) ? (JSON.parse(readFileSync(casesFile, 'utf8')) as { tenant: string; cases: Case[] }) : { tenant: '', cases: [] };
  const base = spec.tenant ? (JSON.parse(readFileSync(join(dirname(casesFile), spec.tenant), 'utf8')) as TenantSnapshot) : ({} as TenantSnapshot);

  it('meets the bar: all bands acceptable, none unsafe, ≥ 90% exact and flag recall', () => {
    assertScore(runCases(base, spec.cases));
  });

  it('meets it for a tenant in Tokyo too', () => {
    const moved = relocate(base as Record<string, unknown[]>, -9, 'Tokyo Standard Time');
    const cases = spec.cases.map((c) => ({ ...c, now: relocate(c.now, -9, ''), add: relocate(c.add, -9, 'Tokyo Standard Time') }));
    assertScore(runCases(moved, cases));
  });
});
