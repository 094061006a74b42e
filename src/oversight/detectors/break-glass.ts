/**
 * Emergency (break-glass) accounts hold standing Global Administrator and sit outside Conditional
 * Access, so any change made with one is critical at once, told as the story of the session.
 *
 * A sign-in with nothing done after it alerts when `alertOnBreakGlassSignIn` is set (the service
 * sets it: every use, at once) or when it is risky or failed; otherwise it is listed for people to
 * confirm, as a retrospective scan does, since tenants check these credentials on a schedule.
 */
import { makeAlert, utc } from '../alert.js';
import { targetText, toAlertEvent, type LogEvent } from '../events.js';
import type { People } from '../people.js';
import type { Alert, AlertEvent } from '../types.js';

function isRisky(e: LogEvent): boolean {
  return /^(medium|high)$/i.test(e.signIn?.risk ?? '');
}

/** Someone trying the emergency credentials without success is as urgent as using them. */
function isFailed(e: LogEvent): boolean {
  return e.source === 'sign-in' && e.result === 'failure';
}

function line(e: LogEvent): string {
  if (e.source === 'sign-in') {
    const failed = e.result === 'failure' ? ` (failed, error ${e.signIn?.errorCode})` : '';
    return `${utc(e.at)}: signed in to ${targetText(e)}${failed}${isRisky(e) ? `, sign-in risk ${e.signIn?.risk}` : ''}`;
  }
  const target = targetText(e);
  return `${utc(e.at)}: ${e.activity}${target ? ` → ${target}` : ''}${e.result && e.result !== 'success' ? ` (${e.result})` : ''}`;
}

export interface BreakGlassVerdict {
  alert?: Alert;
  /** Sign-ins after the watermark that were listed rather than alerted. */
  signInsOnly: AlertEvent[];
}

/**
 * One session of an emergency account (its events, oldest first, split from the next by a quiet
 * gap). A session that began just before the watermark is told from its start; one with nothing
 * after the watermark was reported before.
 */
export function judgeBreakGlassSession(
  people: People,
  since: number,
  alertOnSignIn: boolean,
  userId: string,
  s: readonly LogEvent[],
): BreakGlassVerdict {
  if (s.length === 0 || !s.some((e) => e.at > since)) return { signInsOnly: [] };
  const changes = s.filter((e) => e.source === 'audit');
  const telling = s.filter((e) => isRisky(e) || isFailed(e));
  if (changes.length === 0 && telling.length === 0 && !alertOnSignIn) {
    return { signInsOnly: s.filter((e) => e.at > since).map(toAlertEvent) };
  }
  const name = people.name(userId);
  const signIns = s.length - changes.length;
  const failed = s.filter(isFailed).length;
  const did = changes.length > 0
    ? `made ${changes.length} directory change${changes.length === 1 ? '' : 's'} (${[...new Set(changes.map((e) => e.activity))].join(', ')})`
    : failed === signIns ? 'failed to sign in' : 'signed in';
  const summary =
    `Emergency access account ${name} was used: ${signIns > 0 && changes.length > 0 ? `${signIns} sign-in${signIns === 1 ? '' : 's'}, then ` : ''}${did}, ` +
    `${utc((s[0] as LogEvent).at)} to ${utc((s[s.length - 1] as LogEvent).at)}. Confirm an emergency was declared.`;
  const narrative = [`What ${name} (${people.upn(userId)}) did:`, ...s.map((e) => `- ${line(e)}`)].join('\n');
  // The last event is part of the id: a session that goes on after an alert is told again, in full.
  const idSalt = (s[s.length - 1] as LogEvent).id;
  return { alert: makeAlert({ kind: 'break-glass', severity: 'critical', userId, summary, narrative, events: s, idSalt }, people), signInsOnly: [] };
}
