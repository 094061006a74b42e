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
