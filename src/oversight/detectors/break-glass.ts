/**
 * Emergency (break-glass) accounts hold standing Global Administrator and sit outside Conditional
 * Access, so any change made with one is critical at once, told as the story of the session.
 *
 * A sign-in with nothing done after it is listed for people to confirm rather than alerted:
 * tenants check these credentials on a schedule, and a scheduled check looks exactly like this.
 * A risky sign-in, or `alertOnBreakGlassSignIn`, alerts on the sign-in alone.
 */
import { makeAlert, utc } from '../alert.js';
import type { ScanContext } from '../context.js';
import { targetText, toAlertEvent, type LogEvent } from '../events.js';
import type { Alert, AlertEvent } from '../types.js';

function isRisky(e: LogEvent): boolean {
  return /^(medium|high)$/i.test(e.signIn?.risk ?? '');
}

function line(e: LogEvent): string {
  if (e.source === 'sign-in') {
    const failed = e.result === 'failure' ? ` (failed, error ${e.signIn?.errorCode})` : '';
    return `${utc(e.at)}: signed in to ${targetText(e)}${failed}${isRisky(e) ? `, sign-in risk ${e.signIn?.risk}` : ''}`;
  }
  const target = targetText(e);
  return `${utc(e.at)}: ${e.activity}${target ? ` → ${target}` : ''}${e.result && e.result !== 'success' ? ` (${e.result})` : ''}`;
}

/** Splits one account's events into sessions separated by quiet gaps. */
function sessions(events: readonly LogEvent[], gapMs: number): LogEvent[][] {
  const out: LogEvent[][] = [];
  for (const e of events) {
    const current = out[out.length - 1];
    const last = current?.[current.length - 1];
    if (current && last && e.at - last.at <= gapMs) current.push(e);
    else out.push([e]);
  }
  return out;
}

export function detectBreakGlass(ctx: ScanContext): { alerts: Alert[]; signInsOnly: AlertEvent[] } {
  // A session that began just before the watermark is told from its start.
  const gapMs = ctx.tuning.episodeGapMinutes * 60_000;
  const byAccount = new Map<string, LogEvent[]>();
  for (const e of ctx.events) {
    if (e.at <= ctx.since - gapMs || e.at > ctx.now) continue;
    if (!e.actorId || !ctx.people.isBreakGlass(e.actorId)) continue;
    const list = byAccount.get(e.actorId) ?? [];
    list.push(e);
    byAccount.set(e.actorId, list);
  }
  const alerts: Alert[] = [];
  const signInsOnly: AlertEvent[] = [];
  for (const [userId, events] of byAccount) {
    for (const s of sessions(events, gapMs)) {
      if (!s.some((e) => e.at > ctx.since)) continue;
      const changes = s.filter((e) => e.source === 'audit');
      const risky = s.filter(isRisky);
      if (changes.length === 0 && risky.length === 0 && !ctx.alertOnBreakGlassSignIn) {
        signInsOnly.push(...s.filter((e) => e.at > ctx.since).map(toAlertEvent));
        continue;
      }
      const name = ctx.people.name(userId);
      const signIns = s.length - changes.length;
      const did = changes.length > 0
        ? `made ${changes.length} directory change${changes.length === 1 ? '' : 's'} (${[...new Set(changes.map((e) => e.activity))].join(', ')})`
        : 'signed in';
      const summary =
        `Emergency access account ${name} was used: ${signIns > 0 ? `${signIns} sign-in${signIns === 1 ? '' : 's'}, then ` : ''}${did}, ` +
        `${utc((s[0] as LogEvent).at)} to ${utc((s[s.length - 1] as LogEvent).at)}. Confirm an emergency was declared.`;
      const narrative = [`What ${name} (${ctx.people.upn(userId)}) did:`, ...s.map((e) => `- ${line(e)}`)].join('\n');
      alerts.push(makeAlert({ kind: 'break-glass', severity: 'critical', userId, summary, narrative, events: s }, ctx.people));
    }
  }
  return { alerts, signInsOnly };
}
