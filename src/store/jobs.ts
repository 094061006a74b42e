/**
 * Durable jobs on pg-boss, on the same database as everything else (PGlite or PostgreSQL).
 * A job sent with a key runs once however many instances send it; failures are retried and logged.
 */
import { createHash, randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from './db.js';

export interface JobContext {
  id: string;
  name: string;
  traceId: string;
  retryCount: number;
  log: Logger;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<unknown>;

export interface QueueOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** How often an idle worker looks for work (pg-boss needs at least 0.5 s). */
  pollingIntervalSeconds?: number;
}

export interface JobQueueOptions {
  /** The pg-boss schema; each test may use its own. */
  schema?: string;
  /** Connection string of a PostgreSQL server; otherwise the queue runs through `db`. */
  connectionString?: string;
  maintenanceIntervalSeconds?: number;
}

/** A stable job id for (queue, key): the database then refuses a second copy. */
export function jobIdFor(name: string, key: string): string {
  const h = createHash('sha1').update(`pim-copilot:${name}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private running = false;
  private readonly workers: string[] = [];

  constructor(
    db: Database,
    private readonly log: Logger,
    options: JobQueueOptions = {},
  ) {
    const common = {
      schema: options.schema ?? 'pgboss',
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    };
    this.boss =
      options.connectionString !== undefined
        ? new PgBoss({ ...common, connectionString: options.connectionString, max: 4, application_name: 'pim-copilot-jobs' })
        : new PgBoss({ ...common, db: pgBossAdapter(db) });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.running = true;
  }

  /** Creates the queue if needed and starts working it in this process. */
  async work<T extends object>(name: string, handler: JobHandler<T>, options: QueueOptions = {}): Promise<void> {
    await this.createQueue(name, options);
    const id = await this.boss.work<T>(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await this.runOne(name, job, handler);
    });
    this.workers.push(id);
  }

  private async runOne<T>(name: string, job: PgBoss.Job<T>, handler: JobHandler<T>): Promise<void> {
    const meta = job as PgBoss.Job<T> & { retryCount?: number };
    const traceId = (job.data as { traceId?: string } | null)?.traceId ?? randomUUID();
    const log = this.log.child({ job: name, jobId: job.id, traceId });
    const started = Date.now();
    try {
      await handler(job.data, { id: job.id, name, traceId, retryCount: meta.retryCount ?? 0, log });
      log.info({ ms: Date.now() - started }, 'job done');
    } catch (err) {
      log.error({ err, ms: Date.now() - started }, 'job failed; pg-boss will retry it while retries remain');
      throw err;
    }
  }

  /** Ensures a queue exists without working it here (senders on other instances). */
  async createQueue(name: string, options: QueueOptions = {}): Promise<void> {
    await this.boss.createQueue(name, {
      name,
      retryLimit: options.retryLimit ?? 3,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: options.retryBackoff ?? true,
      expireInSeconds: options.expireInSeconds ?? 300,
    });
  }

  /** Sends a job; returns its id. */
  async send<T extends object>(name: string, data: T): Promise<string | null> {
    return this.boss.send(name, { traceId: randomUUID(), ...data });
  }

  /** Sends a job that exists at most once for this key; returns null when it was already sent. */
  async sendOnce<T extends object>(name: string, key: string, data: T): Promise<string | null> {
    return this.boss.send(name, { traceId: randomUUID(), ...data }, { id: jobIdFor(name, key), singletonKey: key });
  }

  /** Jobs waiting (created or retrying) in each queue, for /metrics. */
  async depths(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const q of await this.boss.getQueues()) out[q.name] = await this.boss.getQueueSize(q.name, { before: 'active' });
    return out;
  }

  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    await this.boss.schedule(name, cron, data);
  }

  async getJob(name: string, id: string): Promise<PgBoss.JobWithMetadata | null> {
    return this.boss.getJobById(name, id, { includeArchive: true });
  }

  /** Stops taking jobs; waits up to `timeoutMs` for running ones to finish. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    try {
      await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    } catch (err) {
      this.log.warn({ err }, 'job queue did not stop cleanly');
    }
  }
}

/** pg-boss's `db` option on our Database: parameterless SQL may hold several statements. */
function pgBossAdapter(db: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      if (values && values.length > 0) return db.query(text, values);
      return db.exec(text);
    },
  };
}
