/**
 * Ticket numbers as people paste them: ServiceNow (INC0051177, chg 0048213, RITM-0012345), Jira
 * (OPS-1234), or a number after a word that says it is one ("ticket #48213").
 */
import { lowerView } from './text.js';
import type { Span } from './types.js';

export interface TicketRead extends Span {
  ticket: string;
}

const SERVICENOW = /(?<![\p{L}\p{N}])(inc|chg|ritm|req|prb|prbtask|sctask|ctask|ptask|task|sir|cs|stry|enhc|rfc)(?:\s*#\s*|[\s-]?)(\d{4,10})(?![\p{L}\p{N}])/giu;
const JIRA = /(?<![\p{L}\p{N}-])([A-Z][A-Z0-9_]{1,9})-(\d{1,7})(?![\p{L}\p{N}-])/gu;
// Hyphenated names that are not tickets.
const NOT_JIRA = new Set(['COVID', 'SHA', 'AES', 'UTF', 'RSA', 'ISO', 'TLS', 'SSL', 'HTTP', 'AZ', 'MS', 'SC', 'MD', 'PL', 'DP', 'AI', 'PT', 'GPT', 'WIN', 'KB', 'CVE']);
const CUE = String.raw`(?:ticket|tkt|case|incident|change|ref|reference|jira|issue|story|bug|cr|rfc|sn|snow|servicenow)`;
const CUED_KEY = new RegExp(String.raw`\b${CUE}\s*(?:#|no\.?|number|num|:)?\s*([a-z][a-z0-9_]{1,9}-\d{1,7}|#?\d{3,10})\b`, 'giu');
const HASH_NUMBER = /(?<![\p{L}\p{N}&])#(\d{4,10})\b/gu;
// Words before a ticket that belong to it ("per ticket #"), not to the reason around it.
const LEAD_CUE = String.raw`(?:ticket|tkt|ref|reference|jira|cr|rfc|sn|snow|servicenow)`;
const LEAD_IN = new RegExp(String.raw`(?:\b(?:per|under|see|re|via)\s+)?(?:(?:the\s+)?(?:servicenow|snow|jira)\s+)?(?:${LEAD_CUE}\s*(?:#|no\.?|number|num|:)?\s*)?$`, 'iu');

/** The first ticket number in a text, upper-case, with the span it came from. */
export function readTicket(text: string): TicketRead | null {
  const lower = lowerView(text);
  const found: TicketRead[] = [];
  for (const m of lower.matchAll(SERVICENOW)) {
    const [, prefix = '', digits = ''] = m;
    const spaced = /\s/.test(m[0]);
    if (spaced && digits.length < 6) continue;
    const hyphenated = m[0].includes('-');
    const ticket = hyphenated && digits.length < 6 ? `${prefix}-${digits}` : prefix + digits;
    found.push({ ticket: ticket.toUpperCase(), start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(JIRA)) {
    if (NOT_JIRA.has(m[1]!)) continue;
    found.push({ ticket: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (const m of lower.matchAll(CUED_KEY)) {
    const key = m[1]!.replace(/^#/, '');
    const at = m.index + m[0].length - m[1]!.length;
    found.push({ ticket: key.toUpperCase(), start: at, end: m.index + m[0].length });
  }
  for (const m of lower.matchAll(HASH_NUMBER)) found.push({ ticket: m[1]!, start: m.index, end: m.index + m[0].length });
  if (found.length === 0) return null;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const first = found[0]!;
  const lead = LEAD_IN.exec(lower.slice(0, first.start));
  return { ...first, start: first.start - (lead?.[0].length ?? 0) };
}
