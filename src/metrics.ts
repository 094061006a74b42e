/**
 * Prometheus metrics for operators: Graph calls and throttling, cards sent, decisions, job queue
 * depth. One registry per process, served at GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'pim_copilot_' });

export const graphRetries = new Counter({
  name: 'pim_copilot_graph_retries_total',
  help: 'Graph calls retried, by reason (429, 503, 504, timeout, network)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const graphThrottles = new Counter({
  name: 'pim_copilot_graph_throttled_total',
  help: 'Graph answers of 429 Too Many Requests',
  registers: [registry],
});

export const cardsSent = new Counter({
  name: 'pim_copilot_cards_sent_total',
  help: 'Adaptive Cards sent or updated, by kind',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const decisions = new Counter({
  name: 'pim_copilot_decisions_total',
  help: 'PIM approval decisions made through the bot, by who decided and the result',
  labelNames: ['by', 'result'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'pim_copilot_http_request_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['route', 'status'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const jobQueueDepth = new Gauge({
  name: 'pim_copilot_job_queue_depth',
  help: 'Jobs waiting, by queue',
  labelNames: ['queue'] as const,
  registers: [registry],
});
