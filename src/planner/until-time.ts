/**
 * Clock times as the end of an activation, read on the speaker's own wall clock: "until 5pm",
 * "till 17:30 tomorrow", "until noon", "for the rest of the day" (the working day ends at 17:00;
 * after that, the day ends at midnight).
 */
import { isoDuration } from './iso-duration.js';
import { instantAt, wallClock, type WallClock } from './time-zone.js';
import type { DurationRead, Span } from './types.js';

export const END_OF_WORKDAY_HOUR = 17;

interface ClockTarget {
  hour: number;
  minute: number;
  /** 0 today, 1 tomorrow; undefined: the next time the clock shows it. */
  day?: number;
  /** True when am/pm or a 24-hour time made the hour unambiguous. */
  exact: boolean;
}

function nextInstant(target: ClockTarget, now: Date, zone: string): Date | null {
  const today: WallClock = wallClock(now, zone);
  const hours = target.exact || target.hour >= 12 ? [target.hour] : [target.hour, target.hour + 12];
  const days = target.day === undefined ? [0, 1] : [target.day];
  let best: Date | null = null;
  for (const d of days) {
    for (const h of hours) {
      const t = instantAt({ ...today, day: today.day + d, hour: h, minute: target.minute }, zone);
      if (t.getTime() > now.getTime() && (!best || t < best)) best = t;
    }
  }
  return best;
}

const UNTIL = String.raw`(?:until|untill|till|til|'til|up\s+(?:un)?till?|up\s+to|through|thru)`;
const DAY = String.raw`(today|tomorrow|tonight)`;
const CLOCK = String.raw`(?:(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?|(\d{4})|(noon|midday|midnight))`;
const UNTIL_CLOCK = new RegExp(String.raw`\b(?:from\s+now\s+)?${UNTIL}\s+(?:${DAY}\s+(?:at\s+)?)?${CLOCK}(?:\s+${DAY})?(?![\w:])`, 'g');
const TO_CLOCK = /\b(?:from\s+now\s+)?to\s+(\d{1,2})(?:(?::(\d{2}))\s*(a\.?\s?m\.?|p\.?\s?m\.?)?|(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?))(?![\w])/g;
const END_OF_DAY = new RegExp(
  String.raw`\b(?:(?:for|until|untill|till|til|through|thru|to|by)\s+)?(?:(?:the\s+)?(?:rest|remainder)\s+of\s+(?:the\s+|my\s+)?(?:day|today|afternoon|shift|working\s+day|work\s*day|business\s+day)|(?:the\s+)?end\s+of\s+(?:the\s+|my\s+)?(?:day|today|shift|business(?:\s+day)?|working\s+day|work\s*day)|eod|cob|close\s+of\s+business|the\s+day|all\s+day|today)\b`,
  'g',
);
const UNTIL_TONIGHT = new RegExp(String.raw`\b${UNTIL}\s+(?:tonight|this\s+evening|midnight)\b`, 'g');
const UNTIL_TOMORROW = new RegExp(String.raw`\b${UNTIL}\s+tomorrow(?:\s+morning)?\b(?!\s+(?:at\s+)?\d)`, 'g');

interface ClockWords {
  dayWord?: string;
  hh?: string;
  mm?: string;
  meridiem?: string;
  military?: string;
  named?: string;
}

function clockFrom({ dayWord, hh, mm, meridiem, military, named }: ClockWords): ClockTarget | null {
  const day = dayWord === 'tomorrow' ? 1 : dayWord === 'today' || dayWord === 'tonight' ? 0 : undefined;
  if (named) return named === 'midnight' ? { hour: 24, minute: 0, day: day ?? 0, exact: true } : { hour: 12, minute: 0, day, exact: true };
  if (military) {
    const hour = Number(military.slice(0, 2));
    const minute = Number(military.slice(2));
    return hour < 24 && minute < 60 ? { hour, minute, day, exact: true } : null;
  }
  let hour = Number(hh);
  const minute = mm ? Number(mm) : 0;
  if (hour > 23 || minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.startsWith('p') ? 12 : 0);
    return { hour, minute, day, exact: true };
  }
  if (dayWord === 'tonight' && hour < 12) hour += 12;
  return { hour, minute, day, exact: hour === 0 || hour >= 13 || dayWord === 'tonight' };
}

/** The first clock time in a lower-case text ("until 5pm"), as the time left from `now` in `zone`. */
export function readUntil(lower: string, now: Date, zone: string): DurationRead | null {
  const found: Array<{ span: Span; at: Date | null }> = [];
  for (const m of lower.matchAll(UNTIL_CLOCK)) {
    const [, dayBefore, hh, mm, meridiem, military, named, dayAfter] = m;
    const target = clockFrom({ dayWord: dayBefore ?? dayAfter, hh, mm, meridiem, military, named });
    if (target) found.push({ span: { start: m.index, end: m.index + m[0].length }, at: nextInstant(target, now, zone) });
  }
  for (const m of lower.matchAll(TO_CLOCK)) {
    const target = clockFrom({ hh: m[1], mm: m[2] ?? m[4], meridiem: m[3] ?? m[5] });
    if (target) found.push({ span: { start: m.index, end: m.index + m[0].length }, at: nextInstant(target, now, zone) });
  }
  for (const m of lower.matchAll(UNTIL_TONIGHT)) {
    found.push({ span: { start: m.index, end: m.index + m[0].length }, at: nextInstant({ hour: 24, minute: 0, day: 0, exact: true }, now, zone) });
  }
  for (const m of lower.matchAll(UNTIL_TOMORROW)) {
    found.push({ span: { start: m.index, end: m.index + m[0].length }, at: nextInstant({ hour: 9, minute: 0, day: 1, exact: true }, now, zone) });
  }
  for (const m of lower.matchAll(END_OF_DAY)) {
    // "today" alone is only a duration after "for"/"until" ("for today"), not in "the request I made today".
    if (/^today$|^the day$/.test(m[0])) continue;
    const workdayEnd = nextInstant({ hour: END_OF_WORKDAY_HOUR, minute: 0, day: 0, exact: true }, now, zone);
    found.push({ span: { start: m.index, end: m.index + m[0].length }, at: workdayEnd ?? nextInstant({ hour: 24, minute: 0, day: 0, exact: true }, now, zone) });
  }
  found.sort((a, b) => a.span.start - b.span.start);
  const first = found.find((f) => f.at);
  if (!first?.at) return null;
  const minutes = Math.ceil((first.at.getTime() - now.getTime()) / 60_000);
  return { iso: isoDuration(minutes), minutes, kind: 'until', ...first.span };
}

