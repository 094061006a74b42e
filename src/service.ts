/**
 * Puts the service together: database and migrations, job queue, bot, HTTP server; and takes it
 * apart again in the reverse order on shutdown.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAdapter, createBotApp } from './bot/app.js';
import { serveSignInPages } from './bot/sign-in-pages.js';
import { teamsSso } from './bot/sso.js';
import type { Config } from './config.js';
import { wireGraph, type GraphWiring } from './graph-wiring.js';
import { createServer } from './server.js';
import { PostgresStorage } from './store/bot-storage.js';
import { openDatabase, type Database } from './store/db.js';
import { JobQueue } from './store/jobs.js';
import { migrate, migrationsApplied } from './store/migrate.js';
import { serveAutomationSignIn } from './workflow/automation-sign-in.js';
import { JOBS, registerPimEvents } from './workflow/index.js';

export interface Service {
  url: string;
  db: Database;
  jobs: JobQueue;
  graph: GraphWiring;
  close(): Promise<void>;
}

export async function startService(config: Config, log: Logger): Promise<Service> {
  const db = await openDatabase(config.database);
  const closers: Array<() => Promise<void>> = [() => db.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => log.warn({ err }, 'error while shutting down'));
  };
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'database migrations applied');

    const jobs = new JobQueue(db, log, {
      ...(config.database.kind === 'postgres' ? { connectionString: config.database.url } : {}),
      maintenanceIntervalSeconds: config.jobs.maintenanceSeconds,
      // A triage job whose instance died expires when its claim's lease does; another instance retries it.
      // Four at once, as a poll triages: a burst told through the events route is not taken one by one.
      queues: { [JOBS.triage]: { expireInSeconds: config.jobs.triageTimeoutSeconds, concurrency: 4 } },
    });
    await jobs.start();
    closers.push(() => jobs.stop(config.http.shutdownTimeoutMs));

    const graph = await wireGraph(config, log);
    // Graph (and the sandbox) close after the jobs that use them have stopped.
    closers.splice(closers.length - 1, 0, () => graph.close());

    const adapter = createAdapter(config, log);
    const app = createBotApp(adapter, { config, db, storage: new PostgresStorage(db), log, jobs, graph });
    const server = createServer({
      adapter,
      app,
      log,
      queueDepths: () => jobs.depths(),
      readiness: [
        { name: 'database', check: async () => (await db.query('SELECT 1')).rows.length === 1 },
        { name: 'migrations', check: () => migrationsApplied(db) },
        { name: 'jobs', check: () => jobs.isHealthy() },
      ],
    });
    registerPimEvents(server, { secret: config.pimEventsSecret, jobs, log });
    // Before any await: auto mode finds the automation approver's token source through `graph`.
    serveAutomationSignIn(server, { config, db, graph, log });
    if (teamsSso(config).enabled) serveSignInPages(server, config);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, () => resolve());
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections would hold close() open; Node 20 can end them.
          (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        }),
    );
    const address = server.address() as AddressInfo;
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    return { url: `http://${host}:${address.port}`, db, jobs, graph, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
