/** Cards: the data and rendering of every Adaptive Card the bot sends, from the templates in adaptive-cards/.
 *  Approval card (pending and every outcome), the requester's notice, and the request form. */
export { approvalCard, approvalCardData, type ApprovalCardOptions, type CardState, type Outcome, type OutcomeState } from './approval-card.js';
export { approvalView, type ApprovalView, type ViewInput } from './approval-view.js';
export { requesterNoticeText, requesterStatusCard, requesterStatusCardData } from './requester-status-card.js';
export { durationWords, when } from './format.js';
export { expandTemplate, templateOf, plain, type CardJson } from './templates.js';
export * from './request-form.js';
