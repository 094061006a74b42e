/**
 * The override and drift report, per role and per week (weeks start Monday 00:00 UTC): requests,
 * score distribution, AI recommendation against the human decision, time to decision, and a drift
 * warning when a week's score bands or agreement rate move away from the role's earlier weeks by
 * more than the thresholds. A pure function of trail entries, so it can be checked by hand.
 */
import type { Queryable } from '../store/db.js';
import { bandOf as bandFromScore } from '../triage/index.js';
import type { EntryKind, JsonObject, TrailEntry } from './kinds.js';
import { entriesOf } from './read.js';

export interface DriftThresholds {
  /** Total variation distance between risk-band shares (0–1) that counts as drift. */
  scoreShift: number;
  /** Change in agreement rate (0–1) that counts as drift. */
  agreementShift: number;
  /** Fewest requests (scored, or compared) a week and its baseline need before drift is judged. */
  minRequests: number;
}

export const DEFAULT_THRESHOLDS: DriftThresholds = { scoreShift: 0.25, agreementShift: 0.2, minRequests: 5 };

export type Band = 'low' | 'medium' | 'high';

export interface Override {
  requestId: string;
  week: string;
  roleName: string;
  recommended: 'approve' | 'deny';
  decided: 'approve' | 'deny';
  decidedBy: string;
  note?: string;
  riskScore?: number;
}

export interface Tally {
  requests: number;
  /** Requests with an AI analysis; the score figures are over these. */
  scored: number;
  bands: Record<Band, number>;
  /** Requests per score 1–10 (index 0 is score 1). */
  histogram: number[];
  meanScore: number | null;
  humanDecisions: number;
  approved: number;
  denied: number;
  autoApproved: number;
  /** The AI's recommendation was review: no firm advice to agree or disagree with. */
  reviewRecommended: number;
  /** Human decisions on requests where the AI said approve or deny. */
  compared: number;
  agreed: number;
  agreementRate: number | null;
  overrides: Override[];
  /** From the request to a person's decision, minutes (automatic decisions left out). */
  timeToDecision: { median: number | null; p90: number | null };
}

export interface RoleWeek extends Tally {
  week: string;
}

export interface RoleReport extends Tally {
  roleId: string;
  roleName: string;
  weeks: RoleWeek[];
}

export interface DriftWarning {
  roleId: string;
  roleName: string;
  week: string;
  measure: 'score-distribution' | 'agreement-rate';
  baseline: number;
  current: number;
  change: number;
  threshold: number;
  detail: string;
}

export interface DriftReport {
  since: string;
  until: string;
  generatedAt: string;
  thresholds: DriftThresholds;
  totals: Tally;
  roles: RoleReport[];
  warnings: DriftWarning[];
}

export interface ReportOptions {
  since: string;
  /** Defaults to now. */
  until?: string;
  now?: string;
  thresholds?: Partial<DriftThresholds>;
}

/** What the report keeps of one request. */
interface Req {
  requestId: string;
  created?: string;
  firstSeen: string;
  roleId?: string;
  roleName?: string;
  analysis?: { riskScore: number; band: Band; recommended: string };
  decision?: { kind: 'human' | 'auto'; decision: 'approve' | 'deny'; at: string; by: string; note?: string };
}

export const REPORT_KINDS: readonly EntryKind[] = ['pim.event', 'triage.analysis', 'decision.human', 'decision.auto', 'action.failed'];

/** Reads the entries of every request the trail mentions in the period, whenever they were written. */
export async function loadReport(db: Queryable, options: ReportOptions): Promise<DriftReport> {
  const until = options.until ?? options.now ?? new Date().toISOString();
  const entries = await entriesOf(
    db,
    `kind = ANY($1::text[]) AND request_id IN (
       SELECT request_id FROM audit_trail WHERE at >= $2 AND at < $3 AND request_id IS NOT NULL AND kind = ANY($1::text[]))`,
    [REPORT_KINDS, options.since, until],
  );
  return buildReport(entries, { ...options, until });
}

