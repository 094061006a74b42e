/**
 * `pim-copilot report --since ISO [--until ISO] [--json | --card]`: AI recommendations against
 * human decisions, per role and week, with drift warnings (thresholds from the settings).
 */
import { parseArgs } from 'node:util';
import { openForCli } from './open.js';
import { driftReportCard } from './report-card.js';
import { renderReportText } from './report-text.js';
import { loadReport } from './report.js';

const USAGE = `usage: pim-copilot report --since ISO [--until ISO] [--json | --card]

Per role and per week (Monday, UTC): requests, risk-score distribution, the AI's recommendation
against the human decision (agreement rate, overrides with their notes), time to decision, and a
drift warning when a week moves away from the role's earlier weeks by more than
REPORT_DRIFT_SCORE_THRESHOLD or REPORT_DRIFT_AGREEMENT_THRESHOLD.
--card prints the Adaptive Card posted weekly to REPORT_CHANNEL_ID.
`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        json: { type: 'boolean', default: false },
        card: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`report: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.since) {
    process.stderr.write(`report: --since is required\n\n${USAGE}`);
    return 2;
  }
  for (const [flag, v] of [['--since', values.since], ['--until', values.until]] as const) {
    if (v !== undefined && !Number.isFinite(Date.parse(v))) {
      process.stderr.write(`report: ${flag} is not an ISO date: ${v}\n`);
      return 2;
    }
  }
  const opened = await openForCli('report');
  if (!opened) return 1;
  try {
    const report = await loadReport(opened.db, {
      since: new Date(values.since).toISOString(),
      until: values.until ? new Date(values.until).toISOString() : undefined,
      thresholds: opened.config.report.drift,
    });
    if (values.card) process.stdout.write(`${JSON.stringify(driftReportCard(report), null, 2)}\n`);
    else if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(renderReportText(report));
    return 0;
  } finally {
    await opened.db.close();
  }
}
