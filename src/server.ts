/**
 * HTTP routes: the Bot Framework endpoint, health and readiness. One log line per request, with
 * a trace id taken from `x-request-id` or made here.
 */
import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Application } from '@microsoft/teams-ai';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { AppState } from './bot/app.js';
import { httpDuration, jobQueueDepth, registry } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface ServerDeps {
  adapter: TeamsAdapter;
  app: Application<AppState>;
  log: Logger;
  readiness: ReadinessCheck[];
  /** Waiting jobs per queue, sampled when /metrics is read. */
  queueDepths?: () => Promise<Record<string, number>>;
}

type TracedRequest = Request & { traceId?: string; startedAt?: number };

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'pim-copilot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));
  server.pre((req: TracedRequest, res: Response, next: restify.Next) => {
    const incoming = req.header('x-request-id');
    req.traceId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    req.startedAt = Date.now();
    res.setHeader('x-request-id', req.traceId);
    return next();
  });
  server.on('after', (req: TracedRequest, res: Response, _route: unknown, err: unknown) => {
    const entry = {
      traceId: req.traceId,
      method: req.method,
      path: req.path(),
      status: res.statusCode,
      ms: req.startedAt ? Date.now() - req.startedAt : undefined,
    };
    httpDuration.observe({ route: req.getRoute()?.path?.toString() ?? 'unmatched', status: String(res.statusCode) }, (entry.ms ?? 0) / 1000);
    if (res.statusCode >= 500) deps.log.error({ ...entry, err }, 'request');
    else deps.log.info(entry, 'request');
  });
  server.on('restifyError', (_req: TracedRequest, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    // Bad JSON and the like: a clear message, never a stack trace.
    if ((err.statusCode ?? 500) < 500) {
      err.toJSON = () => ({ error: { code: err.name, message: err.message } });
    }
    return callback();
  });

  server.post('/api/messages', async (req: TracedRequest, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.status(400);
      res.json({ error: { code: 'BadRequest', message: problem } });
      return;
    }
    try {
      await deps.adapter.process(req, res, async (context) => {
        await deps.app.run(context);
      });
    } catch (err) {
      deps.log.error({ err, traceId: req.traceId }, 'activity processing failed');
      if (!res.headersSent) {
        res.status(500);
        res.json({ error: { code: 'InternalError', message: 'the activity could not be processed', traceId: req.traceId } });
      }
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    if (deps.queueDepths) {
      const depths = await deps.queueDepths().catch(() => ({}) as Record<string, number>);
      for (const [queue, n] of Object.entries(depths)) jobQueueDepth.set({ queue }, n);
    }
    res.setHeader('content-type', registry.contentType);
    res.sendRaw(200, await registry.metrics());
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const results: Record<string, boolean> = {};
    await Promise.all(
      deps.readiness.map(async (r) => {
        results[r.name] = await withTimeout(r.check(), 3000).catch(() => false);
      }),
    );
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503);
    res.json({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  return server;
}

const STRING_FIELDS = ['serviceUrl', 'channelId', 'id', 'replyToId'] as const;
const OBJECT_FIELDS = ['from', 'recipient', 'conversation'] as const;

/**
 * Why a body is not an activity the adapter can take, or undefined when it can. Only the fields the
 * adapter reads before any turn starts: a mistyped one there (a numeric serviceUrl) fails as a 500.
 */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
    return 'expected a Bot Framework activity: a JSON object with a "type"';
  }
  const activity = body as Record<string, unknown>;
  const notString = STRING_FIELDS.find((f) => activity[f] !== undefined && typeof activity[f] !== 'string');
  if (notString) return `"${notString}" must be a string`;
  const notObject = OBJECT_FIELDS.find((f) => activity[f] !== undefined && (typeof activity[f] !== 'object' || activity[f] === null || Array.isArray(activity[f])));
  if (notObject) return `"${notObject}" must be an object`;
  return undefined;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
