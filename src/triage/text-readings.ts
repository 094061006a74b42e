/**
 * The ways one text can be read once the disguises people use to slip words past plain patterns
 * are undone: invisible tag characters, look-alike letters, leetspeak, URL and HTML encodings,
 * base64, letters spaced apart, reversed text and ROT13. Each reading is made only when the text
 * shows a sign of its disguise, so ordinary justifications cost one reading.
 */

// Unicode tag characters (U+E0020–U+E007E) mirror ASCII invisibly: "ASCII smuggling".
const TAG = /[\u{E0020}-\u{E007E}]/gu;
// Zero-width characters, bidi controls, soft hyphens and the like.
const INVISIBLE = /\p{Cf}/gu;

/** Cyrillic and Greek letters that look like Latin ones. */
const LOOK_ALIKE: Record<string, string> = Object.fromEntries(
  [
    ['аa', 'вb', 'еe', 'ёe', 'кk', 'мm', 'нh', 'оo', 'рp', 'сc', 'тt', 'уy', 'хx', 'іi', 'їi', 'јj', 'ѕs', 'ԁd', 'һh', 'ӏl', 'ԛq', 'ԝw', 'ɡg'],
    ['АA', 'ВB', 'ЕE', 'КK', 'МM', 'НH', 'ОO', 'РP', 'СC', 'ТT', 'УY', 'ХX', 'ІI', 'ЈJ', 'ЅS'],
    ['αa', 'βb', 'εe', 'ιi', 'κk', 'νv', 'οo', 'ρp', 'τt', 'υu', 'χx', 'ΑA', 'ΒB', 'ΕE', 'ΖZ', 'ΗH', 'ΙI', 'ΚK', 'ΜM', 'ΝN', 'ΟO', 'ΡP', 'ΤT', 'ΥY', 'ΧX'],
  ]
    .flat()
    .map((pair) => [pair[0]!, pair[1]!]),
);
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function entityDecoded(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    const code = name[0] === '#' ? (name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)) : undefined;
    if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Runs that decode from base64 to readable text; binary-looking results are left out. */
function base64Decoded(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const readable = decoded.match(/[\p{L}\p{N}\p{P}\p{Zs}]/gu)?.length ?? 0;
    if (decoded.length >= 8 && !decoded.includes('\uFFFD') && readable / decoded.length >= 0.9) out.push(decoded);
  }
  return out;
}

/**
 * The text as given (NFKC, invisible characters out, whitespace collapsed), then each reading its
 * disguise suggests. At most a handful; most texts have one.
 */
export function readings(raw: string): string[] {
  const tagged = raw.match(TAG);
  const visible = raw.replace(TAG, '');
  const plain = visible.normalize('NFKC').replace(INVISIBLE, '');
  const out = [plain];
  if (tagged) out.push(tagged.map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join(''));
  if (/[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F\u0261]/.test(plain) && /[a-z]/i.test(plain)) out.push(plain.replace(/[\u0370-\u052F\u0261]/g, (c) => LOOK_ALIKE[c] ?? c));
  // Digits inside words: "1gn0r3", "4ppr0v3".
  if (/\p{Ll}[013457@$]\p{L}|(?<![\p{L}\p{N}])[013457]\p{Ll}{2}/u.test(plain)) out.push(plain.replace(/[013457@$]/g, (c) => LEET[c] ?? c));
  if (/%[0-9a-f]{2}/i.test(plain)) out.push(percentDecoded(plain.replace(/\+/g, ' ')));
  if (/&#?\w+;/.test(plain)) out.push(entityDecoded(plain));
  out.push(...base64Decoded(plain));
  // Letters spaced apart ("i g n o r e"): join single letters, keep wider gaps as word breaks.
  if (/(?:^|\s)\p{L}(?:[ \t]\p{L}){3,}(?=\s|$)/u.test(plain)) out.push(plain.replace(/(?<=(?:^|\s)\p{L}) (?=\p{L}(?:\s|$))/gu, ''));
  // Reversed (often behind a right-to-left override, which displays it the right way round).
  if (/\u202E/.test(raw) || /\b(eht|dna|erongi|evorppa|snoitcurtsni|suoiverp|tseuqer)\b/i.test(plain)) out.push([...plain].reverse().join(''));
  if (/\b(gur|naq|vtaber|nccebir|vafgehpgvbaf|cerivbhf|erdhrfg)\b/i.test(plain)) out.push(rot13(plain));
  return out.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t, i, all) => t && all.indexOf(t) === i);
}
