/** Building alerts: stable ids, the activation they ran under, severity order, time wording. */
import { createHash } from 'node:crypto';
import { toAlertEvent, type LogEvent } from './events.js';
import type { People } from './people.js';
import type { ActivationWindow, Alert, AlertKind, Severity } from './types.js';

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** When the newest record behind an alert happened (epoch ms; 0 when none can be read). */
export function lastEventAt(alert: Alert): number {
  let max = 0;
  for (const e of alert.events) {
    const ms = Date.parse(e.activityDateTime);
    if (Number.isFinite(ms) && ms > max) max = ms;
  }
  return max;
}

export function maxSeverity(...levels: Severity[]): Severity {
  return levels.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), 'low');
}

export interface AlertDraft {
  kind: AlertKind;
  severity: Severity;
  userId: string;
  window?: ActivationWindow;
  summary: string;
  narrative?: string;
  events: readonly LogEvent[];
  /** Added to the id when the first event alone does not tell two alerts apart. */
  idSalt?: string;
}

export function makeAlert(draft: AlertDraft, people: People): Alert {
  const w = draft.window;
  const first = draft.events[0]?.id ?? '';
  const id = createHash('sha256').update([draft.kind, draft.userId, w?.requestId ?? '', first, ...(draft.idSalt ? [draft.idSalt] : [])].join('|')).digest('hex').slice(0, 16);
  const activation = w && {
    requestId: w.requestId,
    start: new Date(w.start).toISOString(),
    end: new Date(w.end).toISOString(),
    justification: w.justification,
    ticket: w.ticket,
  };
  const events = draft.events.map(toAlertEvent);
  const alert: Alert = {
    id: `${draft.kind}-${id}`,
    kind: draft.kind,
    severity: draft.severity,
    userId: draft.userId,
    userPrincipalName: people.upn(draft.userId),
    ...(w && { roleId: w.roleId, roleName: w.roleName, activation }),
    requestId: w?.requestId ?? null,
    summary: draft.summary,
    ...(draft.narrative && { narrative: draft.narrative }),
    events,
    eventIds: events.map((e) => e.id),
  };
  return alert;
}

/** "2026-11-14 03:18 UTC" */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "9 minutes", "2 hours", "3 days" */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** "under Helpdesk Administrator (activated for 'Overnight cover: account lockouts', INC0077003)" */
export function underActivation(w: ActivationWindow | undefined): string {
  if (!w) return 'with no PIM role active';
  const why = w.justification ? ` for '${w.justification}'` : ' with no justification';
  return `under ${w.roleName} (activated${why}${w.ticket ? `, ${w.ticket}` : ''})`;
}

/** Counts of activities, most frequent first: "Delete user ×35, Add member to group ×1". */
export function activityCounts(events: readonly LogEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.activity, (counts.get(e.activity) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([a, n]) => (n > 1 ? `${a} ×${n}` : a)).join(', ');
}
