/** The database the bot uses, opened for a command-line tool, with the migrations applied. */
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../store/db.js';
import { migrate } from '../store/migrate.js';

/** Null (after saying why on stderr) when the settings are wrong. */
export async function openForCli(command: string): Promise<{ db: Database; config: Config } | null> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`pim-copilot ${command}: the settings have problems:\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return null;
  }
  const db = await openDatabase(config.database);
  await migrate(db);
  return { db, config };
}
