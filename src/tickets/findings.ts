/**
 * What is wrong with a cited ticket, judged from its facts and the request: it is missing, done,
 * not the requester's, scheduled for another time, about another service, or an emergency change.
 * Pure; triage turns the findings into factors, the coaching into advice for the requester.
 */
import { domainLabel, domainOfText, type Domain } from '../roles/index.js';
import type { PersonKeys, TicketFacts, TicketRole } from './facts.js';
import { minutesWords, peopleWords, ticketName, when, windowWords } from './words.js';

export type TicketFindingKind = 'unchecked' | 'not-found' | 'closed' | 'not-on-ticket' | 'outside-window' | 'unrelated' | 'emergency';

export interface TicketFinding {
  kind: TicketFindingKind;
  /** For an approver: what is wrong, in plain words. */
  detail: string;
  /** A few words for the rationale. */
  label: string;
  /** For the requester, before submitting: what to fix. */
  advice: string;
  /** outside-window only: all of the activation falls outside, or part of it. */
  extent?: 'entire' | 'partial';
  /** unrelated only: the services the ticket is about. */
  domains?: Domain[];
}

/** The request as far as its ticket is concerned. */
export interface TicketRequestView {
  requester: PersonKeys;
  role: { displayName: string; domains: readonly Domain[]; coversAll: boolean };
  /** When the activation starts (ISO 8601) and for how long. */
  start: string;
  minutes?: number;
}

/** Being assigned, or the one the ticket is for, puts someone on it; having opened it does not. */
const ON_TICKET: ReadonlySet<TicketRole> = new Set(['assignee', 'caller', 'requested for', 'requested by', 'reporter']);

/** Starting or ending this close to the planned window still counts as inside it. */
const GRACE_MS = 15 * 60_000;

/** Words that name a service only loosely; alone they do not say what a ticket is about. */
const LOOSE = new Set(['user', 'users', 'group', 'groups', 'mail', 'email', 'e-mail', 'site', 'sites', 'report', 'reports', 'alert', 'alerts', 'chat', 'channel', 'channels', 'quota', 'consent', 'recipient', 'recipients', 'calendar', 'outlook', 'license', 'licence', 'licenses', 'licences', 'environment', 'service request', 'service requests', 'compliance']);

const lower = (s: string | undefined) => s?.trim().toLowerCase() || undefined;

/**
 * Whether the requester is on the ticket: named as its assignee or the one it is for, or in its
 * assignment group. Undefined when that cannot be told: no one is named, or the group was not asked.
 */
export function requesterOnTicket(facts: TicketFacts, who: PersonKeys): boolean | undefined {
  if (facts.requesterInGroup === true) return true;
  const keys = new Set([lower(who.userPrincipalName), lower(who.mail)].filter((k): k is string => Boolean(k)));
  const localPart = lower(who.userPrincipalName)?.split('@')[0];
  const name = lower(who.displayName);
  const people = (facts.people ?? []).filter((p) => ON_TICKET.has(p.role));
  const named = people.some((p) => {
    const email = lower(p.email);
    const userName = lower(p.userName);
    return (email && keys.has(email)) || (userName && (keys.has(userName) || userName === localPart)) || (name !== undefined && lower(p.name) === name);
  });
  if (named) return true;
  if (facts.assignmentGroup && facts.requesterInGroup === undefined) return undefined;
  return people.length > 0 || facts.assignmentGroup ? false : undefined;
}

function windowFinding(facts: TicketFacts, req: TicketRequestView, name: string): TicketFinding | undefined {
  if (!facts.plannedStart && !facts.plannedEnd) return undefined;
  const s = Date.parse(req.start);
  if (!Number.isFinite(s)) return undefined;
  const e = s + (req.minutes ?? 0) * 60_000;
  const ps = facts.plannedStart ? Date.parse(facts.plannedStart) : -Infinity;
  const pe = facts.plannedEnd ? Date.parse(facts.plannedEnd) : Infinity;
  const before = s < ps - GRACE_MS;
  const after = e > pe + GRACE_MS;
  if (!before && !after) return undefined;
  const planned = windowWords(facts.plannedStart, facts.plannedEnd) ?? '';
  const asked = req.minutes ? windowWords(new Date(s).toISOString(), new Date(e).toISOString()) : when(req.start);
  if (e <= ps || s >= pe) {
    return {
      kind: 'outside-window',
      extent: 'entire',
      detail: `The activation (${asked}) falls outside the planned window of ${name} (${planned}).`,
      label: `outside the change window of ${facts.number}`,
      advice: `${facts.number} is planned for ${planned}. Ask for the role inside that window, or have the change rescheduled first.`,
    };
  }
  return {
    kind: 'outside-window',
    extent: 'partial',
    detail: `The activation (${asked}) ${before && after ? 'starts before and runs past the end of' : before ? 'starts before' : 'runs past the end of'} the planned window of ${name} (${planned}).`,
    label: `partly outside the change window of ${facts.number}`,
    advice: before ? `${facts.number}'s window opens ${when(facts.plannedStart!)}; ask for the role from then.` : shortenAdvice(facts.number, facts.plannedEnd!, s, req.minutes),
  };
}

