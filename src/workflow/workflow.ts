/**
 * The approval workflow put together: the parts each request goes through (intake, enrich, score,
 * record, route, deliver, decide, watch) and the jobs that drive them. One per bot application.
 */
import type { BotAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import { AuditTrail } from '../audit/index.js';
import { STATUS_CARDS_JOB } from '../bot/status-cards.js';
import { createUserGraph } from '../bot/user-graph.js';
import type { Config } from '../config.js';
import type { GraphWiring } from '../graph-wiring.js';
import type { Database } from '../store/db.js';
import type { JobQueue } from '../store/jobs.js';
import { learn } from '../triage/index.js';
import { AutoApprover } from './auto-approve.js';
import { automationAccount } from './automation-account.js';
import { LiveContextSource } from './context.js';
import { Decider } from './decide.js';
import { Delivery } from './delivery.js';
import { graphHistorySource } from './graph-history.js';
import { pollPending } from './intake.js';
import { JOBS } from './jobs.js';
import { TeamsMessenger, type Messenger } from './messenger.js';
import { WorkflowStore } from './store.js';
import { TriageStep, type Source } from './triage-step.js';
import { watchOpen } from './watch.js';

export interface WorkflowDeps {
  config: Config;
  db: Database;
  log: Logger;
  jobs: JobQueue;
  graph: GraphWiring;
  adapter: BotAdapter;
  /** Defaults to the Bot Connector through the adapter. */
  messenger?: Messenger;
}

const DAY_MS = 86_400_000;

export class Workflow {
  readonly store: WorkflowStore;
  readonly delivery: Delivery;
  readonly triage: TriageStep;
  readonly decider: Decider;
  readonly context: LiveContextSource;
  readonly now: () => Date;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: WorkflowDeps) {
    const { config, db, graph, jobs } = deps;
    this.log = deps.log.child({ component: 'workflow' });
    this.now = () => graph.sandbox?.clock.now() ?? new Date();
    const sandboxPassword = config.graph.mode === 'sandbox' ? config.graph.userPassword : undefined;
    const trail = new AuditTrail(db, { logger: this.log });
    this.store = new WorkflowStore(db);
    this.context = new LiveContextSource({ graph, db, log: this.log });
    const messenger =
      deps.messenger ?? new TeamsMessenger({ adapter: deps.adapter, botAppId: config.bot.mode === 'local' ? '' : config.bot.appId, tenantId: graph.identity.tenantId });
    this.delivery = new Delivery({
      config,
      db,
      graph,
      store: this.store,
      messenger,
      trail,
      log: this.log,
      // The requester's own status cards (the conversation's) catch up at once rather than within the minute.
      onRequesterTold: async () => void (await jobs.send(STATUS_CARDS_JOB, {}).catch(() => undefined)),
    });
    const auto = new AutoApprover({ store: this.store, trail, account: automationAccount(graph, config.workflow.automationApproverUpn, sandboxPassword), log: this.log, now: this.now });
    this.triage = new TriageStep({ config, store: this.store, context: this.context, delivery: this.delivery, auto, trail, log: this.log, now: this.now, tickets: graph.tickets.checker });
    this.decider = new Decider({ store: this.store, trail, userGraph: createUserGraph(graph, sandboxPassword), jobs, log: this.log, now: this.now, tenantId: graph.identity.tenantId });
    this.watchOptions = { config, graph, store: this.store, delivery: this.delivery, trail, jobs, log: this.log, now: this.now, running: () => jobs.isRunning };
  }

  private readonly watchOptions: Parameters<typeof watchOpen>[0];

  /** One poll now (tests, benchmarks, the events route's `poll`). */
  poll() {
    return pollPending({ graph: this.deps.graph, store: this.store, triage: this.triage, log: this.log, running: () => this.deps.jobs.isRunning });
  }

  /** One round of the watch now. */
  watch() {
    return watchOpen(this.watchOptions);
  }

  /** Folds new decided requests into the baseline, up to the workflow's now. */
  learn() {
    return learn(this.deps.db, graphHistorySource(this.deps.graph), { now: this.now() });
  }

  /** Starts the workers here and the ticker that sends each slot's poll and watch. */
  async start(): Promise<void> {
    const { jobs, config } = this.deps;
    await jobs.work<{ requestId: string; source?: Source }>(JOBS.triage, async (data) => this.triage.run(data.requestId, data.source ?? 'bot'), { pollingIntervalSeconds: 0.5 });
    // Retried with backoff for about an hour: a Bot Connector outage must not leave settled requests with live buttons.
    await jobs.work<{ requestId: string }>(JOBS.cards, async (data) => this.delivery.refresh(data.requestId), { pollingIntervalSeconds: 0.5, retryLimit: 9, retryDelaySeconds: 5, retryBackoff: true });
    await jobs.work(JOBS.intake, async () => this.poll(), { retryLimit: 0, pollingIntervalSeconds: 0.5 });
    await jobs.work(JOBS.watch, async () => this.watch(), { retryLimit: 0, pollingIntervalSeconds: 1 });
    await jobs.work(JOBS.learn, async () => this.learn(), { retryLimit: 2, expireInSeconds: 1800, pollingIntervalSeconds: 2 });
    const everyMs = config.jobs.intakePollSeconds * 1000;
    const tick = () => {
      if (!jobs.isRunning) return this.stop();
      const slot = Math.floor(Date.now() / everyMs);
      const day = Math.floor(Date.now() / DAY_MS);
      Promise.all([
        jobs.sendOnce(JOBS.intake, `poll:${everyMs}:${slot}`, {}),
        jobs.sendOnce(JOBS.watch, `watch:${everyMs}:${slot}`, {}),
        jobs.sendOnce(JOBS.learn, `learn:${day}`, {}),
      ]).catch((err: unknown) => {
        if (jobs.isRunning) this.log.error({ err }, 'could not queue the recurring workflow jobs');
      });
    };
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