const str = (o: JsonObject, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

export function buildReport(entries: Iterable<TrailEntry>, options: ReportOptions): DriftReport {
  const now = options.now ?? new Date().toISOString();
  const since = new Date(options.since).toISOString();
  const until = new Date(options.until ?? now).toISOString();
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };

  const list = [...entries];
  // A decision is recorded before PIM is asked; one PIM refused is followed by its action.failed and
  // did not happen. Of the rest, the last is the one that stands (a claim that never reached PIM is
  // released and someone decides again).
  const failed = new Set(list.filter((e) => e.kind === 'action.failed' && typeof e.output.failedSeq === 'number').map((e) => e.output.failedSeq as number));
  const standing = new Map<string, number>();
  for (const e of list) if (e.requestId && (e.kind === 'decision.human' || e.kind === 'decision.auto') && !failed.has(e.seq)) standing.set(e.requestId, e.seq);
  const requests = new Map<string, Req>();
  for (const e of list) {
    if (!e.requestId) continue;
    let r = requests.get(e.requestId);
    if (!r) requests.set(e.requestId, (r = { requestId: e.requestId, firstSeen: e.at }));
    const o = e.output;
    if (e.kind === 'pim.event') {
      if (o.event === 'requested' && !r.created) r.created = str(o, 'createdDateTime') ?? e.at;
      r.roleId ??= str(o, 'roleDefinitionId');
      r.roleName ??= str(o, 'roleName');
    } else if (e.kind === 'triage.analysis' && !r.decision && typeof o.riskScore === 'number') {
      // The last analysis before the decision is what the approver saw.
      r.analysis = { riskScore: o.riskScore, band: bandOf(o), recommended: str(o, 'recommendedAction') ?? 'review' };
      const role = o.role as JsonObject | undefined;
      if (role && typeof role === 'object') {
        r.roleId ??= str(role, 'id');
        r.roleName ??= str(role, 'displayName');
      }
    } else if ((e.kind === 'decision.human' || e.kind === 'decision.auto') && standing.get(e.requestId) === e.seq) {
      const decision = o.decision === 'deny' ? 'deny' : 'approve';
      r.decision = { kind: e.kind === 'decision.auto' ? 'auto' : 'human', decision, at: str(o, 'decidedAt') ?? e.at, by: e.actor.name ?? e.actor.id, note: str(o, 'note') };
    }
  }

  const byRole = new Map<string, { name: string; weeks: Map<string, Req[]> }>();
  const all: Req[] = [];
  for (const r of requests.values()) {
    const created = r.created ?? r.firstSeen;
    if (created < since || created >= until) continue;
    const roleId = r.roleId ?? 'unknown';
    let role = byRole.get(roleId);
    if (!role) byRole.set(roleId, (role = { name: r.roleName ?? roleId, weeks: new Map() }));
    const week = weekOf(created);
    role.weeks.set(week, [...(role.weeks.get(week) ?? []), r]);
    all.push(r);
  }

  const roles: RoleReport[] = [];
  const warnings: DriftWarning[] = [];
  for (const [roleId, role] of [...byRole].sort((a, b) => a[1].name.localeCompare(b[1].name))) {
    const weekKeys = [...role.weeks.keys()].sort();
    const weeks = weekKeys.map((week) => ({ week, ...tally(role.weeks.get(week)!, role.name) }));
    const members = weekKeys.flatMap((w) => role.weeks.get(w)!);
    roles.push({ roleId, roleName: role.name, ...tally(members, role.name), weeks });
    weekKeys.forEach((week, i) => {
      if (i === 0) return;
      const current = weeks[i]!;
      const baseline = tally(weekKeys.slice(0, i).flatMap((w) => role.weeks.get(w)!), role.name);
      warnings.push(...drift(roleId, role.name, week, current, baseline, thresholds));
    });
  }
  return { since, until, generatedAt: now, thresholds, totals: tally(all, ''), roles, warnings };
}

