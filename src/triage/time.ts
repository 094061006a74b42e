/**
 * Time helpers for triage: a person's local hour and weekday (Exchange gives Windows zone names,
 * Intl wants IANA ones), and ISO 8601 durations as minutes.
 */
import windowsIana from 'windows-iana';

const zoneCache = new Map<string, string>();

function isIana(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The IANA zone for a Windows or IANA zone name; UTC when unknown or missing. */
export function ianaZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  const cached = zoneCache.get(zone);
  if (cached) return cached;
  const resolved = isIana(zone) ? zone : (windowsIana.findIana(zone)?.find(isIana) ?? 'UTC');
  zoneCache.set(zone, resolved);
  return resolved;
}

export interface LocalTime {
  /** 0–23 in the person's zone. */
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  zone: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(at: Date | string, zone: string | null | undefined): LocalTime {
  const iana = ianaZone(zone);
  let fmt = formatters.get(iana);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: iana, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    formatters.set(iana, fmt);
  }
  const parts = fmt.formatToParts(typeof at === 'string' ? new Date(at) : at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return { hour: Number(get('hour')) % 24, minute: Number(get('minute')), weekday: Math.max(0, WEEKDAYS.indexOf(get('weekday'))), zone: iana };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at that instant (60 for London in summer). */
export function zoneOffsetMinutes(at: Date, zone: string | null | undefined): number {
  const iana = ianaZone(zone);
  let fmt = offsetFormatters.get(iana);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: iana, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    offsetFormatters.set(iana, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0);
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a wall-clock time in a zone, as Graph's dateTimeTimeZone gives it
 * ({ dateTime: '2026-03-02T08:00:00.0000000', timeZone: 'W. Europe Standard Time' }).
 */
export function zonedInstant(dateTime: string, zone: string | null | undefined): Date {
  const wall = new Date(`${dateTime.replace(/Z$/i, '').slice(0, 23)}Z`);
  if (Number.isNaN(wall.getTime())) return wall;
  // Twice, so a wall time just after a daylight-saving change settles on the right offset.
  let utc = wall.getTime() - zoneOffsetMinutes(wall, zone) * 60_000;
  utc = wall.getTime() - zoneOffsetMinutes(new Date(utc), zone) * 60_000;
  return new Date(utc);
}

export function weekdayName(weekday: number): string {
  return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][weekday] ?? '?';
}

/** Minutes in an ISO 8601 duration such as PT2H30M or P1D; undefined when unreadable. */
export function durationMinutes(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso.trim());
  if (!m || iso.trim().toUpperCase() === 'P' || iso.trim().toUpperCase() === 'PT') return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0)) as [number, number, number, number, number];
  return w * 7 * 1440 + d * 1440 + h * 60 + min + s / 60;
}

/** An ISO 8601 duration for whole minutes (PT1H30M). */
export function isoDuration(minutes: number): string {
  const total = Math.max(1, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
}

/** Readable duration: "2 h", "90 min", "1 h 30 min". */
export function humanDuration(minutes: number): string {
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function daysBetween(from: Date | string, to: Date | string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 86_400_000;
}
