/**
 * The requester's cards: the request form (role picked from their eligibilities, duration,
 * justification, ticket) and the status of a request they made. Adaptive Card 1.5 templates in
 * `adaptive-cards/`, expanded with adaptivecards-templating.
 */
import { expandTemplate } from './templates.js';

export interface RequestFormData {
  roles: Array<{ id: string; title: string }>;
  selectedRoleId?: string;
  /** ISO 8601 durations offered, with their labels. */
  durations: Array<{ value: string; title: string }>;
  duration?: string;
  justification?: string;
  ticket?: string;
  /** Shown above the inputs, e.g. what was wrong with the last submission. */
  message?: string;
}

/** What the form sends back, from `Action.Execute` data or an `Action.Submit` value. */
export interface RequestFormAnswer {
  roleId?: string;
  duration?: string;
  justification?: string;
  ticket?: string;
}

export function requestFormCard(data: RequestFormData): Record<string, unknown> {
  return expandTemplate('request-form', {
    selectedRoleId: '',
    duration: '',
    justification: '',
    ticket: '',
    message: '',
    ...data,
  });
}

export interface RequestStatusData {
  requestId: string;
  roleName: string;
  /** One line under the role: "Waiting for approval", "Active until 17:30". */
  headline: string;
  /** Container style: good (active), attention (denied, failed), warning (waiting), default. */
  style: 'good' | 'attention' | 'warning' | 'default' | 'accent';
  facts: Array<{ title: string; value: string }>;
  next: string;
  updated: string;
  canCancel: boolean;
  /**
   * Teams user ids (`29:…`) whose client refreshes the card on view while the request is open
   * (Universal Actions `refresh`); none once it is final.
   */
  refreshFor: string[];
}

export function requestStatusCard(data: RequestStatusData): Record<string, unknown> {
  const { refreshFor, ...rest } = data;
  const card = expandTemplate('request-status', rest);
  if (refreshFor.length > 0) {
    card.refresh = { action: { type: 'Action.Execute', verb: 'refreshStatus', data: { requestId: data.requestId } }, userIds: refreshFor.slice(0, 60) };
  }
  return card;
}
