/**
 * Signals from the request as written: duration, ticket, the justification's quality and subject,
 * the hour it was made at, and text aimed at an automated reviewer.
 */
import { coversAllDomains, domainLabel, type DomainMatch } from '../../roles/index.js';
import { detectInjection } from '../injection.js';
import { SETTINGS } from '../settings.js';
import { factor, type Signal, type SignalInput } from '../signal.js';
import { humanDuration, weekdayName } from '../time.js';

const P = SETTINGS.points;

export function duration(input: SignalInput): Signal | null {
  const { requestedMinutes: asked, maxMinutes: max, userRole, roleStats, role } = input;
  if (asked === undefined) return null;
  const cap = max !== undefined && asked > max ? ` It exceeds the policy maximum of ${humanDuration(max)} and will be capped.` : '';
  const usual = userRole?.medianDurationMinutes;
  if (usual !== undefined && usual > 0) {
    const ratio = asked / usual;
    if (ratio >= SETTINGS.durationRatio.notable && asked - usual >= 60) {
      // Asking for everything the policy allows, well above habit, counts like a threefold jump.
      const atMax = max !== undefined && asked >= max;
      const points = ratio >= SETTINGS.durationRatio.strong || atMax ? P.durationTriple : P.durationDouble;
      return {
        factor: factor('duration', points, `Asks for ${humanDuration(asked)}, ${ratio.toFixed(ratio % 1 ? 1 : 0)}× ${input.firstName}'s usual ${humanDuration(usual)} for ${role.displayName}.${cap}`),
        flags: ['unusual-duration'],
        label: `${humanDuration(asked)} asked, ${ratio.toFixed(ratio % 1 ? 1 : 0)}× the usual${atMax ? ', the policy maximum' : ''}`,
      };
    }
    return { factor: factor('duration', 0, `Asks for ${humanDuration(asked)}; usual for ${input.firstName} is ${humanDuration(usual)}.${cap}`) };
  }
  const typical = roleStats?.medianDurationMinutes;
  if (typical !== undefined && asked / typical >= SETTINGS.durationRatio.notable && asked - typical >= 60 && max !== undefined && asked >= max) {
    return {
      factor: factor('duration', P.durationAtMaxNoHistory, `Asks for the policy maximum of ${humanDuration(max)} with no history of their own; others usually take ${humanDuration(typical)}.`),
      flags: ['unusual-duration'],
      label: 'asks for the policy maximum',
    };
  }
  const context = typical !== undefined ? `; others usually take ${humanDuration(typical)}` : '';
  return { factor: factor('duration', 0, `Asks for ${humanDuration(asked)}${context}.${cap}`) };
}

export function ticket(input: SignalInput): Signal {
  const { ticket: t, ctx, userRole, role } = input;
  if (t.present && t.wellFormed && t.ref) {
    const kind = t.ref.kind === 'unknown' ? 'ticket' : t.ref.kind;
    if (t.problem) return { factor: factor('ticket', P.ticketMalformed, `Ticket ${t.ref.number} is well-formed but ${t.problem}.`) };
    return { factor: factor('ticket', 0, `References ${t.ref.system} ${kind} ${t.ref.number}.`) };
  }
  if (t.present) {
    return { label: 'unusable ticket reference', factor: factor('ticket', P.ticketMalformed, `The ticket field does not hold a usable reference: ${t.problem}.`), flags: ['missing-ticket'] };
  }
  const habit = userRole && userRole.ticketShare >= 0.5;
  // Without a ticket there is no change or incident an approver can check the request against.
  const points = ctx.policy.ticketRequired ? P.ticketMissingRequired : P.ticketMissing;
  const why = ctx.policy.ticketRequired
    ? 'although the role policy requires one'
    : habit
      ? `although ${input.firstName} usually gives one for this role`
      : `so there is nothing to check the ${role.displayName} activation against`;
  const placeholder = t.problem ? ` (${t.problem})` : '';
  return { label: 'no ticket', factor: factor('ticket', points, `No ticket referenced${placeholder}, ${why}.`), flags: ['missing-ticket'] };
}

export function justificationQuality({ reading }: SignalInput): Signal {
  if (!reading.text) return { label: 'no justification', factor: factor('justification', P.vague, 'No justification given.'), flags: ['vague-justification'] };
  if (reading.nonEnglish) {
    return { label: 'justification not in English', factor: factor('justification', P.nonEnglish, 'The justification is not in English, so approvers and the rules here cannot check it.'), flags: ['vague-justification'] };
  }
  if (reading.vague) {
    const why = reading.tooShort ? 'too short to say what will be done' : `generic ("${reading.generic[0] ?? reading.text}") with nothing specific to check`;
    return { label: `vague justification ("${reading.text.slice(0, 60)}")`, factor: factor('justification', P.vague, `The justification "${reading.text}" is ${why}.`), flags: ['vague-justification'] };
  }
  return { factor: factor('justification', 0, `The justification is specific: ${reading.keyTerms.slice(0, 4).join(', ')}.`) };
}

