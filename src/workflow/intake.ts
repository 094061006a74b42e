/**
 * Intake: one poll of PIM's pending requests with the app's own token (Graph has no change
 * notifications for PIM). Requests nobody has triaged yet, or whose triage failed or was
 * abandoned, are triaged here at once, a few at a time.
 */
import type { Logger } from 'pino';
import type { GraphWiring } from '../graph-wiring.js';
import type { WorkflowStore } from './store.js';
import type { TriageStep } from './triage-step.js';

const PARALLEL = 4;
const POLL_LIMIT = 1_000;

export interface IntakeOptions {
  graph: GraphWiring;
  store: WorkflowStore;
  triage: TriageStep;
  log: Logger;
  /** False once the service is shutting down: no new triage starts. */
  running?: () => boolean;
}

export async function pollPending(o: IntakeOptions): Promise<{ pending: number; triaged: number }> {
  const pending = await o.graph.pim.listPendingRequests({ limit: POLL_LIMIT });
  const settled = await o.store.settled(pending.map((r) => r.id));
  const todo = pending.filter((r) => !settled.has(r.id));
  let triaged = 0;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && (!o.running || o.running())) {
      const request = todo[next++]!;
      try {
        if ((await o.triage.run(request, 'poll')) !== 'skipped') triaged += 1;
      } catch (err) {
        // The claim is marked failed; the next poll (or the keyed job's retry) takes it again.
        o.log.error({ err, requestId: request.id }, 'triage failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, todo.length) }, worker));
  return { pending: pending.length, triaged };
}
