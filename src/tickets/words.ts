/** How ticket facts read in a sentence: the ticket's name, its window, the people on it. */
import type { TicketFacts, TicketPerson } from './facts.js';

const KIND_WORDS: Record<string, string> = { incident: 'incident', change: 'change', request: 'request', problem: 'problem', task: 'task', issue: 'issue' };

/** "ServiceNow change CHG0030001", "Jira issue OPS-123". */
export function ticketName(facts: Pick<TicketFacts, 'system' | 'number' | 'kind'>): string {
  return `${facts.system} ${facts.kind ? (KIND_WORDS[facts.kind] ?? 'ticket') : 'ticket'} ${facts.number}`;
}

/** "18 Nov 2026 09:00 UTC". */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "18 Nov 2026 09:00 UTC to 18 Nov 2026 13:00 UTC", or what there is of it. */
export function windowWords(start?: string, end?: string): string | undefined {
  if (start && end) {
    const same = start.slice(0, 10) === end.slice(0, 10);
    return same ? `${when(start).replace(' UTC', '')}–${new Date(end).toISOString().slice(11, 16)} UTC` : `${when(start)} to ${when(end)}`;
  }
  if (start) return `from ${when(start)}`;
  if (end) return `until ${when(end)}`;
  return undefined;
}

/** "2 hours", "1 hour 30 minutes", "45 minutes". */
export function minutesWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  const parts = [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m ? `${m} minute${m === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.join(' ') || '0 minutes';
}

export function personWords(p: TicketPerson): string {
  return p.name ?? p.email ?? p.userName ?? 'someone';
}

/** "assigned to Ann Lee, caller Bo Chan, group Messaging". */
export function peopleWords(facts: Pick<TicketFacts, 'people' | 'assignmentGroup'>): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const p of facts.people ?? []) {
    const who = personWords(p);
    if (seen.has(`${p.role}:${who}`)) continue;
    seen.add(`${p.role}:${who}`);
    parts.push(p.role === 'assignee' ? `assigned to ${who}` : `${p.role} ${who}`);
  }
  if (facts.assignmentGroup) parts.push(`group ${facts.assignmentGroup}`);
  return parts.join(', ');
}
