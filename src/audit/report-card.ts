/**
 * The weekly drift report as an Adaptive Card (1.5): `adaptive-cards/drift-report.json` expanded
 * with adaptivecards-templating. Lists are capped so the card stays well under Teams' size limit.
 */
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { pct, type DriftReport } from './report.js';

const TEMPLATE_URL = new URL('../../adaptive-cards/drift-report.json', import.meta.url);
const MAX_ROLES = 15;
const MAX_OVERRIDES = 10;

let template: object | undefined;

/** The data the template binds to; exported so the card's content can be tested without rendering. */
export function driftReportCardData(report: DriftReport) {
  const t = report.totals;
  const minutes = (m: number | null) => (m === null ? '–' : `${Math.round(m)} min`);
  const agreement = (rate: number | null, agreed: number, compared: number) => (rate === null ? '–' : `${pct(rate)} (${agreed}/${compared})`);
  const overrides = report.roles.flatMap((r) => r.overrides);
  const shownOverrides = overrides.slice(0, MAX_OVERRIDES).map((o) => ({
    text: `${o.roleName}, ${o.requestId}: AI said ${o.recommended}, ${o.decidedBy} chose ${o.decided}${o.note ? ` — “${o.note}”` : ' — no note'}`,
  }));
  if (overrides.length > MAX_OVERRIDES) shownOverrides.push({ text: `…and ${overrides.length - MAX_OVERRIDES} more (pim-copilot report)` });
  const roles = [...report.roles]
    .sort((a, b) => b.requests - a.requests)
    .slice(0, MAX_ROLES)
    .map((r) => ({
      name: r.roleName,
      requests: String(r.requests),
      mean: r.meanScore === null ? '–' : r.meanScore.toFixed(1),
      agreement: agreement(r.agreementRate, r.agreed, r.compared),
      overrides: String(r.overrides.length),
    }));
  return {
    period: `${report.since.slice(0, 10)} to ${report.until.slice(0, 10)}`,
    totals: {
      requests: String(t.requests),
      scored: String(t.scored),
      mean: t.meanScore === null ? '–' : t.meanScore.toFixed(1),
      decisions: String(t.humanDecisions),
      agreement: agreement(t.agreementRate, t.agreed, t.compared),
      overrides: String(t.overrides.length),
      auto: String(t.autoApproved),
      median: minutes(t.timeToDecision.median),
    },
    warnings: report.warnings.map((w) => ({ detail: w.detail })),
    roles,
    overrides: shownOverrides,
    footnote:
      report.roles.length > MAX_ROLES
        ? `Showing the ${MAX_ROLES} busiest of ${report.roles.length} roles. Full report: pim-copilot report --since ${report.since.slice(0, 10)}`
        : `Full report: pim-copilot report --since ${report.since.slice(0, 10)}`,
  };
}

/** The card JSON, ready to send as an attachment of type application/vnd.microsoft.card.adaptive. */
export function driftReportCard(report: DriftReport): Record<string, unknown> {
  template ??= JSON.parse(readFileSync(TEMPLATE_URL, 'utf8')) as object;
  return new ACData.Template(template).expand({ $root: driftReportCardData(report) }) as Record<string, unknown>;
}
