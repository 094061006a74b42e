/** The scan's answer for people and for machines: counts by kind and severity, and a readable list. */
import type { AlertKind, OversightResult, Severity } from './types.js';

export interface ScanSummary {
  since: string;
  now: string;
  windows: number;
  eventsScanned: number;
  alerts: number;
  byKind: Partial<Record<AlertKind, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  usersAlerted: number;
  /** Break-glass sign-ins with nothing done after them, for someone to confirm. */
  breakGlassSignInsWithoutActivity: number;
  watermark: string;
  elapsedMs: number;
}

export function summarise(result: OversightResult, since: string, elapsedMs: number): ScanSummary {
  const byKind: Partial<Record<AlertKind, number>> = {};
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const a of result.alerts) {
    byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
    bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
  }
  return {
    since,
    now: result.watermark,
    windows: result.windows,
    eventsScanned: result.eventsScanned,
    alerts: result.alerts.length,
    byKind,
    bySeverity,
    usersAlerted: new Set(result.alerts.map((a) => a.userId)).size,
    breakGlassSignInsWithoutActivity: result.breakGlassSignIns.length,
    watermark: result.watermark,
    elapsedMs,
  };
}

export function renderText(result: OversightResult, summary: ScanSummary): string {
  const out: string[] = [];
  out.push(
    `Oversight scan ${summary.since} → ${summary.now}: ${summary.eventsScanned} events, ${summary.windows} activation windows, ` +
      `${summary.alerts} alert${summary.alerts === 1 ? '' : 's'} on ${summary.usersAlerted} user${summary.usersAlerted === 1 ? '' : 's'}.`,
  );
  for (const a of result.alerts) {
    out.push('');
    out.push(`[${a.severity.toUpperCase()}] ${a.kind} — ${a.userPrincipalName}${a.roleName ? ` (${a.roleName})` : ''}`);
    out.push(`  ${a.summary}`);
    if (a.activation) out.push(`  activation ${a.activation.requestId}: ${a.activation.start} → ${a.activation.end}${a.activation.ticket ? `, ticket ${a.activation.ticket}` : ''}`);
    if (a.narrative) for (const l of a.narrative.split('\n')) out.push(`  ${l}`);
    const shown = a.events.slice(0, 5);
    for (const e of shown) out.push(`    ${e.activityDateTime}  ${e.activityDisplayName}${e.target ? `  → ${e.target}` : ''}`);
    if (a.events.length > shown.length) out.push(`    … and ${a.events.length - shown.length} more events`);
  }
  if (result.breakGlassSignIns.length > 0) {
    out.push('');
    out.push(`Break-glass sign-ins with no action after them (confirm they were planned checks):`);
    for (const e of result.breakGlassSignIns) out.push(`  ${e.activityDateTime}  ${e.activityDisplayName}  ${e.target}`);
  }
  return `${out.join('\n')}\n`;
}
