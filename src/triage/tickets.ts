/**
 * Recognises change and incident ticket references (ServiceNow, Jira, Azure DevOps, Remedy,
 * Zendesk and plain "#1234" styles), so triage can tell a real reference from a placeholder.
 */

export interface TicketRef {
  number: string;
  system: string;
  /** Incidents explain urgent, out-of-hours work; changes are planned. */
  kind: 'incident' | 'change' | 'request' | 'problem' | 'task' | 'issue' | 'unknown';
}

const PATTERNS: Array<{ re: RegExp; system: string; kind: (m: RegExpExecArray) => TicketRef['kind'] }> = [
  { re: /\b(INC|CHG|RITM|REQ|PRB|SCTASK|CTASK|TASK)\d{6,10}\b/i, system: 'ServiceNow', kind: (m) => snowKind(m[1] ?? '') },
  { re: /\b(CRQ|WO|PBI)\d{9,15}\b/i, system: 'Remedy', kind: (m) => (m[1]?.toUpperCase() === 'CRQ' ? 'change' : 'task') },
  { re: /\bAB#\d{1,9}\b/i, system: 'Azure DevOps', kind: () => 'issue' },
  { re: /\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b/, system: 'Jira', kind: () => 'issue' },
  // Other trackers: a short upper-case prefix and a long number (TKT0012345, CR_20260042).
  { re: /\b[A-Z]{2,8}[-_]?\d{5,12}\b/, system: 'ticketing system', kind: () => 'unknown' },
];

function snowKind(prefix: string): TicketRef['kind'] {
  switch (prefix.toUpperCase()) {
    case 'INC':
      return 'incident';
    case 'CHG':
      return 'change';
    case 'RITM':
    case 'REQ':
      return 'request';
    case 'PRB':
      return 'problem';
    default:
      return 'task';
  }
}

/** Placeholders people type to get past a required ticket field. */
const PLACEHOLDER = /^(n\/?a|none|null|nil|tbd|tbc|todo|test|x+|-+|\.+|0+|1234\d*|12345|123|abc|asap|urgent|no ticket|na|\?+)$/i;

/** The first well-formed ticket reference in a text. */
export function findTicket(text: string | undefined): TicketRef | undefined {
  if (!text) return undefined;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) return { number: m[0].toUpperCase(), system: p.system, kind: p.kind(m) };
  }
  return undefined;
}

export interface TicketCheck {
  present: boolean;
  wellFormed: boolean;
  ref?: TicketRef;
  /** What the requester typed in the ticket field, if anything. */
  raw?: string;
  problem?: string;
}

/**
 * Checks the ticket field (and, failing that, a reference inside the justification). A number that
 * matches no known format is kept but called malformed; placeholders count as no ticket.
 */
export function checkTicket(ticketNumber: string | undefined, ticketSystem: string | undefined, justification: string): TicketCheck {
  const raw = ticketNumber?.trim();
  if (raw && !PLACEHOLDER.test(raw)) {
    const ref = findTicket(raw);
    if (ref) {
      const declared = ticketSystem?.trim();
      const mismatch = declared && ref.system !== 'Jira' && ref.system !== 'ticketing system' && !declared.toLowerCase().replace(/\s/g, '').includes(ref.system.toLowerCase().replace(/\s/g, ''));
      if (ref.system === 'ticketing system' && declared) ref.system = declared;
      return { present: true, wellFormed: true, ref, raw, problem: mismatch ? `${ref.number} does not look like a ${declared} number` : undefined };
    }
    // Numeric ids are normal in Zendesk, Freshservice and similar systems when the system is named.
    if (/^#?\d{3,10}$/.test(raw) && ticketSystem?.trim()) return { present: true, wellFormed: true, raw, ref: { number: raw.replace(/^#/, ''), system: ticketSystem.trim(), kind: 'unknown' } };
    return { present: true, wellFormed: false, raw, problem: `"${raw}" matches no known ticket format` };
  }
  const inText = findTicket(justification);
  if (inText) return { present: true, wellFormed: true, ref: inText };
  return { present: false, wellFormed: false, raw, problem: raw ? `"${raw}" is a placeholder, not a ticket` : undefined };
}
