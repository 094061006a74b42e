/**
 * Activation history, planned person by person from a seed of its own so that requests,
 * approvals, audit records and sign-ins can each be written in a separate pass over the people
 * and still describe the same activations.
 */
import type { Org, Person } from './people.js';
import { Rng } from './prng.js';
import type { RoleSpec } from './roles.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Activation {
  requestId: string;
  person: Person;
  role: RoleSpec;
  createdMs: number;
  hours: number;
  justification: string;
  ticket: { number: string; system: string } | null;
  approval: { approver: Person; decidedMs: number; approved: boolean; note: string } | null;
  /** When the role became active, and when it lapsed; null when denied. */
  startMs: number | null;
  endMs: number | null;
  signInMs: number;
  /** Actions taken while active, as [time, index] pairs resolved when the audit records are written. */
  actions: number[];
}

const WORK_TEXT: Record<RoleSpec['work'], string[]> = {
  directory: ['Bulk licence group membership update', 'Onboard new starters', 'Offboard leavers batch', 'Fix guest account invitations', 'Update user attributes from the HR feed'],
  identity: ['Review PIM role settings', 'Assign eligible roles for new admins', 'Update Entra Connect sync rules', 'Renew federation certificate'],
  security: ['Investigate risky sign-in alert', 'Tune conditional access policy for contractors', 'Review Defender incident', 'Update named locations for the new office'],
  apps: ['Rotate client secret for the payroll connector', 'Register app for the new CRM integration', 'Grant admin consent for the expenses app', 'Update SAML certificate for the HR portal'],
  messaging: ['Apply transport rule change approved at CAB', 'Update mail flow connector', 'Recover deleted mailbox', 'Adjust shared mailbox permissions'],
  collaboration: ['Update Teams meeting policy', 'Restore deleted SharePoint site', 'Change external sharing settings', 'Fix Teams phone number assignment'],
  devices: ['Deploy compliance policy update', 'Retire lost laptop', 'Update Autopilot profile', 'Push BitLocker policy change'],
  helpdesk: ['Password reset for locked-out user', 'Reset MFA registration for user', 'Unblock sign-in after travel', 'Issue temporary access pass for new phone'],
  groups: ['Clean up expired groups', 'Update dynamic group rule', 'Fix group ownership after reorg'],
  compliance: ['Place litigation hold', 'Update retention labels', 'Run eDiscovery search for legal'],
  billing: ['Update payment method', 'Review monthly invoice', 'Buy additional licences'],
  read: ['Quarterly access review evidence', 'Audit log export for investigation', 'Check sign-in reports', 'Monthly security report'],
};
const VAGUE = ['needed for work', 'admin task', 'quick fix', 'as discussed', 'urgent'];
const APPROVE_NOTES = ['Approved', 'Approved', 'Approved', 'Approved - matches the change ticket', 'OK, change window confirmed', 'Approved for the maintenance window'];
const DENY_NOTES = [
  'Please use a narrower role for this task',
  'Duplicate of an active request',
  'No ticket referenced',
  'Change not approved by CAB yet',
  'Outside the change window',
  'Not on the on-call rota this week',
];

function ticketFor(rng: Rng): { number: string; system: string } {
  if (rng.chance(0.8)) return { number: `${rng.pick(['CHG', 'CHG', 'INC', 'RITM'])}${String(rng.int(1, 9_999_999)).padStart(7, '0')}`, system: 'ServiceNow' };
  return { number: `OPS-${rng.int(100, 99999)}`, system: 'Jira' };
}

/** When a person can have activations: from two days after their account exists, to the end. */
export function windowOf(p: Person, startMs: number, endMs: number): { from: number; days: number } {
  const from = Math.max(startMs, p.createdMs + 2 * DAY);
  return { from, days: Math.max(0, (endMs - from) / DAY - 1) };
}

/**
 * Requests per eligible person, weighted by how active they are and how long they have been
 * eligible: exactly `total` when given, else about one a week.
 */
export function allocate(org: Org, startMs: number, endMs: number, total: number | undefined, seed: string): Map<number, number> {
  const eligible = org.people.filter((p) => p.eligible.length > 0 && windowOf(p, startMs, endMs).days >= 1);
  const weightOf = (p: Person) => p.activity * windowOf(p, startMs, endMs).days;
  const counts = new Map<number, number>();
  if (total === undefined) {
    const rng = new Rng(seed, 'allocate');
    for (const p of eligible) counts.set(p.index, Math.round(weightOf(p) * 0.13 * (0.6 + rng.next() * 0.8)));
    return counts;
  }
  const weight = eligible.reduce((s, p) => s + weightOf(p), 0);
  let given = 0;
  const rest: Array<[number, number]> = [];
  for (const p of eligible) {
    const exact = (total * weightOf(p)) / weight;
    counts.set(p.index, Math.floor(exact));
    given += Math.floor(exact);
    rest.push([exact - Math.floor(exact), p.index]);
  }
  rest.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; given < total && rest.length > 0; i++, given++) {
    const index = rest[i % rest.length]![1];
    counts.set(index, counts.get(index)! + 1);
  }
  return counts;
}