/** Runs past the window's end: the longest activation that still fits, in quarter hours. */
function shortenAdvice(number: string, plannedEnd: string, start: number, minutes: number | undefined): string {
  const fits = Math.floor((Date.parse(plannedEnd) - start) / (15 * 60_000)) * 15;
  const closes = `${number}'s window closes ${when(plannedEnd)}`;
  if (!minutes || fits < 15) return `${closes}; ask for a shorter activation that ends by then.`;
  return `${closes}, but you asked for ${minutesWords(minutes)}: ask for ${minutesWords(fits)} or less, or have the window extended.`;
}

function subjectFinding(facts: TicketFacts, req: TicketRequestView, name: string): TicketFinding | undefined {
  // A role with no known services cannot be told apart from any ticket.
  if (req.role.coversAll || req.role.domains.length === 0) return undefined;
  const text = [facts.shortDescription, facts.description, facts.configurationItem].filter(Boolean).join('\n');
  const talked = domainOfText(text).filter((d) => d.hits.some((h) => !LOOSE.has(h)));
  if (talked.length === 0 || talked.some((d) => req.role.domains.includes(d.domain))) return undefined;
  const about = talked.slice(0, 2).map((d) => `${domainLabel(d.domain)} ("${d.hits[0]}")`).join(' and ');
  const first = domainLabel(talked[0]!.domain);
  const covers = req.role.domains.slice(0, 3).map(domainLabel).join(', ');
  return {
    kind: 'unrelated',
    domains: talked.map((d) => d.domain),
    detail: `${name} ("${facts.shortDescription ?? ''}") is about ${about}, which ${req.role.displayName} does not administer${covers ? ` (it covers ${covers})` : ''}.`,
    label: `ticket ${facts.number} is about ${first}, not ${req.role.displayName} work`,
    advice: `${facts.number} is about ${first}, not ${req.role.displayName} work. Cite the ticket for this task, or ask for the role that fits ${facts.number}.`,
  };
}

/** Everything the ticket's facts say against the request, most serious first; empty when it backs it. */
export function ticketFindings(facts: TicketFacts, req: TicketRequestView): TicketFinding[] {
  const name = ticketName(facts);
  if (facts.status === 'unavailable') {
    const why = facts.problem ?? `${facts.system} did not answer`;
    return [
      {
        kind: 'unchecked',
        detail: `${name} could not be checked: ${why}. Whether it exists, is open and covers this activation is unverified.`,
        label: `ticket ${facts.number} could not be checked`,
        advice: `I couldn't check ${facts.number} in ${facts.system} just now (${why}); approvers will see it as unverified.`,
      },
    ];
  }
  if (facts.status === 'not-found') {
    const visibility = facts.system === 'Jira' ? ' (or the service account may not see it)' : '';
    return [
      {
        kind: 'not-found',
        detail: `${facts.system} has no ticket ${facts.number}${visibility}: the reference cannot be verified.`,
        label: `ticket ${facts.number} not found in ${facts.system}`,
        advice: `I couldn't find ${facts.number} in ${facts.system}. Check the number, or cite the ticket that covers this work.`,
      },
    ];
  }
  const out: TicketFinding[] = [];
  if (facts.open === false) {
    const state = facts.state ?? 'closed';
    out.push({
      kind: 'closed',
      detail: `${name} is ${state}: the work it records is finished, so it does not cover new privileged access.`,
      label: `ticket ${facts.number} is ${state}`,
      advice: `${facts.number} is ${state}. Cite the open ticket for this work, or ask for ${facts.number} to be reopened.`,
    });
  }
  if (requesterOnTicket(facts, req.requester) === false) {
    const who = req.requester.displayName ?? req.requester.userPrincipalName ?? 'The requester';
    const on = peopleWords({ people: facts.people });
    const group = facts.assignmentGroup ? ` and not in its assignment group ${facts.assignmentGroup}` : '';
    out.push({
      kind: 'not-on-ticket',
      detail: `${who} is not on ${name}${on ? ` (${on})` : ''}${group}.`,
      label: `requester is not on ticket ${facts.number}`,
      advice: `You're not on ${facts.number}${on ? ` (${on})` : ''}. Ask to be made its assignee${facts.assignmentGroup ? ` or added to ${facts.assignmentGroup}` : ''}, or cite a ticket you're on.`,
    });
  }
  const window = windowFinding(facts, req, name);
  if (window) out.push(window);
  const subject = subjectFinding(facts, req, name);
  if (subject) out.push(subject);
  if (facts.emergency) {
    out.push({
      kind: 'emergency',
      detail: `${name} is an emergency change: it was authorised outside the usual change board, so confirm who approved it.`,
      label: `${facts.number} is an emergency change`,
      advice: `${facts.number} is an emergency change; say in the justification who authorised it.`,
    });
  }
  return out;
}
