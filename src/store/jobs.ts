/**
 * Durable jobs on pg-boss, on the same database as everything else (PGlite or PostgreSQL).
 * A job sent with a key runs once however many instances send it; failures are retried and logged.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from './db.js';

/**
 * pg-boss 10 marks a job done (or failed) after its handler without awaiting the call: when the
 * database is away at that moment the rejection is unhandled, and that ends a Node process. Each
 * such promise gets a handler that reports the error as the queue's 'error' event; the job stays
 * active, expires and is retried, and the handlers here are idempotent.
 */
function guardJobCompletion(): void {
  let manager: { prototype: Record<string, unknown> };
  try {
    manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as typeof manager;
  } catch {
    return; // another pg-boss layout: nothing to guard here
  }
  for (const name of ['complete', 'fail']) {
    const original = manager.prototype[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof original !== 'function' || (original as { guarded?: boolean }).guarded) continue;
    const guarded = function (this: { emit(e: string, err: unknown): boolean; listenerCount(e: string): number }, ...args: unknown[]) {
      const p = original.apply(this, args);
      p.catch((err: unknown) => {
        if (this.listenerCount('error') > 0) this.emit('error', err);
      });
      return p;
    };
    manager.prototype[name] = Object.assign(guarded, { guarded: true });
  }
}
guardJobCompletion();

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
  /** Jobs of this queue run at once in this process (one worker each); 1 by default. */
  concurrency?: number;
}

export interface JobQueueOptions {
  /** The pg-boss schema; each test may use its own. */
  schema?: string;
  /** Connection string of a PostgreSQL server; otherwise the queue runs through `db`. */
  connectionString?: string;
  /** How often pg-boss expires jobs that ran too long (their instance died) and archives old ones. */
  maintenanceIntervalSeconds?: number;
  /** Settings that win over a worker's own for its queue (from the service's settings). */
  queues?: Record<string, QueueOptions>;
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
  /** Worker ids by queue, to wake them when this process sends a job. */
  private readonly workers = new Map<string, string[]>();
  private readonly overrides: Record<string, QueueOptions>;
  private queueCreation: Promise<unknown> = Promise.resolve();

  constructor(
    db: Database,
    private readonly log: Logger,
    options: JobQueueOptions = {},
  ) {
    this.overrides = options.queues ?? {};
    const common = {
      schema: options.schema ?? 'pgboss',
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    };
    this.boss =
      options.connectionString !== undefined
        ? new PgBoss({ ...common, connectionString: options.connectionString, max: 4, application_name: 'pim-copilot-jobs' })
        : new PgBoss({ ...common, db: pgBossAdapter(db) });
    // Without the pg client pg attaches to its errors: kilobytes a line while the database is away.
    this.boss.on('error', (err: Error & { code?: string }) => this.log.error({ err: { type: err.name, message: err.message, code: err.code, stack: err.stack } }, 'job queue error'));
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.running = true;
  }

  /** True when the queue runs and its own connections reach the database (readiness). */
  async isHealthy(): Promise<boolean> {
    if (!this.running) return false;
    await this.boss.getDb().executeSql('SELECT 1', []);
    return true;
  }

  /** Creates the queue if needed, gives it these settings, and starts working it in this process. */
  async work<T extends object>(name: string, handler: JobHandler<T>, workerOptions: QueueOptions = {}): Promise<void> {
    const options = { ...workerOptions, ...this.overrides[name] };
    await this.ensureQueue(name, options, true);
    const ids = this.workers.get(name) ?? [];
    this.workers.set(name, ids);
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      ids.push(
        await this.boss.work<T>(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await this.runOne(name, job, handler);
        }),
      );
    }
  }

  /** A job sent here starts here at once rather than at the workers' next look (another instance may still win it). */
  private wake(name: string): void {
    for (const id of this.workers.get(name) ?? []) this.boss.notifyWorker(id);
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
    await this.ensureQueue(name, options, false);
  }

  /**
   * pg-boss makes each queue's table with DDL that deadlocks when two creations run at once (the
   * modules start their workers together, instances start together): one at a time in this
   * process, and a deadlock with another instance is tried again. The worker's settings update
   * an existing queue, so a changed setting applies to jobs sent from then on.
   */
  private ensureQueue(name: string, options: QueueOptions, update: boolean): Promise<void> {
    const settings = {
      name,
      retryLimit: options.retryLimit ?? 3,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: options.retryBackoff ?? true,
      expireInSeconds: options.expireInSeconds ?? 300,
    };
    const run = this.queueCreation.then(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, settings);
          else if (update) await this.boss.updateQueue(name, settings);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
          await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
        }
      }
    });
    this.queueCreation = run.catch(() => undefined);
    return run;
  }

  /** Sends a job; returns its id. */
  async send<T extends object>(name: string, data: T): Promise<string | null> {
    const id = await this.boss.send(name, { traceId: randomUUID(), ...data });
    if (id) this.wake(name);
    return id;
  }

  /** Sends a job that exists at most once for this key; returns null when it was already sent. */
  async sendOnce<T extends object>(name: string, key: string, data: T): Promise<string | null> {
    const id = await this.boss.send(name, { traceId: randomUUID(), ...data }, { id: jobIdFor(name, key), singletonKey: key });
    if (id) this.wake(name);
    return id;
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