function drift(roleId: string, roleName: string, week: string, current: Tally, baseline: Tally, t: DriftThresholds): DriftWarning[] {
  const out: DriftWarning[] = [];
  if (current.scored >= t.minRequests && baseline.scored >= t.minRequests) {
    const distance = bandDistance(current, baseline);
    if (distance > t.scoreShift) {
      const shares = (x: Tally) => `${pct(x.bands.low / x.scored)} low / ${pct(x.bands.medium / x.scored)} medium / ${pct(x.bands.high / x.scored)} high`;
      out.push({
        roleId,
        roleName,
        week,
        measure: 'score-distribution',
        baseline: 0,
        current: round(distance),
        change: round(distance),
        threshold: t.scoreShift,
        detail: `${roleName}, week of ${week}: risk bands moved to ${shares(current)} from ${shares(baseline)} in earlier weeks (distance ${round(distance)}, threshold ${t.scoreShift})`,
      });
    }
  }
  if (current.agreementRate !== null && baseline.agreementRate !== null && current.compared >= t.minRequests && baseline.compared >= t.minRequests) {
    const change = current.agreementRate - baseline.agreementRate;
    if (Math.abs(change) > t.agreementShift) {
      out.push({
        roleId,
        roleName,
        week,
        measure: 'agreement-rate',
        baseline: round(baseline.agreementRate),
        current: round(current.agreementRate),
        change: round(change),
        threshold: t.agreementShift,
        detail: `${roleName}, week of ${week}: approvers agreed with the AI on ${pct(current.agreementRate)} of decisions, against ${pct(baseline.agreementRate)} in earlier weeks (threshold ±${pct(t.agreementShift)})`,
      });
    }
  }
  return out;
}

/** Total variation distance between the band shares of two tallies. */
export function bandDistance(a: Tally, b: Tally): number {
  const bands: Band[] = ['low', 'medium', 'high'];
  return bands.reduce((sum, band) => sum + Math.abs(a.bands[band] / a.scored - b.bands[band] / b.scored), 0) / 2;
}

function tally(reqs: Req[], roleName: string): Tally {
  const bands: Record<Band, number> = { low: 0, medium: 0, high: 0 };
  const histogram = Array.from({ length: 10 }, () => 0);
  let scoreSum = 0;
  let scored = 0;
  let humanDecisions = 0;
  let approved = 0;
  let denied = 0;
  let autoApproved = 0;
  let reviewRecommended = 0;
  let compared = 0;
  let agreed = 0;
  const overrides: Override[] = [];
  const minutes: number[] = [];
  for (const r of reqs) {
    if (r.analysis) {
      scored++;
      scoreSum += r.analysis.riskScore;
      bands[r.analysis.band]++;
      const bucket = Math.min(10, Math.max(1, Math.round(r.analysis.riskScore))) - 1;
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
      if (r.analysis.recommended === 'review') reviewRecommended++;
    }
    const d = r.decision;
    if (!d) continue;
    if (d.kind === 'auto') {
      autoApproved++;
      continue;
    }
    humanDecisions++;
    if (d.decision === 'approve') approved++;
    else denied++;
    minutes.push((Date.parse(d.at) - Date.parse(r.created ?? r.firstSeen)) / 60_000);
    const rec = r.analysis?.recommended;
    if (rec === 'approve' || rec === 'deny') {
      compared++;
      if (rec === d.decision) agreed++;
      else
        overrides.push({
          requestId: r.requestId,
          week: weekOf(r.created ?? r.firstSeen),
          roleName: roleName || (r.roleName ?? r.roleId ?? 'unknown'),
          recommended: rec,
          decided: d.decision,
          decidedBy: d.by,
          ...(d.note ? { note: d.note } : {}),
          riskScore: r.analysis?.riskScore,
        });
    }
  }
  minutes.sort((a, b) => a - b);
  return {
    requests: reqs.length,
    scored,
    bands,
    histogram,
    meanScore: scored ? round(scoreSum / scored) : null,
    humanDecisions,
    approved,
    denied,
    autoApproved,
    reviewRecommended,
    compared,
    agreed,
    agreementRate: compared ? round(agreed / compared) : null,
    overrides: overrides.sort((a, b) => a.requestId.localeCompare(b.requestId)),
    timeToDecision: { median: median(minutes), p90: percentile(minutes, 0.9) },
  };
}

function bandOf(o: JsonObject): Band {
  const band = o.riskBand;
  if (band === 'low' || band === 'medium' || band === 'high') return band;
  return bandFromScore(typeof o.riskScore === 'number' ? o.riskScore : 0);
}

/** Monday (UTC) of the week the time falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back)).toISOString().slice(0, 10);
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Nearest-rank percentile. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
export const pct = (x: number) => `${Math.round(x * 100)}%`;
