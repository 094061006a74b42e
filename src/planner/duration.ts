/**
 * Durations in people's words: "2 hours", "90 mins", "half an hour", "an hour and a half",
 * "1h30", or a clock time to stop at ("until 5pm", read by until-time.ts).
 */
import { editDistance } from './edit-distance.js';
import { readNumber } from './number-words.js';
import { lowerView } from './text.js';
import { isoDuration } from './iso-duration.js';
import { readUntil } from './until-time.js';
import type { DurationRead, Span } from './types.js';

export { isoDuration };
export type { DurationRead };

type Unit = 'h' | 'm' | 'd';
const UNIT_MINUTES: Record<Unit, number> = { h: 60, m: 1, d: 1440 };
const UNIT_WORDS: Record<Unit, readonly string[]> = {
  h: ['h', 'hr', 'hrs', 'hour', 'hours', 'hs'],
  m: ['m', 'min', 'mins', 'minute', 'minutes', 'mn', 'mnt', 'mnts'],
  d: ['d', 'day', 'days'],
};

function unitOf(word: string | undefined): Unit | undefined {
  if (!word) return undefined;
  for (const unit of ['h', 'm', 'd'] as const) if (UNIT_WORDS[unit].includes(word)) return unit;
  // Mistyped units ("hors", "minuets", "mintues") still read as units.
  if (word.length >= 4 && word[0] === 'h' && (editDistance(word, 'hour', 1) <= 1 || editDistance(word, 'hours', 1) <= 1)) return 'h';
  if (word.length >= 5 && word[0] === 'm' && (editDistance(word, 'minute', 2) <= 2 || editDistance(word, 'minutes', 2) <= 2)) return 'm';
  return undefined;
}

interface Atom extends Span {
  word: string;
}

const FILLER = new Set(['more', 'extra', 'additional', 'further', 'full', 'whole', 'solid']);
const LEAD_IN = /(?:\b(?:for|during|over|by)\s+)?(?:(?:about|around|roughly|approximately|approx\.?|like|maybe|say|just|only|~)\s*)?(?:(?:the\s+)?(?:next|another|an\s+extra|extra|additional|further|a\s+further)\s+)?$/;

function readLength(lower: string): DurationRead | null {
  const atoms: Atom[] = [...lower.matchAll(/\d+(?:[.,]\d+)?|[a-z½]+/g)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  const words = atoms.map((a) => a.word);
  for (let i = 0; i < atoms.length; i++) {
    // "another hour", "an extra hour": one of the unit.
    const q = /^(another|extra)$/.test(words[i]!) && unitOf(words[i + 1]) ? { value: 1, used: 1 } : readNumber(words.slice(i, i + 6));
    if (!q || q.value <= 0) continue;
    let j = i + q.used;
    while (FILLER.has(words[j] ?? '')) j++;
    const unit = unitOf(words[j]);
    if (!unit) continue;
    // A lone letter counts as a unit only when written against the number ("2h", "90m").
    if (words[j]!.length === 1 && atoms[j]!.start !== atoms[j - 1]!.end) continue;
    // "in a minute" and "5 minutes ago" are not how long someone needs a role.
    if (words[j + 1] === 'ago' || (unit === 'm' && q.value === 1 && /^an?$/.test(words[i]!))) continue;
    let minutes = q.value * UNIT_MINUTES[unit];
    let end = atoms[j]!.end;
    j++;
    if (words[j] === 'and' && words[j + 1] === 'a' && words[j + 2] === 'half') {
      minutes += UNIT_MINUTES[unit] / 2;
      end = atoms[j + 2]!.end;
      j += 3;
    } else if (unit === 'h') {
      const k = words[j] === 'and' ? j + 1 : j;
      const more = readNumber(words.slice(k, k + 3));
      if (more && /^\d|^[a-z]/.test(words[k] ?? '') && more.value < 60) {
        const minuteUnit = unitOf(words[k + more.used]);
        const glued = more.used === 1 && /^\d+$/.test(words[k]!) && atoms[k]!.start === atoms[j - 1]!.end;
        if (minuteUnit === 'm') {
          minutes += more.value;
          end = atoms[k + more.used]!.end;
        } else if (glued) {
          minutes += more.value;
          end = atoms[k]!.end;
        }
      }
    }
    const lead = LEAD_IN.exec(lower.slice(0, atoms[i]!.start));
    const start = lead && lead[0].length > 0 ? atoms[i]!.start - lead[0].length : atoms[i]!.start;
    return { iso: isoDuration(minutes), minutes: Math.round(minutes), kind: 'length', start, end };
  }
  return null;
}

/**
 * The first duration in a text, or null when it names none. Clock times are read in `timeZone`
 * (IANA) and turned into the time left from `now`.
 */
export function readDuration(text: string, now: Date, timeZone = 'UTC'): DurationRead | null {
  const lower = lowerView(text);
  const length = readLength(lower);
  const until = readUntil(lower, now, timeZone);
  if (length && until) return length.start <= until.start ? length : until;
  return length ?? until;
}
