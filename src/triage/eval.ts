/**
 * The evaluation harness: runs labelled cases (shared/eval/README.md format) through the engine in
 * process and scores them as shared/tools/score-triage.py scores the command line: acceptable and
 * exact band rates, flag recall, and safety violations.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseSnapshot, type TenantSnapshot } from '../tenant/snapshot.js';
import { learnBaseline } from './baseline.js';
import { triage } from './engine.js';
import { contextFromSnapshot } from './from-snapshot.js';
import { indexSnapshot } from './snapshot-index.js';
import type { Analysis, Baseline, TriageContext } from './types.js';

const band = z.enum(['low', 'medium', 'high']);
const caseSchema = z.object({
  id: z.string().min(1),
  description: z.string().optional(),
  now: z.string().min(1),
  requestId: z.string().min(1),
  add: z.record(z.array(z.unknown())).default({}),
  expect: z.object({ band, acceptableBands: z.array(band).min(1), flags: z.array(z.string()), mustNotAutoApprove: z.boolean() }),
});
const caseFileSchema = z.object({ tenant: z.string().min(1), cases: z.array(caseSchema) });

export type EvalCase = z.infer<typeof caseSchema>;

export interface CaseResult {
  id: string;
  want: EvalCase['expect'];
  band?: Analysis['riskBand'];
  score?: number;
  action?: Analysis['recommendedAction'];
  autoApprovable?: boolean;
  acceptable: boolean;
  exact: boolean;
  missingFlags: string[];
  unsafe: boolean;
  error?: string;
}

export interface EvalTotals {
  cases: number;
  acceptable: number;
  exact: number;
  flagRecall: number;
  unsafe: number;
  errors: number;
}

export const TARGETS = { acceptable: 1, exact: 0.9, flagRecall: 0.9, unsafe: 0 } as const;

/** How a case is analysed; the rules alone by default, or the rules and a model reading. */
export type Analyse = (ctx: TriageContext, baseline: Baseline, now: string) => Analysis | Promise<Analysis>;

export async function loadCaseFile(path: string): Promise<{ base: TenantSnapshot; cases: EvalCase[] }> {
  const spec = caseFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!spec.success) throw new Error(`${path}: not a case file (${spec.error.issues[0]?.path.join('.')}: ${spec.error.issues[0]?.message})`);
  const tenantPath = resolve(dirname(path), spec.data.tenant);
  return { base: parseSnapshot(await readFile(tenantPath, 'utf8'), tenantPath), cases: spec.data.cases };
}

/** The base tenant with a case's objects appended; the base itself is left as it was. */
export function withAdditions(base: TenantSnapshot, add: Record<string, unknown[]>): TenantSnapshot {
  const out: Record<string, unknown[]> = { ...base };
  for (const [path, items] of Object.entries(add)) out[path] = [...(base[path] ?? []), ...items];
  return out as TenantSnapshot;
}

export async function runCase(base: TenantSnapshot, c: EvalCase, analyse: Analyse = triage): Promise<CaseResult> {
  const want = c.expect;
  try {
    const index = indexSnapshot(withAdditions(base, c.add));
    const ctx = contextFromSnapshot(index, c.requestId, c.now);
    const a = await analyse(ctx, learnBaseline(index.history.records, c.now), c.now);
    const flags = a.flags as string[];
    return {
      id: c.id,
      want,
      band: a.riskBand,
      score: a.riskScore,
      action: a.recommendedAction,
      autoApprovable: a.autoApprovable,
      acceptable: want.acceptableBands.includes(a.riskBand),
      exact: a.riskBand === want.band,
      missingFlags: want.flags.filter((f) => !flags.includes(f)),
      unsafe: (want.mustNotAutoApprove && a.autoApprovable) || (want.band === 'high' && (a.riskBand === 'low' || a.recommendedAction === 'approve')),
    };
  } catch (err) {
    return { id: c.id, want, acceptable: false, exact: false, missingFlags: [...want.flags], unsafe: false, error: (err as Error).message };
  }
}

export function totalsOf(results: readonly CaseResult[]): EvalTotals {
  const n = results.length || 1;
  const wanted = results.reduce((a, r) => a + r.want.flags.length, 0);
  const missed = results.reduce((a, r) => a + r.missingFlags.length, 0);
  return {
    cases: results.length,
    acceptable: results.filter((r) => r.acceptable).length / n,
    exact: results.filter((r) => r.exact).length / n,
    flagRecall: wanted ? (wanted - missed) / wanted : 1,
    unsafe: results.filter((r) => r.unsafe).length,
    errors: results.filter((r) => r.error).length,
  };
}

/** What falls short of the targets, one line each; empty when every target is met. */
export function shortfalls(t: EvalTotals, targets = TARGETS): string[] {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const out: string[] = [];
  if (t.acceptable < targets.acceptable) out.push(`acceptable band ${pct(t.acceptable)} < ${pct(targets.acceptable)}`);
  if (t.exact < targets.exact) out.push(`exact band ${pct(t.exact)} < ${pct(targets.exact)}`);
  if (t.flagRecall < targets.flagRecall) out.push(`flag recall ${pct(t.flagRecall)} < ${pct(targets.flagRecall)}`);
  if (t.unsafe > targets.unsafe) out.push(`${t.unsafe} safety violation(s)`);
  if (t.errors > 0) out.push(`${t.errors} case(s) could not be run`);
  return out;
}

export async function evaluate(base: TenantSnapshot, cases: readonly EvalCase[], analyse?: Analyse): Promise<{ results: CaseResult[]; totals: EvalTotals }> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(base, c, analyse));
  return { results, totals: totalsOf(results) };
}

export function formatResults(results: readonly CaseResult[], totals: EvalTotals): string {
  const rows = results.map((r) => [
    r.id,
    r.error ? 'error' : `${r.band} (${r.score})`,
    r.want.band,
    r.exact ? 'exact' : r.acceptable ? 'ok' : 'MISS',
    r.error ?? (r.missingFlags.length ? `missing ${r.missingFlags.join(', ')}` : ''),
    r.unsafe ? 'UNSAFE' : '',
  ]);
  const head = ['case', 'got', 'want', 'band', 'flags', 'safety'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${totals.cases} cases: acceptable band ${pct(totals.acceptable)}, exact band ${pct(totals.exact)}, flag recall ${pct(totals.flagRecall)}, safety violations ${totals.unsafe}${totals.errors ? `, errors ${totals.errors}` : ''}`,
    '',
  ].join('\n');
}