/** Single everyday words that name a service only loosely ("user", "group", "site"). */
const LOOSE = new Set(['user', 'users', 'group', 'groups', 'mail', 'email', 'e-mail', 'site', 'sites', 'report', 'reports', 'alert', 'alerts', 'chat', 'channel', 'channels', 'quota', 'license', 'licence', 'licenses', 'licences', 'consent', 'recipient', 'recipients', 'calendar', 'outlook', 'environment']);

function strongDomains(domains: DomainMatch[]): DomainMatch[] {
  return domains.filter((d) => d.hits.some((h) => !LOOSE.has(h)));
}

export function roleMismatch({ reading, role }: SignalInput): Signal | null {
  if (coversAllDomains(role) || reading.domains.length === 0) return null;
  // Loose words alone ("user", "site") are not enough to say the task belongs elsewhere.
  const talked = strongDomains(reading.domains);
  if (talked.length === 0 || talked.some((d) => role.domains.includes(d.domain))) return null;
  const about = talked.slice(0, 2).map((d) => `${domainLabel(d.domain)} ("${d.hits[0]}")`).join(' and ');
  const covers = role.domains.slice(0, 3).map(domainLabel).join(', ');
  return {
    factor: factor('role-mismatch', P.roleMismatch, `The justification is about ${about}, which ${role.displayName} does not administer (it covers ${covers}).`),
    flags: ['justification-role-mismatch'],
    label: `justification is about ${domainLabel(talked[0]?.domain ?? 'directory')}, not what ${role.displayName} administers`,
  };
}

function share(buckets: number[] | undefined, indexes: number[]): number {
  if (!buckets) return 0;
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  return indexes.reduce((a, i) => a + (buckets[(i + buckets.length) % buckets.length] ?? 0), 0) / total;
}

export function offHours(input: SignalInput): Signal | null {
  const { local, user, ticket: t, reading } = input;
  const { start, end, nightStart, nightEnd } = SETTINGS.workday;
  const h = local.hour;
  const night = h >= nightStart || h < nightEnd;
  const outside = night || h < start || h >= end;
  const weekend = local.weekday === 0 || local.weekday === 6;
  if (!outside && !weekend) return null;
  const usualHour = share(user?.hours, [h - 1, h, h + 1]) >= SETTINGS.usualHourShare;
  const usualWeekend = share(user?.weekdays, [0, 6]) >= SETTINGS.usualHourShare;
  let points = 0;
  const parts: string[] = [];
  const when = `${weekdayName(local.weekday)} ${String(h).padStart(2, '0')}:${String(local.minute).padStart(2, '0')} (${local.zone})`;
  if (outside) {
    if (usualHour) parts.push('an hour this person often works');
    else {
      points += night ? P.offHoursNight : P.offHoursEvening;
      parts.push(night ? 'at night' : 'outside working hours');
    }
  }
  if (weekend) {
    if (usualWeekend) parts.push('they often work weekends');
    else {
      points += P.weekend;
      parts.push('on a weekend');
    }
  }
  const incident = t.ref?.kind === 'incident' || /\b(sev\s*[0-2]|p[0-2]|outage|on[\s-]?call|major incident|emergency|down)\b/i.test(reading.text);
  const note = incident && points > 0 ? ' An incident is referenced, which may explain the hour; confirm it is real.' : '';
  return {
    label: `requested ${when}`,
    factor: factor('off-hours', points, `Requested ${when}: ${parts.join(', ')}.${note}`),
    flags: points > 0 ? ['off-hours'] : undefined,
  };
}

export function promptInjection({ reading, ctx }: SignalInput): Signal | null {
  // The text as written: collapsing its spaces would hide "i g n o r e   p r e v i o u s".
  const found = detectInjection(ctx.request.justification || reading.text);
  if (!found.detected) return null;
  return {
    factor: factor('prompt-injection', P.injection, `The justification tries to instruct an automated reviewer (${found.evidence.map((e) => `"${e}"`).join(', ')}). Treat the request as hostile.`),
    flags: ['prompt-injection'],
    label: 'the justification tries to instruct the AI reviewer',
    floor: { score: SETTINGS.floors.injection, reason: 'the justification tries to steer the reviewer' },
  };
}
