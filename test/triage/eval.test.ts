/** The eval harness and its command: totals, targets, the exit code, extra case files. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultCaseFile, run } from '../../src/triage/eval-cli.js';
import { shortfalls, totalsOf, type CaseResult } from '../../src/triage/eval.js';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
  }
}

const result = (over: Partial<CaseResult>): CaseResult => ({
  id: 'x',
  want: { band: 'high', acceptableBands: ['high'], flags: ['tier0-role', 'off-hours'], mustNotAutoApprove: true },
  acceptable: true,
  exact: true,
  missingFlags: [],
  unsafe: false,
  ...over,
});

describe('eval totals', () => {
  it('computes the four rates and names what falls short', () => {
    const totals = totalsOf([result({}), result({ exact: false, missingFlags: ['off-hours'] }), result({ acceptable: false, exact: false, unsafe: true })]);
    assert.equal(totals.cases, 3);
    assert.equal(totals.acceptable, 2 / 3);
    assert.equal(totals.exact, 1 / 3);
    assert.equal(totals.flagRecall, 5 / 6);
    assert.equal(totals.unsafe, 1);
    assert.equal(shortfalls(totals).length, 4);
    assert.deepEqual(shortfalls(totalsOf([result({})])), []);
  });
});

const casesFile = defaultCaseFile();

describe('pim-copilot eval', { skip: existsSync(casesFile) ? false : `no case file at ${casesFile}` }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'pim-eval-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('runs the shared cases, prints a row per case and the totals, and exits 0 at target', async () => {
    const { code, out } = await capture(() => run([]));
    assert.equal(code, 0, out);
    assert.match(out, /15 cases: acceptable band 100\.0%, exact band 100\.0%, flag recall 100\.0%, safety violations 0/);
    assert.match(out, /H2-prompt-injection\s+high \(\d+\)\s+high\s+exact/);
    assert.match(out, /all targets met/);
  });

  it('also runs a case file given as argument, and exits 1 when it falls short', async () => {
    const spec = JSON.parse(await readFile(casesFile, 'utf8')) as { tenant: string; cases: Array<{ expect: { band: string; acceptableBands: string[] } }> };
    spec.tenant = join(dirname(casesFile), spec.tenant);
    const wrong = spec.cases.slice(0, 2).map((c) => ({ ...c, expect: { ...c.expect, band: 'high', acceptableBands: ['high'] } }));
    const file = join(dir, 'wrong.json');
    await writeFile(file, JSON.stringify({ ...spec, cases: wrong }));
    const { code, out } = await capture(() => run([file, '--json']));
    assert.equal(code, 1);
    const report = JSON.parse(out) as Array<{ file: string; totals: { acceptable: number }; shortfalls: string[] }>;
    assert.equal(report.length, 2);
    assert.equal(report[1]?.file, file);
    assert.equal(report[1]?.totals.acceptable, 0);
    assert.match(report[1]?.shortfalls.join(';') ?? '', /acceptable band 0%/);
  });
});
