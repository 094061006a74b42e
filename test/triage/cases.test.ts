/**
 * Runs every labelled case of shared/eval/triage through the eval harness (in process, scored the
 * way shared/tools/score-triage.py scores the command line); then again on the same tenant moved
 * to another time zone, so nothing depends on the requesters living in London.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultCaseFile } from '../../src/triage/eval-cli.js';
import { evaluate, loadCaseFile, shortfalls, type CaseResult, type EvalCase, type EvalTotals } from '../../src/triage/eval.js';
import type { TenantSnapshot } from '../../src/tenant/snapshot.js';

const casesFile = defaultCaseFile();

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

function assertMeetsTargets({ results, totals }: { results: CaseResult[]; totals: EvalTotals }): void {
  const misses = results.filter((r) => !r.exact || r.missingFlags.length || r.unsafe).map((r) => `${r.id}: ${r.band} (${r.score}) want ${r.want.band}, missing ${r.missingFlags.join(',')}${r.error ?? ''}`);
  assert.deepEqual(shortfalls(totals), [], misses.join('\n'));
}

describe('shared triage cases', { skip: existsSync(casesFile) ? false : `no case file at ${casesFile}` }, () => {
  let spec: { base: TenantSnapshot; cases: EvalCase[] };
  const load = async () => (spec ??= await loadCaseFile(casesFile));

  it('meets the bar: all bands acceptable, none unsafe, ≥ 90% exact and flag recall', async () => {
    const { base, cases } = await load();
    assertMeetsTargets(await evaluate(base, cases));
  });

  it('meets it for a tenant in Tokyo too', async () => {
    const { base, cases } = await load();
    const moved = relocate(base, -9, 'Tokyo Standard Time');
    assertMeetsTargets(await evaluate(moved, cases.map((c) => ({ ...c, now: relocate(c.now, -9, ''), add: relocate(c.add, -9, 'Tokyo Standard Time') }))));
  });
});
