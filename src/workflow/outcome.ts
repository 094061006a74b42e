/**
 * What a PIM request status means for the cards: still waiting, or settled and how. A decision
 * the bot recorded names who decided; otherwise the decision was made elsewhere (the portal).
 */
import type { Outcome } from '../cards/index.js';
import type { Decision } from './store.js';

const PENDING = new Set(['pendingapproval', 'pendingapprovalprovisioning', 'pendingadmindecision']);
const APPROVED = new Set(['granted', 'provisioned', 'pendingprovisioning', 'schedulecreated', 'pendingschedulecreation', 'accepted', 'adminapproved']);
const DENIED = new Set(['denied', 'admindenied']);

/** PIM gives approvers 24 hours, then closes the request. */
export const APPROVAL_WINDOW_MS = 24 * 60 * 60_000;

export function isPending(status: string): boolean {
  return PENDING.has(status.toLowerCase());
}

export interface Reviewer {
  id?: string;
  name?: string;
}

/** The outcome of a settled request from its status, the bot's own decision if any, and who reviewed it. */
export function outcomeOfStatus(status: string, now: Date, decision?: Decision, reviewer?: Reviewer): Outcome {
  const s = status.toLowerCase();
  const at = now.toISOString();
  const verdict = APPROVED.has(s) ? 'approve' : DENIED.has(s) ? 'deny' : undefined;
  if (verdict && decision && decision.verdict === verdict && decision.state !== 'elsewhere') {
    return {
      state: verdict === 'approve' ? 'approved' : 'denied',
      byId: decision.actorId,
      byName: decision.actorName,
      via: decision.via,
      note: decision.note,
      agreed: decision.agreed,
      at,
    };
  }
  if (verdict) return { state: 'elsewhere', verdict, byId: reviewer?.id, byName: reviewer?.name, via: 'portal', at };
  if (s === 'canceled' || s === 'cancelled') return { state: 'cancelled', at };
  if (s === 'timedout') return { state: 'window-over', at };
  return { state: 'expired', at };
}
