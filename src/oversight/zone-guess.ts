/**
 * The time zone a tenant's admins work in, judged from when they act, for people whose own zone is
 * unknown (no mailbox, or MailboxSettings.Read not granted) when no colleague's is known either.
 * Read in UTC, an admin in Seattle "works at 01:00" every evening and "on Saturdays" every Friday
 * afternoon; the zone that puts the most actions inside weekday office hours is the likely one.
 * Counted per UTC day and quarter hour, so zones with daylight saving are judged on the right
 * offset, and zones a half or quarter hour off on the right side of an hour.
 */
import type { TimelineItem } from './events.js';
import { localClock } from './local-time.js';

const QUARTER_MS = 15 * 60_000;
const QUARTERS = 96;
const DAY_MS = QUARTERS * QUARTER_MS;
/** Days kept: a year and a bit, so a year of history is judged whole and memory stays small. */
const MAX_DAYS = 400;
/** Fewer actions than this say too little about anyone's day. */
const MIN_EVENTS = 50;
/** A long office day, so early starters and late finishers count alike. */
const OFFICE: readonly [number, number] = [7, 19];
const CORE: readonly [number, number] = [9, 17];
/** Share of the best zone's office-hours work that keeps a zone in the running. */
const NEAR_BEST = 0.95;
/** Tightness this close to the tightest counts as the same. */
const SAME_TIGHTNESS = 0.995;

/**
 * One zone per offset and daylight-saving rule that office workers keep; where several share
 * both, the first stands for them. Between zones that agree for the whole stretch seen (a summer
 * without a clock change), the earlier wins: so a zone that changes its clocks comes before the
 * fixed one it matches half the year (far more offices keep daylight saving), except where the
 * fixed zone is by far the larger business centre (São Paulo before Halifax).
 */
export const CANDIDATE_ZONES = [
  'Europe/London',
  'UTC',
  'Europe/Berlin',
  'Africa/Lagos',
  'Europe/Helsinki',
  'Africa/Johannesburg',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Asia/Tehran',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Australia/Brisbane',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Halifax',
  'America/New_York',
  'America/Chicago',
  'America/Bogota',
  'America/Denver',
  'America/Mexico_City',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;

export class WorkTimes {
  /** UTC day → actions per UTC quarter hour. */
  private readonly days = new Map<number, Uint32Array>();
  private oldest = Infinity;
  events = 0;

  /** A record of the log: counted when it is an audited action by a person. */
  note(item: TimelineItem): void {
    if (item.source === 'audit' && item.actorId) this.add(item.at);
  }

  /** An action by a person, at `at` (epoch ms). */
  add(at: number): void {
    const day = Math.floor(at / DAY_MS);
    let quarters = this.days.get(day);
    if (!quarters) {
      if (this.days.size >= MAX_DAYS) {
        if (day < this.oldest) return;
        this.drop(this.oldest);
      }
      this.days.set(day, (quarters = new Uint32Array(QUARTERS)));
      if (day < this.oldest) this.oldest = day;
    }
    const q = Math.floor((at - day * DAY_MS) / QUARTER_MS);
    quarters[q] = (quarters[q] as number) + 1;
    this.events++;
  }

  /**
   * The likeliest zone from the actions up to `until`, or undefined when too few were seen to tell. Zones that put about
   * as much work inside weekday office hours as the best one are told apart by how tightly they
   * gather the working day: a zone with the wrong daylight-saving dates smears it by an hour for
   * part of the year.
   */
  guess(until = Infinity): string | undefined {
    const fits = CANDIDATE_ZONES.map((zone) => ({ zone, ...this.fit(zone, until) }));
    if ((fits[0]?.events ?? 0) < MIN_EVENTS) return undefined;
    const bestOffice = Math.max(...fits.map((f) => f.office));
    const near = fits.filter((f) => f.office >= bestOffice * NEAR_BEST);
    const tightest = Math.max(...near.map((f) => f.tightness));
    let best: (typeof fits)[number] | undefined;
    // Zones with the same rules an hour apart gather the day equally: the one that puts the most
    // work in the core of the day, then in the long day, is where the day is.
    for (const f of near) {
      if (f.tightness < tightest * SAME_TIGHTNESS) continue;
      if (!best || f.core > best.core || (f.core === best.core && f.office > best.office)) best = f;
    }
    return best?.zone;
  }

  private fit(zone: string, until: number): { events: number; office: number; core: number; tightness: number } {
    const byHour = new Array<number>(24).fill(0);
    let events = 0;
    let office = 0;
    let core = 0;
    for (const [day, quarters] of this.days) {
      for (let q = 0; q < QUARTERS; q++) {
        const count = quarters[q] as number;
        const at = day * DAY_MS + q * QUARTER_MS;
        if (count === 0 || at > until) continue;
        events += count;
        const clock = localClock(at, zone);
        byHour[clock.hour] = (byHour[clock.hour] as number) + count;
        if (clock.weekday === 0 || clock.weekday === 6) continue;
        if (clock.hour >= OFFICE[0] && clock.hour < OFFICE[1]) office += count;
        if (clock.hour >= CORE[0] && clock.hour < CORE[1]) core += count;
      }
    }
    return { events, office, core, tightness: byHour.reduce((sum, c) => sum + c * c, 0) };
  }

  private drop(day: number): void {
    const quarters = this.days.get(day);
    this.days.delete(day);
    if (quarters) this.events -= quarters.reduce((a, b) => a + b, 0);
    let oldest = Infinity;
    for (const d of this.days.keys()) if (d < oldest) oldest = d;
    this.oldest = oldest;
  }
}
