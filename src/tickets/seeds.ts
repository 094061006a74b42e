/**
 * Tickets for the ServiceNow and Jira stand-ins that match a sandbox tenant's history: every number
 * its requests cite exists, assigned to the requester or their team, about the work they did, its
 * change window around the activation. A few, picked by a hash of the number so every run agrees,
 * are closed, someone else's, scheduled for another time or about other work; tickets cited in
 * denied requests always are.
 */
import { createHash } from 'node:crypto';
import { coversAllDomains, domainLabel, roleInfo, type Domain } from '../roles/index.js';
import type { JiraIssueSeed, JiraUserSeed } from '../standins/jira.js';
import type { ServiceNowRecord } from '../standins/servicenow.js';
import { durationMinutes } from '../triage/time.js';
import { findTicket } from '../triage/tickets.js';

/** The parts of a tenant the seeds are made from, shaped as Graph returns them. */
export interface SeedTenant {
  users: Array<{ id: string; displayName?: string | null; userPrincipalName?: string | null; mail?: string | null; department?: string | null; jobTitle?: string | null; manager?: { id?: string } | null }>;
  roleDefinitions: Array<{ id: string; displayName?: string | null; templateId?: string | null }>;
  requests: Array<{
    id: string;
    principalId: string;
    roleDefinitionId: string;
    status: string;
    createdDateTime: string;
    justification?: string | null;
    scheduleInfo?: { startDateTime?: string | null; expiration?: { duration?: string | null; endDateTime?: string | null } | null } | null;
    ticketInfo?: { ticketNumber?: string | null; ticketSystem?: string | null } | null;
  }>;
}

export type SeedVariant = 'open' | 'team' | 'closed' | 'someone-else' | 'unrelated' | 'elsewhere';

