/** The override and drift report as plain text: one table per role, a row per week, then overrides and warnings. */
import { pct, type DriftReport, type Tally } from './report.js';

const COLUMNS = ['week', 'requests', 'scored', 'low/med/high', 'mean', 'decided', 'agree', 'overrides', 'auto', 'median', 'p90'];

function row(label: string, t: Tally): string[] {
  const minutes = (m: number | null) => (m === null ? '–' : `${Math.round(m)} min`);
  return [
    label,
    String(t.requests),
    String(t.scored),
    `${t.bands.low}/${t.bands.medium}/${t.bands.high}`,
    t.meanScore === null ? '–' : t.meanScore.toFixed(1),
    String(t.humanDecisions),
    t.agreementRate === null ? '–' : `${pct(t.agreementRate)} (${t.agreed}/${t.compared})`,
    String(t.overrides.length),
    String(t.autoApproved),
    minutes(t.timeToDecision.median),
    minutes(t.timeToDecision.p90),
  ];
}

function table(rows: string[][]): string {
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}

export function renderReportText(report: DriftReport): string {
  const out: string[] = [
    `AI recommendations against human decisions, ${report.since.slice(0, 10)} to ${report.until.slice(0, 10)} (weeks start Monday, UTC)`,
    `agree = human decisions that followed the AI's approve/deny advice; review advice is not counted; median/p90 = request to a person's decision`,
    '',
  ];
  if (report.roles.length === 0) return `${out.join('\n')}no requests in this period\n`;
  for (const role of report.roles) {
    out.push(`${role.roleName} (${role.roleId})`, table([...role.weeks.map((w) => row(w.week, w)), row('all weeks', role)]), '');
  }
  out.push(table([row('all roles', report.totals)]), '');
  const overrides = report.roles.flatMap((r) => r.overrides);
  out.push(overrides.length ? `overrides (${overrides.length}):` : 'overrides: none');
  for (const o of overrides) {
    out.push(`  ${o.week}  ${o.roleName}  ${o.requestId}: AI said ${o.recommended}${o.riskScore !== undefined ? ` (risk ${o.riskScore})` : ''}, ${o.decidedBy} chose ${o.decided}${o.note ? ` — “${o.note}”` : ' — no note'}`);
  }
  out.push('', report.warnings.length ? `drift warnings (${report.warnings.length}):` : 'drift warnings: none');
  for (const w of report.warnings) out.push(`  ${w.detail}`);
  return `${out.join('\n')}\n`;
}
