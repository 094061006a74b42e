/**
 * The security channel's alert card: severity, what was seen, the records behind it, the activation
 * it ran under, and an "End activation" button. The button carries only the alert id: who and
 * which role are looked up from the stored alert when it is pressed, never read from the card.
 */
import { expandTemplate, plain, type CardJson } from '../cards/templates.js';
import { lastEventAt, SEVERITY_RANK, utc } from './alert.js';
import type { Alert, AlertKind, Severity } from './types.js';

/** Teams cards must stay small; the rest of the records are in the audit log. */
export const ALERT_CARD_EVENTS = 10;

const KIND: Record<AlertKind, string> = {
  'destructive-burst': 'destructive burst',
  'unusual-activity': 'unusual activity',
  'off-hours': 'off-hours activity',
  'justification-mismatch': 'work unlike its justification',
  'outside-activation': 'admin work outside an activation',
  'break-glass': 'break-glass account used',
};

const LOOK: Record<Severity, { color: string; style: string }> = {
  critical: { color: 'Attention', style: 'attention' },
  high: { color: 'Attention', style: 'warning' },
  medium: { color: 'Warning', style: 'emphasis' },
  low: { color: 'Default', style: 'default' },
};

export interface AlertCardOptions {
  /** Shown instead of the button once the alert was acted on ("Ended … activation"). */
  outcome?: string;
}

function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? utc(ms) : iso;
}

export function alertCard(alert: Alert, options: AlertCardOptions = {}): CardJson {
  const shown = alert.events.slice(0, ALERT_CARD_EVENTS);
  const a = alert.activation;
  return expandTemplate('oversight-alert', {
    alertId: alert.id,
    kind: KIND[alert.kind],
    severity: alert.severity.toUpperCase(),
    ...LOOK[alert.severity],
    summary: plain(alert.summary),
    user: plain(alert.userPrincipalName || alert.userId),
    role: plain(alert.roleName ?? 'no PIM role active'),
    hasActivation: Boolean(a),
    activation: a
      ? { start: when(a.start), end: when(a.end), justification: plain(a.justification) || 'none given', ticket: plain(a.ticket) }
      : { start: '', end: '', justification: '', ticket: '' },
    events: shown.map((e) => ({ at: when(e.activityDateTime), line: plain([e.activityDisplayName, e.target].filter(Boolean).join(': ')) })),
    moreEvents: alert.events.length - shown.length,
    narrative: plain(alert.narrative ?? ''),
    outcome: plain(options.outcome ?? ''),
    // Only an alert tied to a role can have an activation to end.
    canEnd: Boolean(alert.roleId) && !options.outcome,
  });
}

/** Alerts listed on a digest card; the rest are counted. */
export const DIGEST_CARD_ALERTS = 15;
/** Most severe first. */
const SEVERITIES = (Object.keys(SEVERITY_RANK) as Severity[]).sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a]);

/**
 * One card for alerts older than a day found in one go (the first pass looks a month back, or a
 * Teams outage held them): a security channel wants to know about them, not to get a card each.
 */
export function alertDigestCard(alerts: readonly Alert[]): CardJson {
  const sorted = [...alerts].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || lastEventAt(b) - lastEventAt(a));
  const shown = sorted.slice(0, DIGEST_CARD_ALERTS);
  const times = alerts.map(lastEventAt);
  const span = times.length ? `between ${utc(Math.min(...times))} and ${utc(Math.max(...times))}` : '';
  return expandTemplate('oversight-digest', {
    count: alerts.length,
    intro: plain(`Found in the audit log ${span}, more than a day before this pass. They are stored and in the audit trail; the activations behind them are most likely over.`),
    severities: SEVERITIES.map((s) => ({ name: s, count: alerts.filter((a) => a.severity === s).length })).filter((s) => s.count > 0),
    alerts: shown.map((a) => ({
      severity: a.severity.toUpperCase(),
      color: LOOK[a.severity].color,
      summary: plain(`${KIND[a.kind]}: ${a.summary}`),
      when: utc(lastEventAt(a)),
      alertId: a.id,
    })),
    more: alerts.length - shown.length,
  });
}
