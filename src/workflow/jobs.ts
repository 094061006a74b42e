/**
 * The workflow's pg-boss queues. Recurring work is sent as keyed jobs, one key per time slot, so
 * however many instances tick, each slot's poll runs once; a request's triage is keyed by its id.
 */
import type { JobQueue } from '../store/jobs.js';

export const JOBS = {
  /** Poll PIM for pending requests (app token) and triage the new ones. */
  intake: 'pim-intake',
  /** Triage one request sent by the bot or the events route: `{ requestId, source }`. */
  triage: 'pim-triage',
  /** Rewrite every copy of a request's cards and tell the requester: `{ requestId }`. */
  cards: 'pim-cards',
  /** Follow open requests: cancelled, expired, decided in the portal, escalation due. */
  watch: 'pim-watch',
  /** Fold new decided requests into the triage baseline. */
  learn: 'pim-learn',
} as const;

/**
 * Queues a request for triage at once (the bot submitted it, or an external event named it).
 * Runs once per request id, however many times or instances send it.
 */
export async function enqueueTriage(jobs: JobQueue, requestId: string, source: 'bot' | 'webhook' = 'bot'): Promise<boolean> {
  return (await jobs.sendOnce(JOBS.triage, requestId, { requestId, source })) !== null;
}
