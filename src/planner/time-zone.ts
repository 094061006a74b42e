/**
 * Wall-clock time in a user's own time zone. Exchange gives Windows zone names
 * ("GMT Standard Time"); the arithmetic needs IANA names ("Europe/London").
 */
import { findIana } from 'windows-iana';

function isIana(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The IANA name for a Windows or IANA zone name, or undefined when it is neither. */
export function toIanaZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  const trimmed = zone.trim();
  const windows = findIana(trimmed)[0];
  if (windows && isIana(windows)) return windows;
  return isIana(trimmed) ? trimmed : undefined;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(zone, f);
  }
  return f;
}

export function wallClock(instant: Date, zone: string): WallClock {
  const parts = Object.fromEntries(formatter(zone).formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

function offsetMs(instant: Date, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The instant a wall clock in a zone shows a given time (day overflow allowed: day 32 is next month). */
export function instantAt(wall: WallClock, zone: string): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const first = guess - offsetMs(new Date(guess), zone);
  const second = guess - offsetMs(new Date(first), zone);
  return new Date(second);
}
