/**
 * Clock time in a user's own zone. Exchange reports mailbox zones by their Windows names
 * ("W. Europe Standard Time"); the CLDR mapping turns them into IANA zones that Intl understands.
 */
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

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

let countryZones: Map<string, string | undefined> | undefined;

/** Country (ISO 3166 alpha-2) → its one IANA zone; undefined for countries that span several. */
function zoneOfCountry(code: string): string | undefined {
  if (!countryZones) {
    const all = new Map<string, Set<string>>();
    for (const { territory, iana } of WINDOWS_TO_IANA_MAP) {
      if (!/^[A-Z]{2}$/.test(territory) || territory === 'ZZ' || !iana[0]) continue;
      const set = all.get(territory) ?? new Set<string>();
      set.add(iana[0]);
      all.set(territory, set);
    }
    countryZones = new Map([...all].map(([c, zones]) => [c, zones.size === 1 ? [...zones][0] : undefined]));
  }
  return countryZones.get(code.toUpperCase());
}

let cityZones: Array<[RegExp, string]> | undefined;

/** A zone named after a city the text mentions ("Tokyo office", "New York, 5th Ave"). */
function zoneOfPlace(text: string): string | undefined {
  if (!cityZones) {
    const zones = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    cityZones = zones
      .filter((z) => z.includes('/') && !z.startsWith('Etc/'))
      .map((z) => [z, (z.split('/').pop() as string).replace(/_/g, ' ')] as const)
      .filter(([, city]) => city.length >= 4)
      .sort((a, b) => b[1].length - a[1].length)
      .map(([z, city]) => [new RegExp(`\\b${city.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'), z]);
  }
  return cityZones.find(([re]) => re.test(text))?.[1];
}

/**
 * A zone from where someone works, for people without mailbox settings: the city of their office
 * when it names one, else their usage location when that country has a single zone.
 */
export function zoneFromLocation(officeLocation: string | null | undefined, usageLocation: string | null | undefined): string | undefined {
  const office = officeLocation?.trim();
  const byOffice = office ? zoneOfPlace(office) : undefined;
  if (byOffice) return byOffice;
  const country = usageLocation?.trim();
  return country && /^[A-Za-z]{2}$/.test(country) ? zoneOfCountry(country) : undefined;
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

const DAY_MS = 86_400_000;
const WEEK_MINUTES = 7 * 1440;
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset (minutes) throughout a UTC day, or NaN on a day its clocks change. */
function dayOffset(day: number, ianaZone: string): number {
  let cache = offsets.get(ianaZone);
  if (!cache) offsets.set(ianaZone, (cache = new Map()));
  let offset = cache.get(day);
  if (offset === undefined) {
    const at = (ms: number) => {
      const c = clockAt(ms, ianaZone);
      const utc = new Date(ms);
      const diff = c.weekday * 1440 + c.minutes - (utc.getUTCDay() * 1440 + utc.getUTCHours() * 60 + utc.getUTCMinutes());
      return ((diff % WEEK_MINUTES) + WEEK_MINUTES + WEEK_MINUTES / 2) % WEEK_MINUTES - WEEK_MINUTES / 2;
    };
    const first = at(day * DAY_MS);
    offset = first === at((day + 1) * DAY_MS - 60_000) ? first : NaN;
    if (cache.size >= QUARTER_CACHE_LIMIT) cache.clear();
    cache.set(day, offset);
  }
  return offset;
}

function clockText(hour: number, minute: number, weekday: number): LocalClock {
  return { hour, weekday, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

/**
 * Hour and weekday of an instant in an IANA zone (from resolveTimeZone). Intl formatting is slow,
 * so it is asked once per zone and UTC day for the day's offset; only on a day the clocks change
 * is the local clock read per quarter hour, with the minutes inside it added.
 */
export function localClock(epochMs: number, ianaZone: string): LocalClock {
  const offset = dayOffset(Math.floor(epochMs / DAY_MS), ianaZone);
  if (!Number.isNaN(offset)) {
    const local = Math.floor(epochMs / 60_000) + offset;
    const minutes = ((local % 1440) + 1440) % 1440;
    // 1 January 1970 was a Thursday.
    const weekday = (((Math.floor(local / 1440) + 4) % 7) + 7) % 7;
    return clockText(Math.floor(minutes / 60), minutes % 60, weekday);
  }
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
  return clockText(Math.floor(minutes / 60), minutes % 60, weekday);
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
