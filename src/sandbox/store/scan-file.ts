/**
 * Streams a tenant snapshot file (one JSON object of arrays keyed by Graph path) and hands each
 * array element over with its byte offset, without ever holding the file as one string: snapshots
 * of a million requests run to gigabytes, past the longest string V8 can make.
 */
import { open } from 'node:fs/promises';

export interface ScanProgress {
  bytes: number;
  total: number;
}

export type ElementHandler = (key: string, text: string, offset: number, length: number) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the quote closing a string whose body starts at `from`, or -1 if not in the buffer. */
function closingQuote(buf: Buffer, from: number, end: number): number {
  let i = from;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q < 0 || q >= end) return -1;
    let slashes = 0;
    for (let j = q - 1; j >= from && buf[j] === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return q;
    i = q + 1;
  }
}

export async function scanTenantFile(path: string, onElement: ElementHandler, onProgress?: (p: ScanProgress) => void): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const total = (await handle.stat()).size;
    const chunk = 16 * 1024 * 1024;
    let buf = Buffer.allocUnsafe(chunk * 2);
    let base = 0; // file offset of buf[0]
    let len = 0;
    let eof = false;

    // Parser state, in buffer positions.
    let i = 0;
    let depth = 0;
    let key: string | null = null;
    let arrayKey: string | null = null; // set while inside a top-level array
    let afterColon = false;
    let elemStart = -1;
    let elemDepth = 0;

    const refill = async (keepFrom: number): Promise<void> => {
      const keep = len - keepFrom;
      if (keepFrom > 0) {
        buf.copy(buf, 0, keepFrom, len);
        base += keepFrom;
        i -= keepFrom;
        if (elemStart >= 0) elemStart -= keepFrom;
      }
      len = keep;
      if (buf.length - len < chunk) {
        const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, len + chunk));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, len, buf.length - len, base + len);
      if (bytesRead === 0) eof = true;
      len += bytesRead;
      onProgress?.({ bytes: base + len, total });
    };

    const emit = (end: number) => {
      onElement(arrayKey!, buf.toString('utf8', elemStart, end), base + elemStart, end - elemStart);
      elemStart = -1;
    };

    await refill(0);
    for (;;) {
      if (i >= len) {
        if (eof) break;
        await refill(elemStart >= 0 ? elemStart : i);
        continue;
      }
      const c = buf[i]!;
      if (c === QUOTE) {
        const q = closingQuote(buf, i + 1, len);
        if (q < 0) {
          if (eof) throw new Error(`${path}: unterminated string at byte ${base + i}`);
          await refill(elemStart >= 0 ? elemStart : i);
          continue;
        }
        if (depth === 1 && !afterColon) key = JSON.parse(buf.toString('utf8', i, q + 1)) as string;
        else if (depth === 2 && arrayKey !== null && elemStart < 0) {
          elemStart = i;
          emit(q + 1);
        }
        i = q + 1;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (depth === 2 && arrayKey !== null && elemStart < 0 && c !== COMMA && c !== CLOSE_ARR) {
        elemStart = i;
        elemDepth = c === OPEN_OBJ || c === OPEN_ARR ? 3 : 2;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        depth++;
        if (depth === 2 && afterColon && c === OPEN_ARR) arrayKey = key;
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        if (depth === 2 && elemStart >= 0) emit(i); // a bare number or literal ends the array
        if (depth === elemDepth && elemStart >= 0 && elemDepth === 3) emit(i + 1);
        depth--;
        if (depth === 1) {
          arrayKey = null;
          afterColon = false;
        }
      } else if (c === COLON && depth === 1) {
        afterColon = true;
      } else if (c === COMMA) {
        if (depth === 1) afterColon = false;
        else if (depth === 2 && elemStart >= 0) emit(i);
      }
      i++;
    }
    if (depth !== 0) throw new Error(`${path}: the JSON ends before its last bracket`);
  } finally {
    await handle.close();
  }
}
