/**
 * Export formats for a SIEM. JSON Lines: one canonical JSON entry per line, hash and link included,
 * so the file can be verified on its own. CEF (ArcSight Common Event Format, version 0): one event
 * per line with the header fields escaped for `|` and `\`, and extension values for `\`, `=` and
 * line breaks.
 */
import { canonicalJson } from './chain.js';
import type { EntryKind, TrailEntry } from './kinds.js';

export type ExportFormat = 'jsonl' | 'cef';

export function toJsonl(entry: TrailEntry): string {
  return canonicalJson(entry);
}

export const CEF_VENDOR = 'PIM Copilot';
export const CEF_PRODUCT = 'pim-copilot';

const NAMES: Record<EntryKind, string> = {
  'pim.event': 'PIM request event',
  'triage.analysis': 'AI risk analysis',
  recommendation: 'AI recommendation',
  'card.sent': 'Approval card sent',
  'card.action': 'Card action received',
  'decision.human': 'Human decision',
  'decision.auto': 'Automatic decision',
  refusal: 'Action refused',
  alert: 'Oversight alert',
  'session.activity': 'Privileged session activity',
  'action.failed': 'Recorded action failed',
};

/** CEF severity 0–10. */
function severityOf(e: TrailEntry): number {
  switch (e.kind) {
    case 'alert': {
      const s = e.output.severity;
      return s === 'critical' ? 10 : s === 'high' ? 8 : s === 'medium' ? 5 : 3;
    }
    case 'refusal':
      return e.output.reason === 'forged-action' ? 8 : 6;
    case 'action.failed':
      return 5;
    case 'decision.auto':
      return 4;
    case 'triage.analysis': {
      const score = typeof e.output.riskScore === 'number' ? e.output.riskScore : 0;
      return Math.max(1, Math.min(10, Math.round(score)));
    }
    default:
      return 2;
  }
}

export function escapeCefHeader(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

export function escapeCefValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A short human summary of the output, for the CEF `msg` field. */
function summary(e: TrailEntry): string {
  const o = e.output;
  const text = (k: string) => (typeof o[k] === 'string' || typeof o[k] === 'number' ? String(o[k]) : undefined);
  const parts = [text('event'), text('decision'), text('verb'), text('reason'), text('recommendedAction'), text('summary'), text('activity'), text('detail'), text('note'), text('error')];
  return parts.filter(Boolean).join('; ');
}

export function toCef(e: TrailEntry, productVersion: string): string {
  const custom = (n: number, label: string, value: string | null): [string, string | null][] =>
    value ? [[`cs${n}Label`, label], [`cs${n}`, value]] : [];
  const ext: [string, string | number | null][] = [
    ['rt', Date.parse(e.at)],
    ['externalId', e.seq],
    ['act', e.kind],
    [e.actor.type === 'user' ? 'suid' : 'sproc', e.actor.id],
    ['suser', e.actor.name ?? null],
    ...custom(1, 'requestId', e.requestId),
    ...custom(2, 'traceId', e.traceId),
    ...custom(3, 'modelVersion', e.modelVersion),
    ...custom(4, 'inputDigest', e.inputDigest),
    ...custom(5, 'entryHash', e.hash),
    ...custom(6, 'prevHash', e.prevHash),
    ['msg', summary(e) || null],
  ];
  const header = ['CEF:0', CEF_VENDOR, CEF_PRODUCT, productVersion, e.kind, NAMES[e.kind] ?? e.kind, String(severityOf(e))]
    .map((v, i) => (i === 0 ? v : escapeCefHeader(v)))
    .join('|');
  const extension = ext
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}=${escapeCefValue(String(v))}`)
    .join(' ');
  return `${header}|${extension}`;
}
