/** Small numbers written in words, as people write durations ("forty-five", "a couple of"). */

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

export interface NumberRead {
  value: number;
  /** How many words were used. */
  used: number;
}

/**
 * Reads a number from the start of a list of lower-case words: digits ("90", "1.5"), words up to
 * ninety-nine ("twenty five"), "a"/"an", "a couple (of)", "half", "a quarter", with "and a half".
 */
export function readNumber(words: readonly string[]): NumberRead | null {
  const w = (i: number): string => words[i] ?? '';
  let value: number | undefined;
  let used = 0;
  if (w(0) === 'three' && /^quarters?$/.test(w(1))) {
    used = 2;
    if (w(used) === 'of') used++;
    if (w(used) === 'a' || w(used) === 'an') used++;
    return { value: 0.75, used };
  }
  if (/^\d+([.,]\d+)?$/.test(w(0))) {
    value = Number(w(0).replace(',', '.'));
    used = 1;
  } else if (w(0) in TENS) {
    value = TENS[w(0)]!;
    used = 1;
    const unit = UNITS[w(1)];
    if (unit !== undefined && unit > 0 && unit < 10) {
      value += unit;
      used = 2;
    }
  } else if (w(0) in UNITS) {
    value = UNITS[w(0)]!;
    used = 1;
  } else if (w(0) === 'couple' || (w(0) === 'a' && w(1) === 'couple')) {
    value = 2;
    used = w(0) === 'a' ? 2 : 1;
    if (w(used) === 'of') used++;
  } else if (w(0) === 'half' || (w(0) === 'a' && w(1) === 'half')) {
    value = 0.5;
    used = w(0) === 'a' ? 2 : 1;
    if (w(used) === 'of') used++;
    if (w(used) === 'a' || w(used) === 'an') used++;
  } else if (w(0) === 'quarter' || (w(0) === 'a' && w(1) === 'quarter')) {
    value = 0.25;
    used = w(0) === 'a' ? 2 : 1;
    if (w(used) === 'of') used++;
    if (w(used) === 'a' || w(used) === 'an') used++;
  } else if (w(0) === 'a' || w(0) === 'an') {
    value = 1;
    used = 1;
  }
  if (value === undefined) return null;
  if (w(used) === '½') {
    value += 0.5;
    used++;
  } else if (w(used) === 'and' && w(used + 1) === 'a' && w(used + 2) === 'half') {
    value += 0.5;
    used += 3;
  }
  return { value, used };
}
