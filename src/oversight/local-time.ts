/**
 * Clock time in a user's own zone. Exchange reports mailbox zones by their Windows names
 * ("W. Europe Standard Time"); the CLDR mapping turns them into IANA zones that Intl understands.
 */
import { findIana } from 'windows-iana';

export interface LocalClock {
  /** 0–23 */
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** e.g. "03:18" */
  time: string;
}

const valid = new Map<string, boolean>();

function isIana(zone: string): boolean {
  let ok = valid.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    valid.set(zone, ok);
  }
  return ok;
}

/** An IANA zone for a Windows or IANA name, or undefined when neither is recognised. */
export function resolveTimeZone(name: string | null | undefined): string | undefined {
  const zone = name?.trim();
  if (!zone) return undefined;
  for (const candidate of findIana(zone)) if (isIana(candidate)) return candidate;
  return isIana(zone) ? zone : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Hour and weekday of an instant in an IANA zone (from resolveTimeZone). */
export function localClock(epochMs: number, ianaZone: string): LocalClock {
  let f = formatters.get(ianaZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: ianaZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formatters.set(ianaZone, f);
  }
  let hour = 0;
  let minute = '00';
  let weekday = 0;
  for (const p of f.formatToParts(epochMs)) {
    if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = p.value;
    else if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? 0;
  }
  return { hour, weekday, time: `${String(hour).padStart(2, '0')}:${minute}` };
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
