/**
 * `pim-copilot learn --tenant FILE [--now ISO] [--window-days N] [--json]`: folds the requests of
 * a tenant snapshot made since the last run into the stored baseline (DATA_DIR or DATABASE_URL).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { loadSnapshot } from '../tenant/snapshot.js';
import { DEFAULT_WINDOW_DAYS } from './baseline.js';
import { historySourceFromSnapshot } from './from-snapshot.js';
import { learn, type LearnReport } from './learn.js';

const USAGE = 'usage: pim-copilot learn --tenant FILE [--now ISO] [--window-days N] [--json]\n';

function describe(r: LearnReport, ms: number): string {
  return (
    `learned ${r.full ? 'afresh' : 'incrementally'} for tenant ${r.tenantId} up to ${r.learnedAt} (${r.windowDays}-day window) in ${ms} ms\n` +
    `  requests read ${r.read}, new decided requests ${r.added}\n` +
    `  users updated ${r.usersUpdated}, removed ${r.usersRemoved}; roles updated ${r.rolesUpdated}, removed ${r.rolesRemoved}\n` +
    `  watermark ${r.watermark ?? '(none)'}\n`
  );
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      now: { type: 'string' },
      'window-days': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.tenant) {
    process.stderr.write(USAGE);
    return 2;
  }
  const now = values.now ? new Date(values.now) : new Date();
  const windowDays = values['window-days'] ? Number(values['window-days']) : DEFAULT_WINDOW_DAYS;
  if (Number.isNaN(now.getTime()) || !Number.isInteger(windowDays) || windowDays <= 0) {
    process.stderr.write(`pim-copilot learn: --now must be an ISO date-time and --window-days a whole number of days\n`);
    return 2;
  }
  const config = loadConfig();
  const snapshot = await loadSnapshot(values.tenant);
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    const started = Date.now();
    const report = await learn(db, historySourceFromSnapshot(snapshot), { now, windowDays });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report, Date.now() - started));
    return 0;
  } finally {
    await db.close();
  }
}