/** Every activation of the tenant, person after person. */
export function* everyActivation(seed: string, org: Org, counts: Map<number, number>, startMs: number, endMs: number): Generator<Activation> {
  for (const p of org.people) {
    const n = counts.get(p.index) ?? 0;
    if (n > 0) yield* planActivations(seed, org, p, n, windowOf(p, startMs, endMs).from, endMs);
  }
}

/** Approvers for a role's requests, without the requester; the break-glass and exec accounts never approve. */
function approverFor(rng: Rng, org: Org, role: RoleSpec, requester: Person): Person | null {
  if (!role.approvers) return null;
  const candidates = org.approvers[role.approvers].members.filter((i) => i !== requester.index);
  const pool = candidates.length > 0 ? candidates : org.approvers.identity.members.filter((i) => i !== requester.index);
  return pool.length > 0 ? org.people[rng.pick(pool)]! : null;
}

/** A time of day someone of this office would ask: mostly office hours on weekdays. */
function requestTime(rng: Rng, person: Person, startMs: number, span: number): number {
  let day = rng.int(0, span - 1);
  const weekday = new Date(startMs + day * DAY).getUTCDay();
  if ((weekday === 0 || weekday === 6) && rng.chance(0.85)) day = Math.min(span - 1, day + (weekday === 6 ? 2 : 1));
  const localHour = rng.chance(0.08) ? rng.pick([0, 1, 2, 3, 5, 6, 19, 20, 21, 22, 23]) : rng.int(8, 17);
  return startMs + day * DAY + (localHour - person.office.utcOffset) * HOUR + rng.int(0, 59) * MINUTE;
}

/**
 * The person's activations between `startMs` and `endMs`, in time order. A draw that would
 * overlap an activation of the same role, or run past the end, is drawn again, so the count
 * asked for is the count made unless the calendar is full.
 */
export function planActivations(seed: string, org: Org, person: Person, count: number, startMs: number, endMs: number): Activation[] {
  const rng = new Rng(seed, 'history', person.index);
  const span = Math.max(1, Math.floor((endMs - startMs) / DAY) - 1);
  const out: Activation[] = [];
  const busy = new Map<string, Array<[number, number]>>();
  for (let i = 0, tries = 0; i < count && tries < count * 20; tries++) {
    const createdMs = requestTime(rng, person, startMs, span);
    const role = rng.pick(person.eligible);
    const vague = rng.chance(0.03);
    const ticket = role.ticket || rng.chance(0.35) ? ticketFor(rng) : null;
    const text = rng.pick(WORK_TEXT[role.work]);
    const justification = vague ? rng.pick(VAGUE) : ticket ? `${text} ${ticket.number}` : text;
    const hours = rng.weighted([1, 2, 4, 8].filter((h) => h <= role.maxHours).map((h) => [h, h === 2 || h === 4 ? 3 : 1] as const));
    const approver = approverFor(rng, org, role, person);
    let approval: Activation['approval'] = null;
    let activeFrom: number | null = createdMs + rng.int(0, 60) * 1000;
    if (approver) {
      const wait = rng.weighted([
        [rng.int(2, 30), 6],
        [rng.int(30, 120), 3],
        [rng.int(120, 600), 1],
      ] as const);
      const decidedMs = createdMs + wait * MINUTE;
      const approved = !rng.chance(vague ? 0.3 : 0.025);
      approval = { approver, decidedMs, approved, note: rng.pick(approved ? APPROVE_NOTES : DENY_NOTES) };
      activeFrom = approved ? decidedMs + rng.int(5, 90) * 1000 : null;
    }
    const activeUntil = activeFrom === null ? null : activeFrom + hours * HOUR;
    const until = activeUntil ?? approval?.decidedMs ?? createdMs;
    const taken = busy.get(role.id) ?? [];
    if (until >= endMs || taken.some(([a, b]) => createdMs < b + 5 * MINUTE && a < until + 5 * MINUTE)) continue;
    taken.push([createdMs, until]);
    busy.set(role.id, taken);
    const actions: number[] = [];
    if (activeFrom !== null && activeUntil !== null) {
      const n = rng.weighted([[0, 3], [1, 4], [2, 2], [3, 1]] as const);
      for (let k = 0; k < n; k++) actions.push(activeFrom + rng.int(1, Math.max(2, hours * 60 - 1)) * MINUTE, rng.int(0, 1_000_000));
    }
    const signInMs = createdMs - rng.int(1, 25) * MINUTE;
    out.push({ requestId: rng.guid(), person, role, createdMs, hours, justification, ticket, approval, startMs: activeFrom, endMs: activeUntil, signInMs, actions });
    i++;
  }
  return out.sort((a, b) => a.createdMs - b.createdMs);
}
