/**
 * The approval card (adaptive-cards/approval.json) in each of its states: pending with Approve and
 * Deny, being decided, and the outcomes (approved by, denied by with the reason, cancelled, expired,
 * decided elsewhere, approval window over). One template, so every copy looks the same.
 */
import type { ApprovalView } from './approval-view.js';
import { BAND_LOOK, durationWords, TIER_WORDS, when } from './format.js';
import { expandTemplate, plain, type CardJson } from './templates.js';

export type OutcomeState = 'approved' | 'denied' | 'cancelled' | 'expired' | 'elsewhere' | 'window-over';
export type CardState = 'pending' | 'deciding' | OutcomeState;

/** How a request ended (workflow_requests.outcome). */
export interface Outcome {
  state: OutcomeState;
  /** Who decided: a person's Entra object id and name, or the automation approver. */
  byId?: string;
  byName?: string;
  /** What was decided, for decisions made elsewhere (the Entra admin center). */
  verdict?: 'approve' | 'deny';
  via?: 'teams' | 'auto' | 'portal';
  note?: string;
  /** Whether the person followed the AI's advice; undefined when it said review. */
  agreed?: boolean;
  at: string;
}

export interface ApprovalCardOptions {
  /** The approver this copy was sent to; absent on a channel copy. */
  approverId?: string;
  outcome?: Outcome;
  /** `deciding`: someone has clicked and PIM has not answered yet. */
  deciding?: { byName: string };
  /** A line above the card: escalation, or why the last click did nothing. */
  notice?: string;
}

const RECOMMENDATION: Record<ApprovalView['risk']['recommendedAction'], string> = {
  approve: 'AI recommends: approve',
  review: 'AI recommends: review carefully',
  deny: 'AI recommends: deny',
};

function agreement(o: Outcome | undefined): string {
  if (o?.agreed === undefined) return '';
  return o.agreed ? 'agreed with the AI’s advice' : 'overrode the AI’s advice';
}

function quoted(note: string | undefined): string {
  return note ? `“${plain(note)}”` : '';
}

/** Non-empty parts, joined. */
function line(...parts: string[]): string {
  return parts.filter(Boolean).join(' · ');
}

/** The banner for a state other than pending. */
function banner(state: CardState, o: Outcome | undefined, deciding: ApprovalCardOptions['deciding']) {
  const by = o?.byName ?? 'another approver';
  const at = when(o?.at);
  switch (state) {
    case 'deciding':
      return { title: `${deciding?.byName ?? 'An approver'} is deciding…`, detail: 'PIM has not answered yet; this card updates when it does.', style: 'emphasis', color: 'Default' };
    case 'approved':
      return o?.via === 'auto'
        ? { title: 'Approved automatically', detail: line(`By the automation approver (${by}), within this role’s auto-approval guardrails`, at), style: 'good', color: 'Good' }
        : { title: `Approved by ${by}`, detail: line(quoted(o?.note), at, agreement(o)), style: 'good', color: 'Good' };
    case 'denied':
      return { title: `Denied by ${by}`, detail: line(o?.note ? `Reason: ${quoted(o.note)}` : 'No reason given', at, agreement(o)), style: 'attention', color: 'Attention' };
    case 'cancelled':
      return { title: 'Cancelled by the requester', detail: line('Nothing to decide any more', at), style: 'emphasis', color: 'Default' };
    case 'expired':
      return { title: 'The request expired', detail: line('PIM ended it before anyone decided', at), style: 'emphasis', color: 'Default' };
    case 'elsewhere': {
      const what = o?.verdict === 'deny' ? 'Denied' : o?.verdict === 'approve' ? 'Approved' : 'Decided';
      return { title: `${what} elsewhere${o?.byName ? ` by ${o.byName}` : ''}`, detail: line('Decided outside this card (the Entra admin center or another client)', at), style: 'accent', color: 'Accent' };
    }
    case 'window-over':
      return { title: 'The approval window is over', detail: line('Nobody decided within PIM’s 24 hours, so PIM closed the request; the requester can ask again', at), style: 'warning', color: 'Warning' };
    default:
      return undefined;
  }
}

/** The card's data for the template: every string ready, nothing left to compute there. */
export function approvalCardData(view: ApprovalView, options: ApprovalCardOptions = {}) {
  const state: CardState = options.outcome?.state ?? (options.deciding ? 'deciding' : 'pending');
  const look = BAND_LOOK[view.risk.band];
  const b = banner(state, options.outcome, options.deciding);
  const requested = durationWords(view.requestedDuration);
  const suggested = durationWords(view.suggestedDuration);
  const requesterLine = [view.requester.department, view.requester.jobTitle, view.requester.upn].filter(Boolean).join(' · ');
  return {
    requestId: view.requestId,
    approverId: options.approverId ?? '',
    state,
    pending: state === 'pending',
    outcome: b ? { show: true, ...b } : { show: false, title: '', detail: '', style: 'default', color: 'Default' },
    notice: options.notice ?? '',
    title: `${view.role.name} for ${requested}`,
    requester: { name: view.requester.name, line: requesterLine || 'no department or title in the directory' },
    risk: { score: view.risk.score, band: view.risk.band.toUpperCase(), color: look.color, style: look.style },
    facts: [
      { title: 'Role', value: `${view.role.name} (${TIER_WORDS[view.role.tier]})` },
      { title: 'Requested', value: requested },
      { title: 'Suggested', value: view.suggestedDuration === view.requestedDuration ? `${suggested} (as asked)` : suggested },
      { title: 'Ticket', value: view.ticket ? plain(view.ticket) : 'none' },
      { title: 'Asked at', value: when(view.createdDateTime) },
    ],
    justification: view.justification ? plain(view.justification) : '(no justification given)',
    unchecked: view.unchecked?.length ? `Not checked (Microsoft Graph did not give them, or not in time): ${view.unchecked.map(plain).join('; ')}. Check in Entra before deciding.` : '',
    recommendation: RECOMMENDATION[view.risk.recommendedAction],
    rationale: plain(view.rationale),
    factors: view.factors.map((f) => ({
      points: f.points > 0 ? `+${f.points}` : `−${Math.abs(f.points)}`,
      color: f.points > 0 ? 'Attention' : 'Good',
      detail: plain(f.detail),
    })),
    similar: view.similar.map((d) => ({
      text: `${d.outcome === 'approved' ? 'Approved' : 'Denied'} · ${when(d.createdDateTime)}${d.reviewer ? ` · by ${plain(d.reviewer)}` : ''}${d.justification ? ` · asked: ${quoted(d.justification)}` : ''}${d.note ? ` · note: ${quoted(d.note)}` : ''}`,
      color: d.outcome === 'approved' ? 'Good' : 'Attention',
    })),
    comment: {
      required: view.commentRequired,
      label: view.commentRequired ? 'Reason (required by the role’s PIM policy)' : 'Comment (optional)',
      placeholder: 'Why you approve or deny; the requester sees it',
    },
    footer: `You decide as yourself in PIM; the AI only advises. Request ${view.requestId} · ${view.modelVersion}`,
  };
}

export function approvalCard(view: ApprovalView, options: ApprovalCardOptions = {}): CardJson {
  return expandTemplate('approval', approvalCardData(view, options));
}
