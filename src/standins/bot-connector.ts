/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` a bot replies to): it accepts
 * what a bot sends, answers as the real service does, and records it. Shared by tests, benchmarks
 * and local runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  activity?: Partial<Activity>;
  body?: unknown;
  authorization?: string;
}

export interface BotConnectorStandIn {
  url: string;
  calls: RecordedCall[];
  /** Activities the bot sent or updated, in order. */
  activities(): Array<Partial<Activity> & { id?: string }>;
  waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Until this time (epoch ms), card updates (PUT) are answered 503, as in a Bot Connector outage. */
  refuseUpdatesUntil: number;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startBotConnector(port = 0): Promise<BotConnectorStandIn> {
  const calls: RecordedCall[] = [];
  const waiters: Array<{ predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];

  const record = (call: RecordedCall) => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.predicate(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'invalid JSON' } }));
      return;
    }
    // No chaining on writeHead: restify, when loaded in the same process, patches it to return nothing.
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const authorization = req.headers.authorization;
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?|\/members(?:\/([^/]+))?)?)?$/.exec(path);
    if (!m) return send(404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
    const conversationId = m[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;

    if (req.method === 'POST' && !conversationId) {
      // createConversation: a 1:1 chat with the member named in the parameters.
      const id = `a:${randomUUID()}`;
      const params = body as { activity?: Partial<Activity> } | undefined;
      record({ method: 'POST', path, body, authorization });
      let firstActivityId: string | undefined;
      if (params?.activity) {
        firstActivityId = randomUUID();
        record({ method: 'POST', path: `/v3/conversations/${id}/activities`, conversationId: id, activityId: firstActivityId, activity: { ...params.activity, id: firstActivityId }, authorization });
      }
      return send(201, { id, activityId: firstActivityId, serviceUrl: undefined });
    }
    if (req.method === 'POST' && conversationId && path.includes('/activities')) {
      const id = randomUUID();
      const activity = { ...(body as Partial<Activity>), id };
      record({ method: 'POST', path, conversationId, activityId: id, activity, authorization });
      return send(200, { id });
    }
    if (req.method === 'PUT' && conversationId && activityId) {
      if (Date.now() < standIn.refuseUpdatesUntil) return send(503, { error: { code: 'ServiceUnavailable', message: 'the service is unavailable' } });
      const activity = { ...(body as Partial<Activity>), id: activityId };
      record({ method: 'PUT', path, conversationId, activityId, activity, authorization });
      return send(200, { id: activityId });
    }
    if (req.method === 'DELETE' && conversationId && activityId) {
      record({ method: 'DELETE', path, conversationId, activityId, authorization });
      return send(200);
    }
    if (req.method === 'GET' && conversationId && path.includes('/members')) {
      const memberId = m[3] ? decodeURIComponent(m[3]) : undefined;
      record({ method: 'GET', path, conversationId, authorization });
      const member = { id: memberId ?? '29:user', name: 'Sandbox User', aadObjectId: memberId, userRole: 'user' };
      return send(200, memberId ? member : [member]);
    }
    return send(405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${path}` } });
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const standIn: BotConnectorStandIn = {
    refuseUpdatesUntil: 0,
    url: `http://127.0.0.1:${address.port}`,
    calls,
    activities: () => calls.filter((c) => c.activity).map((c) => c.activity!),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const entry = { predicate, resolve: (c: RecordedCall) => (clearTimeout(timer), resolve(c)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(entry), 1);
          reject(new Error(`bot connector stand-in: nothing matching arrived within ${timeoutMs} ms (${calls.length} calls recorded)`));
        }, timeoutMs);
        waiters.push(entry);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
