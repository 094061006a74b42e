/**
 * A few top-level string members of one JSON object, read from its bytes without parsing the rest:
 * for skipping records (most of a tenant's sign-ins) on what their first members say. The walk
 * follows the structure (strings skipped whole, depth counted), so a member of a nested object
 * is never taken for the record's own, and it stops once every key asked for has been met.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** End (index of the closing quote) of the string whose opening quote is at `open`; -1 when it does not end. */
function stringEnd(json: Buffer, open: number): number {
  let q = open + 1;
  for (;;) {
    q = json.indexOf(QUOTE, q);
    if (q < 0) return -1;
    let k = q - 1;
    while (json[k] === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q;
    q++;
  }
}

/**
 * A reader of these keys' members. For each key, in order: its string value, `null` when the member
 * is JSON null or not a string, `undefined` when the object has no such member (or the bytes are not
 * a JSON object). Keys are matched on their bytes as written, so a key written with escapes is not
 * found; of a key written twice, the first is read (JSON.parse keeps the last), which Graph never writes.
 */
export function topLevelReader(keys: readonly string[]): (json: Buffer) => Array<string | null | undefined> {
  // Each key as it appears in JSON, quotes included.
  const wanted = keys.map((k) => Buffer.from(JSON.stringify(k)));
  const matches = (json: Buffer, from: number, to: number, w: Buffer): boolean => {
    if (to - from !== w.length) return false;
    for (let j = 0; j < w.length; j++) if (json[from + j] !== w[j]) return false;
    return true;
  };
  return (json) => {
    const out: Array<string | null | undefined> = new Array<string | null | undefined>(keys.length).fill(undefined);
    let left = keys.length;
    let i = 0;
    const n = json.length;
    while (i < n && json[i] !== OPEN_OBJECT) i++;
    if (i === n) return out;
    let depth = 0;
    // At depth 1, the next string is a key (after `{` or `,`).
    let keyNext = false;
    let member = -1;
    for (; i < n && left > 0; i++) {
      const c = json[i];
      if (c === QUOTE) {
        const end = stringEnd(json, i);
        if (end < 0) break;
        if (depth === 1 && keyNext) {
          member = -1;
          for (let k = 0; k < wanted.length; k++) if (out[k] === undefined && matches(json, i, end + 1, wanted[k]!)) member = k;
          keyNext = false;
        } else if (depth === 1 && member >= 0) {
          out[member] = stringAt(json, i, end);
          left--;
          member = -1;
        }
        i = end;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth++;
        if (depth === 1) keyNext = true;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth <= 0) {
          // The last member's value was an object or an array.
          if (member >= 0) out[member] = null;
          break;
        }
      } else if (depth === 1) {
        if (c === COMMA) {
          keyNext = true;
          // A wanted member whose value was an object or an array.
          if (member >= 0) {
            out[member] = null;
            left--;
            member = -1;
          }
        } else if (c !== COLON && member >= 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          // A number or a literal.
          out[member] = null;
          left--;
          member = -1;
        }
      }
    }
    return out;
  };
}

/** The string whose quotes are at `open` and `close`: ASCII without escapes (ids, times) read directly. */
function stringAt(json: Buffer, open: number, close: number): string {
  for (let j = open + 1; j < close; j++) {
    const b = json[j]!;
    if (b >= 0x80 || b === BACKSLASH) return JSON.parse(json.toString('utf8', open, close + 1)) as string;
  }
  return json.toString('latin1', open + 1, close);
}
