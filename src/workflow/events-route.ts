/**
 * `POST /api/pim/events`: Logic Apps, a PIM custom extension or any scheduler tells the bot about a
 * request (`{"requestId": "…"}` or `{"requestIds": […]}`) or asks for a poll or a watch round now (`{"event": "poll"}`, `{"event": "watch"}`).
 * Callers prove themselves with PIM_EVENTS_SECRET, as `Authorization: Bearer …` or `x-pim-events-secret`;
 * without that setting the route refuses everything.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { JobQueue } from '../store/jobs.js';
import { enqueueTriage, JOBS } from './jobs.js';

export interface PimEventsOptions {
  secret?: string;
  jobs: JobQueue;
  log: Logger;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_IDS = 100;

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function presented(req: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]?.trim();
  return bearer ?? req.header('x-pim-events-secret') ?? undefined;
}

export function registerPimEvents(server: Server, o: PimEventsOptions): void {
  server.post('/api/pim/events', async (req: Request, res: Response) => {
    const answer = (status: number, body: unknown) => {
      res.status(status);
      res.json(body);
    };
    const error = (status: number, code: string, message: string) => answer(status, { error: { code, message } });
    if (!o.secret) return error(403, 'NotConfigured', 'PIM_EVENTS_SECRET is not set, so this route takes no events');
    const given = presented(req);
    if (!given || !sameSecret(given, o.secret)) {
      o.log.warn({ path: '/api/pim/events' }, 'PIM event refused: wrong or missing secret');
      return error(401, 'Unauthorized', 'a valid shared secret is required');
    }
    const body = (req.body ?? {}) as { requestId?: unknown; requestIds?: unknown; event?: unknown };
    if (body.event === 'poll' || body.event === 'watch') {
      await o.jobs.send(body.event === 'poll' ? JOBS.intake : JOBS.watch, { reason: 'event' });
      return answer(202, { [body.event]: 'queued' });
    }
    const ids = Array.isArray(body.requestIds) ? body.requestIds : body.requestId !== undefined ? [body.requestId] : [];
    if (ids.length === 0 || ids.length > MAX_IDS || ids.some((id) => typeof id !== 'string' || !ID.test(id))) {
      return error(400, 'BadRequest', `expected {"requestId": "<id>"}, {"requestIds": [up to ${MAX_IDS} ids]} or {"event": "poll" | "watch"}`);
    }
    const queued: string[] = [];
    for (const id of ids as string[]) if (await enqueueTriage(o.jobs, id, 'webhook')) queued.push(id);
    return answer(202, { queued, alreadyKnown: (ids as string[]).filter((id) => !queued.includes(id)) });
  });
}
