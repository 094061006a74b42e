/**
 * The status card of one activation request, from the request as Graph returns it: what state it
 * is in, in plain words, what happens next, and the buttons that still make sense.
 */
import { requestStatusCard, type RequestStatusData } from '../cards/request-form.js';
import { plain } from '../cards/templates.js';
import { isoDurationMinutes, type RolePolicy, type ScheduleRequest } from '../pim/index.js';
import { approversInWords } from './actions/policy-facts.js';
import { clockTime, durationInWords, isPending, minutesInWords } from './words.js';

export interface StatusView {
  request: ScheduleRequest;
  roleName: string;
  policy?: RolePolicy;
  zone: string;
  now: Date;
  /** Teams user id of the requester (`29:…`), for Universal Actions refresh. */
  teamsUserId?: string;
  /** When the person deactivated the role before its end. */
  endedAt?: Date;
}

const FINAL = new Set(['denied', 'canceled', 'revoked', 'timedout', 'failed', 'provisioningfailed']);

/** When an activation that started at `start` ends, from the request's expiration. */
export function endOf(request: ScheduleRequest): Date | undefined {
  const info = request.scheduleInfo;
  const start = info?.startDateTime ?? request.completedDateTime ?? request.createdDateTime;
  const exp = info?.expiration;
  if (exp?.endDateTime) return new Date(exp.endDateTime);
  const minutes = exp?.duration ? isoDurationMinutes(exp.duration) : null;
  return start && minutes !== null ? new Date(Date.parse(start) + minutes * 60_000) : undefined;
}

/** Whether nothing more will change for this request's card. */
export function isSettled(request: ScheduleRequest, now: Date): boolean {
  const status = request.status.toLowerCase();
  if (FINAL.has(status)) return true;
  if (status !== 'provisioned') return false;
  const end = endOf(request);
  return !end || end.getTime() <= now.getTime();
}

export function statusCardData(view: StatusView): RequestStatusData {
  const { request, roleName, policy, zone, now } = view;
  const status = request.status.toLowerCase();
  const end = endOf(request);
  const requested = request.scheduleInfo?.expiration?.duration;
  const facts: RequestStatusData['facts'] = [];
  let headline: string;
  let style: RequestStatusData['style'] = 'default';
  let next = '';

  if (status === 'provisioned' && view.endedAt) {
    headline = `Ended at ${clockTime(view.endedAt, zone, now)} (deactivated)`;
    next = `Need it again? Say **activate ${roleName}**.`;
  } else if (status === 'provisioned' && end && end.getTime() > now.getTime()) {
    headline = `Active until ${clockTime(end, zone, now)} (${minutesInWords((end.getTime() - now.getTime()) / 60_000)} left)`;
    style = 'good';
    next = `Done early? Say **deactivate ${roleName}**.`;
  } else if (status === 'provisioned') {
    headline = end ? `Ended at ${clockTime(end, zone, now)}` : 'Active';
    next = end ? `Need it again? Say **activate ${roleName}**.` : '';
  } else if (isPending(status)) {
    const granted = status === 'granted' || status.startsWith('pendingprovisioning') || status === 'pendingschedulecreation';
    headline = granted ? 'Approved, starting shortly' : 'Waiting for approval';
    style = granted ? 'accent' : 'warning';
    if (!granted && policy) facts.push({ title: 'Approvers', value: approversInWords(policy) });
    next = granted ? 'It will be active within a minute or two.' : 'This card updates when they decide. Changed your mind? Cancel the request.';
  } else if (status === 'denied') {
    headline = 'Denied';
    style = 'attention';
    next = 'Say **why was my request denied?** to see the reviewer’s note.';
  } else if (status === 'timedout') {
    headline = 'Expired: nobody decided in time';
    style = 'attention';
    next = `Still need it? Say **activate ${roleName}** to ask again.`;
  } else if (status === 'canceled') {
    headline = 'Canceled';
  } else if (status === 'revoked') {
    headline = 'Ended';
  } else {
    headline = status.includes('fail') ? 'Failed' : request.status;
    style = status.includes('fail') ? 'attention' : 'default';
    next = status.includes('fail') ? 'Say **why did my activation fail?** for the reason.' : '';
  }

  if (requested) facts.push({ title: 'Duration', value: durationInWords(requested) });
  const start = request.scheduleInfo?.startDateTime;
  if (start && isPending(status) && Date.parse(start) > now.getTime() + 60_000) facts.push({ title: 'Starts', value: clockTime(start, zone, now) });
  // Typed text is shown as typed, never as markup.
  if (request.ticketInfo?.ticketNumber) facts.push({ title: 'Ticket', value: plain(request.ticketInfo.ticketNumber) });
  if (request.justification) facts.push({ title: 'Justification', value: plain(truncate(request.justification, 200)) });
  facts.push({ title: 'Requested', value: clockTime(request.createdDateTime, zone, now) });
  facts.push({ title: 'Request id', value: request.id });

  const settled = Boolean(view.endedAt) || isSettled(request, now);
  return {
    requestId: request.id,
    roleName,
    headline,
    style,
    facts,
    next,
    updated: clockTime(now, zone, now),
    canCancel: isPending(status) && status !== 'granted',
    refreshFor: !settled && view.teamsUserId ? [view.teamsUserId] : [],
  };
}

export function statusCard(view: StatusView): Record<string, unknown> {
  return requestStatusCard(statusCardData(view));
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
