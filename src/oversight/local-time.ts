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

/** Every zone's offset is a multiple of 15 minutes and changes on a quarter hour (UTC). */
const QUARTER_MS = 15 * 60_000;
const quarters = new Map<string, Map<number, { minutes: number; weekday: number }>>();
const QUARTER_CACHE_LIMIT = 50_000;

function clockAt(epochMs: number, ianaZone: string): { minutes: number; weekday: number } {
  let f = formatters.get(ianaZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: ianaZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formatters.set(ianaZone, f);
  }
  let hour = 0;
  let minute = 0;
  let weekday = 0;
  for (const p of f.formatToParts(epochMs)) {
    if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? 0;
  }
  return { minutes: hour * 60 + minute, weekday };
}

/**
 * Hour and weekday of an instant in an IANA zone (from resolveTimeZone). Intl formatting is slow,
 * so the local clock is read once per zone and quarter hour and the minutes inside it added.
 */
export function localClock(epochMs: number, ianaZone: string): LocalClock {
  const quarter = Math.floor(epochMs / QUARTER_MS);
  let cache = quarters.get(ianaZone);
  if (!cache) quarters.set(ianaZone, (cache = new Map()));
  let start = cache.get(quarter);
  if (!start) {
    if (cache.size >= QUARTER_CACHE_LIMIT) cache.clear();
    start = clockAt(quarter * QUARTER_MS, ianaZone);
    cache.set(quarter, start);
  }
  let minutes = start.minutes + Math.floor((epochMs - quarter * QUARTER_MS) / 60_000);
  let weekday = start.weekday;
  if (minutes >= 1440) {
    minutes -= 1440;
    weekday = (weekday + 1) % 7;
  }
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  return { hour, weekday, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
