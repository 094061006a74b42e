/**
 * The notice a requester gets when approvers (or PIM) settle their request: approved by whom,
 * denied with the reason, cancelled, expired, or the approval window over (adaptive-cards/requester-status.json).
 */
import type { Outcome } from './approval-card.js';
import type { ApprovalView } from './approval-view.js';
import { durationWords, when } from './format.js';
import { expandTemplate, plain, type CardJson } from './templates.js';

const LOOK = {
  approved: { style: 'good', color: 'Good' },
  denied: { style: 'attention', color: 'Attention' },
  other: { style: 'emphasis', color: 'Default' },
} as const;

function headline(o: Outcome): { text: string; look: keyof typeof LOOK; next: string } {
  const by = o.byName ?? 'an approver';
  const verdict = o.state === 'elsewhere' ? o.verdict : undefined;
  if (o.state === 'approved' || verdict === 'approve') {
    return { text: o.via === 'auto' ? 'Approved automatically' : `Approved by ${by}`, look: 'approved', next: 'PIM activates the role now; it ends by itself when the time is up.' };
  }
  if (o.state === 'denied' || verdict === 'deny') return { text: `Denied by ${by}`, look: 'denied', next: 'You can ask again with more detail, or talk to the approver.' };
  if (o.state === 'cancelled') return { text: 'Your request was cancelled', look: 'other', next: '' };
  if (o.state === 'window-over') return { text: 'Nobody decided in time', look: 'other', next: 'PIM closes a request after 24 hours without a decision; ask again if you still need the role.' };
  if (o.state === 'expired') return { text: 'Your request expired', look: 'other', next: 'Ask again if you still need the role.' };
  return { text: 'Your request was decided', look: 'other', next: '' };
}

export function requesterStatusCardData(view: ApprovalView, outcome: Outcome) {
  const h = headline(outcome);
  return {
    requestId: view.requestId,
    headline: h.text,
    ...LOOK[h.look],
    roleLine: `${view.role.name} for ${durationWords(view.requestedDuration)}`,
    facts: [
      { title: 'Justification', value: view.justification ? plain(view.justification) : '(none)' },
      ...(view.ticket ? [{ title: 'Ticket', value: plain(view.ticket) }] : []),
      { title: 'Asked at', value: when(view.createdDateTime) },
      { title: 'Settled at', value: when(outcome.at) },
    ],
    note: outcome.note ? `${outcome.via === 'auto' ? 'Why' : 'Approver’s note'}: “${plain(outcome.note)}”` : '',
    next: h.next,
  };
}

/**
 * The one-line notice for a requester who asked through the bot: their status card in that chat is
 * rewritten with the details, so a line in the chat (which Teams notifies, unlike an edit) is enough.
 */
export function requesterNoticeText(view: ApprovalView, outcome: Outcome): string {
  const h = headline(outcome);
  const note = outcome.note ? ` ${outcome.via === 'auto' ? 'Why' : 'Note'}: “${plain(outcome.note)}”.` : '';
  return `**${view.role.name}**: ${h.text.charAt(0).toLowerCase()}${h.text.slice(1)}.${note}${h.next ? ` ${h.next}` : ''}`;
}

export function requesterStatusCard(view: ApprovalView, outcome: Outcome): CardJson {
  return expandTemplate('requester-status', requesterStatusCardData(view, outcome));
}
