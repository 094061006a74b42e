/**
 * The audit narrative of one activation: a paragraph an auditor can read without the tool. Who
 * asked for which role and why, what the AI said, who decided (and whether that followed the AI),
 * and what was done while the role was active. Built only from the trail entries of the request.
 */
import type { JsonObject, TrailEntry } from './kinds.js';
import type { Story } from './story.js';
import { describeTicket } from '../tickets/describe.js';
import type { TicketFacts } from '../tickets/facts.js';

const str = (o: JsonObject | undefined, k: string): string | undefined => (o && typeof o[k] === 'string' ? (o[k] as string) : undefined);
const num = (o: JsonObject | undefined, k: string): number | undefined => (o && typeof o[k] === 'number' ? (o[k] as number) : undefined);

export function when(iso: string | undefined): string {
  if (!iso || !Number.isFinite(Date.parse(iso))) return 'at an unknown time';
  const d = new Date(iso).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

function clock(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

/** ISO 8601 duration (PT2H30M, P1D) in words. */
export function durationWords(iso: string | undefined): string | undefined {
  const m = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso) : null;
  if (!m) return iso;
  const parts = [
    [m[1], 'day'],
    [m[2], 'hour'],
    [m[3], 'minute'],
  ]
    .filter(([v]) => v && Number(v) > 0)
    .map(([v, unit]) => `${Number(v)} ${unit}${Number(v) === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : iso;
}

function minutesBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 60_000);
}

function personOf(e: TrailEntry): string {
  return e.actor.name ?? (e.actor.type === 'automation' ? 'the automation approver' : e.actor.id);
}

const firstOf = (entries: TrailEntry[], kind: string, test: (e: TrailEntry) => boolean = () => true) => entries.find((e) => e.kind === kind && test(e));

export function narrate(story: Story): string {
  const { entries } = story;
  if (entries.length === 0) return `The trail holds nothing about request ${story.requestId}.`;
  const out: string[] = [];
  const requested = firstOf(entries, 'pim.event', (e) => e.output.event === 'requested');
  const r = requested?.output;
  const decided = entries.find((e) => e.kind === 'decision.human' || e.kind === 'decision.auto');
  const analysis = [...entries].reverse().find((e) => e.kind === 'triage.analysis' && (!decided || e.seq < decided.seq));

  // Who, what, why.
  const who = str(r, 'principalName') ?? (requested ? personOf(requested) : undefined) ?? 'someone';
  const upn = str(r, 'principalUpn');
  const role = str(r, 'roleName') ?? str(analysis?.output.role as JsonObject | undefined, 'displayName') ?? str(r, 'roleDefinitionId') ?? 'a role';
  const duration = durationWords(str(r, 'duration'));
  const asked = str(r, 'createdDateTime') ?? requested?.at ?? entries[0]!.at;
  let sentence = `On ${when(asked)}, ${who}${upn ? ` (${upn})` : ''} asked to activate ${role}${duration ? ` for ${duration}` : ''} (request ${story.requestId})`;
  const justification = str(r, 'justification');
  const ticket = str(r, 'ticketNumber');
  const reasons = [justification ? `the justification “${justification}”` : 'no justification', ticket ? `ticket ${ticket}${str(r, 'ticketSystem') ? ` (${str(r, 'ticketSystem')})` : ''}` : 'no ticket'];
  out.push(`${sentence}, giving ${reasons.join(' and ')}.`);

  // What the AI said.
  if (analysis) {
    const a = analysis.output;
    const factors = Array.isArray(a.factors)
      ? (a.factors as JsonObject[])
          .filter((f) => (num(f, 'points') ?? 0) > 0)
          .sort((x, y) => (num(y, 'points') ?? 0) - (num(x, 'points') ?? 0))
          .slice(0, 3)
          .map((f) => str(f, 'detail'))
          .filter(Boolean)
      : [];
    sentence = `PIM Copilot's triage (model ${analysis.modelVersion}) scored it ${num(a, 'riskScore')}/10 (${str(a, 'riskBand')} risk) and recommended ${str(a, 'recommendedAction') === 'review' ? 'a careful review' : `that it be ${str(a, 'recommendedAction') === 'approve' ? 'approved' : 'denied'}`}`;
    out.push(`${sentence}${factors.length ? `, citing: ${factors.join('; ')}` : ''}.`);
    // The ticket as the ticket system described it when triage looked it up.
    const facts = a.ticketFacts as unknown as TicketFacts | undefined;
    if (facts && typeof facts === 'object' && facts.number) out.push(`The ticket, as checked: ${describeTicket(facts)}`);
  } else {
    out.push('No AI analysis of it is on record.');
  }
  const recipients = [...new Set(entries.filter((e) => e.kind === 'card.sent').map((e) => str(e.output, 'recipientName') ?? str(e.output, 'recipientId')))];
  if (recipients.length) out.push(`Approval cards went to ${listWords(recipients.filter((x): x is string => Boolean(x)))}.`);

  // Refusals before (or instead of) the decision.
  for (const e of entries.filter((x) => x.kind === 'refusal')) {
    out.push(`At ${when(e.at)}, an attempt by ${personOf(e)} to ${str(e.output, 'verb') ?? 'act'} was refused (${str(e.output, 'reason')}: ${str(e.output, 'detail')}).`);
  }

  // Who decided, and whether that followed the AI.
  if (decided) {
    const d = decided.output;
    const decidedAt = str(d, 'decidedAt') ?? decided.at;
    const verb = str(d, 'decision') === 'deny' ? 'denied' : 'approved';
    const after = minutesBetween(asked, decidedAt);
    const note = str(d, 'note');
    let s =
      decided.kind === 'decision.auto'
        ? `It was approved automatically at ${when(decidedAt)}${Number.isFinite(after) ? ` (${after} minutes after the request)` : ''}, having passed every guardrail`
        : `${personOf(decided)} ${verb} it ${str(d, 'via') === 'portal' ? 'in the Entra portal' : 'in Teams'} at ${when(decidedAt)}${Number.isFinite(after) ? ` (${after} minutes after the request)` : ''}${note ? `, noting “${note}”` : ''}`;
    const rec = analysis ? str(analysis.output, 'recommendedAction') : undefined;
    if (decided.kind === 'decision.human' && (rec === 'approve' || rec === 'deny')) {
      s += rec === str(d, 'decision') ? ', in line with the AI' : `, overriding the AI's recommendation to ${rec}`;
    }
    out.push(`${s}.`);
  } else {
    const closed = firstOf(entries, 'pim.event', (e) => ['canceled', 'expired', 'denied', 'failed'].includes(String(e.output.event)));
    out.push(closed ? `No one decided it in PIM Copilot; PIM reports it ${closed.output.event} at ${when(closed.at)}.` : 'No decision is on record yet.');
  }
  const failed = entries.filter((e) => e.kind === 'action.failed');
  for (const f of failed) out.push(`The recorded ${str(f.output, 'failedKind')} (entry #${num(f.output, 'failedSeq')}) was not carried out: ${str(f.output, 'error')}.`);

  // What was done while the role was active.
  const activated = firstOf(entries, 'pim.event', (e) => e.output.event === 'activated');
  const ended = firstOf(entries, 'pim.event', (e) => ['deactivated', 'expired', 'revoked'].includes(String(e.output.event)) && (!activated || e.seq > activated.seq));
  const activities = entries.filter((e) => e.kind === 'session.activity');
  if (activated) {
    const from = str(activated.output, 'startDateTime') ?? activated.at;
    const to = ended ? (str(ended.output, 'endDateTime') ?? ended.at) : str(activated.output, 'endDateTime');
    out.push(`The role was active from ${when(from)}${to ? ` to ${when(to)}` : ''}${ended ? ` (${ended.output.event})` : ''}.`);
  }
  if (activities.length) {
    const items = activities.map((e) => {
      const o = e.output;
      const at = str(o, 'activityDateTime') ?? e.at;
      return `${str(o, 'activity')}${str(o, 'target') ? ` on ${str(o, 'target')}` : ''} (${clock(at)}${str(o, 'result') && str(o, 'result') !== 'success' ? `, ${str(o, 'result')}` : ''})`;
    });
    out.push(`While it was active: ${items.join('; ')}.`);
  } else if (activated) {
    out.push('No activity under the role is on record.');
  }
  const alerts = entries.filter((e) => e.kind === 'alert');
  if (alerts.length) out.push(`Oversight raised ${alerts.length === 1 ? 'an alert' : `${alerts.length} alerts`}: ${alerts.map((e) => `${str(e.output, 'summary')} (${str(e.output, 'severity')})`).join('; ')}.`);
  return out.join(' ');
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