export interface TicketSeeds {
  serviceNow: Record<string, ServiceNowRecord[]>;
  jira: JiraIssueSeed[];
  /** Which tickets are which, for the start-up log and tests. */
  tickets: Array<{ number: string; system: 'ServiceNow' | 'Jira'; variant: SeedVariant; requester: string }>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Tickets cited this recently are still being worked on: their windows reach a week ahead. */
const ONGOING_DAYS = 14;
const MOST_TICKETS = 5000;

/** Work about other services, for tickets that do not match the role they are cited for. */
const OTHER_WORK: Array<{ domain: Domain; text: string }> = [
  { domain: 'printing', text: 'Replace toner and reset queues on the office printers' },
  { domain: 'billing', text: 'Review the monthly invoice and update the payment method' },
  { domain: 'teams', text: 'Set up a Teams live event for the quarterly town hall' },
  { domain: 'intune', text: 'Enrol the new batch of laptops in Intune' },
];

const URGENT = /\b(urgent|outage|emergency|incident|down|sev\s*[0-2]|p[0-2])\b/i;

const sysId = (key: string) => createHash('md5').update(key).digest('hex');
const bucket = (number: string) => createHash('sha256').update(number).digest().readUInt32BE(0) % 100;
/** ServiceNow's internal date-time: UTC, "yyyy-MM-dd HH:mm:ss". */
const snTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;

interface Use {
  principalId: string;
  roleDefinitionId: string;
  start: number;
  end: number;
  denied: boolean;
  text: string;
}

function variantOf(number: string, uses: Use[], change: boolean): SeedVariant {
  const b = bucket(number);
  if (uses.some((u) => u.denied)) return (['closed', 'someone-else', change ? 'elsewhere' : 'closed'] as const)[b % 3]!;
  if (b < 6) return 'closed';
  if (b < 11) return 'someone-else';
  if (b < 15) return 'unrelated';
  if (b < 19 && change) return 'elsewhere';
  if (b < 40) return 'team';
  return 'open';
}

export function seedTickets(tenant: SeedTenant, now: Date): TicketSeeds {
  const users = new Map(tenant.users.map((u) => [u.id, u]));
  const roles = new Map(tenant.roleDefinitions.map((r) => [r.id, r]));
  const byDepartment = new Map<string, string[]>();
  for (const u of tenant.users) if (u.department) byDepartment.set(u.department, [...(byDepartment.get(u.department) ?? []), u.id]);
  const nowMs = now.getTime();

  // Every cited number, with the activations it was cited for, oldest first.
  const uses = new Map<string, { system: 'ServiceNow' | 'Jira'; uses: Use[] }>();
  const requests = [...tenant.requests].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
  for (const r of requests) {
    const ref = findTicket(r.ticketInfo?.ticketNumber ?? undefined) ?? findTicket(r.justification ?? undefined);
    if (!ref || (ref.system !== 'ServiceNow' && ref.system !== 'Jira')) continue;
    const start = Date.parse(r.scheduleInfo?.startDateTime ?? r.createdDateTime);
    if (!Number.isFinite(start)) continue;
    const end = Date.parse(r.scheduleInfo?.expiration?.endDateTime ?? '') || start + (durationMinutes(r.scheduleInfo?.expiration?.duration) ?? 60) * 60_000;
    const text = (r.justification ?? '').replace(ref.number, '').replace(/\s+/g, ' ').replace(/[\s,;:–-]+$/, '').trim();
    const entry = uses.get(ref.number) ?? { system: ref.system, uses: [] };
    entry.uses.push({ principalId: r.principalId, roleDefinitionId: r.roleDefinitionId, start, end, denied: r.status === 'Denied', text });
    uses.set(ref.number, entry);
  }
  const numbers = [...uses.keys()].slice(-MOST_TICKETS);

  const sysUser = (id: string) => sysId(`user:${id}`);
  const group = (department: string) => sysId(`group:${department}`);
  const ci = (domain: Domain) => sysId(`ci:${domain}`);
  const serviceNow: TicketSeeds['serviceNow'] = {
    sys_user: tenant.users.map((u) => ({
      sys_id: sysUser(u.id),
      user_name: u.userPrincipalName ?? '',
      name: u.displayName ?? '',
      email: u.mail ?? u.userPrincipalName ?? '',
      department: u.department ?? '',
      title: u.jobTitle ?? '',
      active: 'true',
      manager: u.manager?.id ? sysUser(u.manager.id) : '',
    })),
    sys_user_group: [...byDepartment.keys()].map((d) => ({ sys_id: group(d), name: `${d} Team`, description: `Everyone in ${d}`, active: 'true' })),
    sys_user_grmember: [...byDepartment.entries()].flatMap(([d, ids]) => ids.map((id) => ({ sys_id: sysId(`member:${d}:${id}`), group: group(d), user: sysUser(id) }))),
    cmdb_ci: [],
    incident: [],
    change_request: [],
    sc_req_item: [],
  };
  const cis = new Set<Domain>();
  const jira: JiraIssueSeed[] = [];
  const tickets: TicketSeeds['tickets'] = [];
  const jiraUser = (id: string | undefined): JiraUserSeed | undefined => {
    const u = id ? users.get(id) : undefined;
    return u ? { accountId: sysId(`jira:${u.id}`).slice(0, 24), displayName: u.displayName ?? '', emailAddress: u.mail ?? u.userPrincipalName ?? undefined } : undefined;
  };

  for (const number of numbers) {
    const { system, uses: cited } = uses.get(number)!;
    const first = cited[0]!;
    const requester = users.get(first.principalId);
    if (!requester) continue;
    const department = requester.department ?? undefined;
    const role = roleInfo(roles.get(first.roleDefinitionId)?.templateId ?? first.roleDefinitionId) ?? roleInfo(roles.get(first.roleDefinitionId)?.displayName ?? '');
    const roleName = role?.displayName ?? roles.get(first.roleDefinitionId)?.displayName ?? 'the role';
    const prefix = /^[A-Z]+/.exec(number)?.[0] ?? '';
    const change = system === 'ServiceNow' ? prefix === 'CHG' : bucket(`${number}:type`) % 2 === 0;
    let variant = variantOf(number, cited, change);
    const other = OTHER_WORK.find((w) => role && !coversAllDomains(role) && !role.domains.includes(w.domain));
    if (variant === 'unrelated' && !other) variant = 'open';
    const colleagues = (department ? (byDepartment.get(department) ?? []) : []).filter((id) => id !== requester.id);
    const strangers = tenant.users.filter((u) => u.department && u.department !== department).map((u) => u.id);
    const pick = (ids: string[], salt: string) => ids[bucket(`${number}:${salt}`) % Math.max(1, ids.length)];
    const assignee = variant === 'someone-else' ? pick(strangers, 'assignee') : variant === 'team' ? (pick(colleagues, 'assignee') ?? requester.id) : requester.id;
    const assigneeDepartment = (assignee && users.get(assignee)?.department) || department;
    const caller = variant === 'someone-else' ? pick(strangers, 'caller') : (requester.manager?.id ?? requester.id);

    const subject = variant === 'unrelated' && other ? other.text : first.text || `${roleName} work`;
    const domain: Domain | undefined = variant === 'unrelated' && other ? other.domain : role && !coversAllDomains(role) ? role.domains[0] : undefined;
    const description = variant === 'unrelated' ? `${subject}.` : `${subject}. Needs ${roleName} for the change.`;
    const lastEnd = Math.max(...cited.map((u) => u.end));
    const ongoing = nowMs - lastEnd < ONGOING_DAYS * DAY && variant !== 'closed';
    let plannedStart = floorHour(Math.min(...cited.map((u) => u.start)) - HOUR);
    let plannedEnd = floorHour(lastEnd + 2 * HOUR);
    if (ongoing) plannedEnd = Math.max(plannedEnd, floorHour(nowMs + 7 * DAY));
    if (variant === 'elsewhere') {
      // Scheduled for after the activations, as if the work had jumped the queue.
      plannedStart = floorHour(lastEnd + 2 * DAY);
      plannedEnd = plannedStart + 4 * HOUR;
    }
    const emergency = change && URGENT.test(cited.map((u) => u.text).join(' '));
    tickets.push({ number, system, variant, requester: requester.userPrincipalName ?? requester.id });
    const created = snTime(plannedStart - DAY);
    if (domain) cis.add(domain);

    if (system === 'Jira') {
      jira.push({
        key: number,
        issueType: change ? 'Change' : 'Task',
        summary: subject,
        description,
        status: variant === 'closed' ? 'Done' : 'In Progress',
        statusCategory: variant === 'closed' ? 'done' : 'indeterminate',
        assignee: jiraUser(assignee),
        // In Jira the reporter stands for the one the work is for; on a team ticket that is the requester.
        reporter: jiraUser(variant === 'someone-else' ? caller : requester.id),
        components: domain ? [domainLabel(domain)] : [],
        labels: emergency ? ['emergency'] : [],
        changeStart: change ? new Date(plannedStart).toISOString() : undefined,
        changeEnd: change ? new Date(plannedEnd).toISOString() : undefined,
        changeType: change ? (emergency ? 'Emergency' : 'Normal') : undefined,
        created: new Date(plannedStart - DAY).toISOString(),
      });
      continue;
    }
    const common: ServiceNowRecord = {
      sys_id: sysId(`ticket:${number}`),
      number,
      short_description: subject,
      description,
      priority: emergency ? '2' : '3',
      assignment_group: assigneeDepartment ? group(assigneeDepartment) : '',
      assigned_to: assignee ? sysUser(assignee) : '',
      opened_by: sysUser(caller ?? requester.id),
      opened_at: created,
      cmdb_ci: domain ? ci(domain) : '',
      sys_created_on: created,
      sys_updated_on: created,
      active: variant === 'closed' ? 'false' : 'true',
    };
    if (prefix === 'CHG') {
      const inWindow = plannedStart <= nowMs && nowMs <= plannedEnd;
      const state = variant === 'closed' ? '3' : variant === 'elsewhere' && plannedStart > nowMs ? '-2' : inWindow ? '-1' : '0';
      serviceNow.change_request!.push({ ...common, sys_class_name: 'change_request', state, type: emergency ? 'emergency' : 'normal', requested_by: sysUser(caller ?? requester.id), start_date: snTime(plannedStart), end_date: snTime(plannedEnd), closed_at: variant === 'closed' ? snTime(plannedEnd) : '' });
    } else if (prefix === 'INC') {
      // A resolved incident stays active until it is closed: both count as done.
      const resolved = variant === 'closed' && bucket(`${number}:state`) % 2 === 0;
      const state = variant === 'closed' ? (resolved ? '6' : '7') : '2';
      serviceNow.incident!.push({ ...common, sys_class_name: 'incident', active: resolved ? 'true' : common.active, state, caller_id: sysUser(caller ?? requester.id), resolved_at: variant === 'closed' ? snTime(lastEnd + HOUR) : '' });
    } else {
      serviceNow.sc_req_item!.push({ ...common, sys_class_name: 'sc_req_item', state: variant === 'closed' ? '3' : '2', requested_for: sysUser(variant === 'someone-else' ? (caller ?? requester.id) : requester.id) });
    }
  }
  serviceNow.cmdb_ci = [...cis].map((d) => ({ sys_id: ci(d), name: domainLabel(d), sys_class_name: 'cmdb_ci_service' }));
  return { serviceNow, jira, tickets };
}
