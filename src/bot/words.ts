/**
 * How the bot writes facts for people: durations ("2 hours"), clock times in the reader's own time
 * zone, request states in plain words, and text from users made safe to quote in Markdown.
 */
import { isoDurationMinutes } from '../pim/index.js';

function unit(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 150 → "2 hours 30 minutes", 1440 → "1 day". */
export function minutesInWords(total: number): string {
  const m = Math.max(0, Math.round(total));
  if (m === 0) return 'less than a minute';
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const minutes = m % 60;
  const parts = [days && unit(days, 'day'), hours && unit(hours, 'hour'), minutes && unit(minutes, 'minute')].filter(Boolean);
  return parts.join(' ');
}

/** "PT2H" → "2 hours"; the text itself when it is not an ISO 8601 duration. */
export function durationInWords(iso: string | null | undefined): string {
  if (!iso) return 'no limit';
  const minutes = isoDurationMinutes(iso);
  return minutes === null ? iso : minutesInWords(minutes);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(zone: string, withDay: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withDay}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

function dayKey(d: Date, zone: string): string {
  return d.toLocaleDateString('en-CA', { timeZone: zone });
}

/** "17:30" today, "tomorrow 09:00", else "Mon 3 Nov, 14:00", in the reader's zone. */
export function clockTime(at: Date | string, zone: string, now: Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  const today = dayKey(now, zone);
  const tomorrow = dayKey(new Date(now.getTime() + 86_400_000), zone);
  const day = dayKey(d, zone);
  if (day === today) return format(zone, false).format(d);
  if (day === tomorrow) return `tomorrow ${format(zone, false).format(d)}`;
  return format(zone, true).format(d);
}

/** "1 hour 20 minutes left", or "ending now". */
export function timeLeft(end: Date | string, now: Date): string {
  const ms = new Date(end).getTime() - now.getTime();
  return ms <= 60_000 ? 'ending now' : `${minutesInWords(ms / 60_000)} left`;
}

const STATUS_WORDS: Record<string, string> = {
  pendingapproval: 'waiting for approval',
  pendingapprovalprovisioning: 'waiting for approval',
  pendingadmindecision: 'waiting for an administrator',
  pendingprovisioning: 'being activated',
  pendingschedulecreation: 'being scheduled',
  granted: 'approved, starting shortly',
  provisioned: 'active',
  denied: 'denied',
  canceled: 'canceled',
  revoked: 'ended',
  timedout: 'expired without a decision',
  failed: 'failed',
  provisioningfailed: 'failed',
  scheduled: 'scheduled',
};

/** A request's status in plain words ("PendingApproval" → "waiting for approval"). */
export function statusInWords(status: string): string {
  return STATUS_WORDS[status.toLowerCase()] ?? status.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function isPending(status: string): boolean {
  return /^pending/i.test(status) || status.toLowerCase() === 'granted';
}

/** "A", "A and B", "A, B and C" (or "A, B or C"). */
export function listInWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Text a person typed, safe to quote back in Markdown: one line, no markup, not too long. */
export function quoted(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
  return cut.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}
