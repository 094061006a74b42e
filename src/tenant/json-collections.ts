/**
 * Reads a snapshot file (`{ "graph/path": [ ..., ... ], ... }`) one array element at a time,
 * without holding the file: the bytes are split on the structure and each element wanted is
 * handed over as its own JSON bytes with its offset in the file. Snapshots with a million requests
 * run to gigabytes, past the longest string V8 can make; and a general streaming parser
 * (stream-json and the like) builds every value token by token in JavaScript, several times
 * slower than JSON.parse on the element. Structural characters are ASCII and never occur inside a
 * UTF-8 multi-byte sequence, so the bytes can be scanned as they are. Shared by the sandbox's
 * tenant loader and the oversight scan.
 */
import { open } from 'node:fs/promises';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * For each top-level key whose value is an array: a function taking each element's JSON as UTF-8
 * bytes (a view valid only during the call) and its byte offset in the file, or undefined to skip
 * the key.
 */
export type ElementHandler = (key: string) => ((json: Buffer, offset: number) => void) | undefined;

export interface ReadProgress {
  /** Bytes read so far, of the file's `total`. */
  bytes: number;
  total: number;
}

export class SnapshotFormatError extends Error {}

const NONE = 0;
/** A key at depth 1. */
const KEY = 1;
/** An object or array element of a wanted collection. */
const ELEMENT = 2;
/** A string element of a wanted collection. */
const STRING = 3;
/** A number or literal element of a wanted collection. */
const SCALAR = 4;
type Capture = typeof NONE | typeof KEY | typeof ELEMENT | typeof STRING | typeof SCALAR;

interface SplitState {
  depth: number;
  inString: boolean;
  escaped: boolean;
  done: boolean;
  /** At depth 1, a string now is a key (after `{` or `,`), not a value. */
  keyNext: boolean;
  capturing: Capture;
  /** Earlier chunks' share of what is being captured. */
  parts: Buffer[];
  /** File offset of the current chunk, and of what is being captured. */
  base: number;
  offset: number;
  handler: ((json: Buffer, offset: number) => void) | undefined;
  key: string;
  keys: string[];
  handlerFor: ElementHandler;
}

function captured(st: SplitState, chunk: Buffer, start: number, end: number): Buffer {
  const tail = chunk.subarray(start, end);
  const bytes = st.parts.length > 0 ? Buffer.concat([...st.parts, tail]) : tail;
  st.parts = [];
  return bytes;
}

function emit(st: SplitState, chunk: Buffer, start: number, end: number): void {
  (st.handler as (json: Buffer, offset: number) => void)(captured(st, chunk, start, end), st.offset);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * One chunk. Most bytes are inside strings, which are skipped with indexOf (native) to the next
 * unescaped quote; only the few bytes between strings are looked at one by one.
 */
function split(st: SplitState, chunk: Buffer): void {
  let { depth, inString, escaped, capturing } = st;
  let start = 0;
  let i = 0;
  const n = chunk.length;
  while (i < n) {
    if (inString) {
      // A backslash that ended the previous chunk escapes this chunk's first byte.
      const from = escaped ? i + 1 : i;
      escaped = false;
      let q = from;
      for (;;) {
        q = chunk.indexOf(QUOTE, q);
        if (q < 0) break;
        let k = q - 1;
        while (k >= from && chunk[k] === BACKSLASH) k--;
        if (((q - 1 - k) & 1) === 0) break;
        q++;
      }
      if (q < 0) {
        let k = n - 1;
        while (k >= from && chunk[k] === BACKSLASH) k--;
        escaped = ((n - 1 - k) & 1) === 1;
        break;
      }
      inString = false;
      i = q + 1;
      if (capturing === KEY) {
        st.key = JSON.parse(captured(st, chunk, start, i).toString('utf8')) as string;
        st.keys.push(st.key);
        st.keyNext = false;
        capturing = NONE;
      } else if (capturing === STRING) {
        capturing = NONE;
        emit(st, chunk, start, i);
      }
      continue;
    }
    const c = chunk[i] as number;
    // Between the elements of a wanted collection: where one starts, and where a number or literal ends.
    if (depth === 2 && st.handler) {
      if (capturing === SCALAR && (c === COMMA || c === CLOSE_ARRAY || isSpace(c))) {
        capturing = NONE;
        emit(st, chunk, start, i);
      } else if (capturing === NONE && c !== COMMA && c !== CLOSE_ARRAY && !isSpace(c)) {
        capturing = c === OPEN_OBJECT || c === OPEN_ARRAY ? ELEMENT : c === QUOTE ? STRING : SCALAR;
        start = i;
        st.offset = st.base + i;
      }
    }
    if (c === QUOTE) {
      inString = true;
      if (depth === 1 && st.keyNext) {
        capturing = KEY;
        start = i;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === 0 && c !== OPEN_OBJECT) throw new SnapshotFormatError('expected a JSON object keyed by Graph path');
      depth++;
      if (depth === 1) st.keyNext = true;
      else if (depth === 2) st.handler = c === OPEN_ARRAY ? st.handlerFor(st.key) : undefined;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth < 0) throw new SnapshotFormatError('unbalanced JSON');
      if (depth === 2 && capturing === ELEMENT) {
        capturing = NONE;
        emit(st, chunk, start, i + 1);
      }
      else if (depth === 1) st.handler = undefined;
      else if (depth === 0) st.done = true;
    } else if (depth === 1) {
      if (c === COMMA) st.keyNext = true;
      else if (c === COLON) st.keyNext = false;
    }
    i++;
  }
  // The chunk's buffer is read into again: keep a copy of what is still being captured.
  if (capturing !== NONE) st.parts.push(Buffer.from(chunk.subarray(start)));
  st.depth = depth;
  st.inString = inString;
  st.escaped = escaped;
  st.capturing = capturing;
  st.base += n;
}

/** Bytes read from the file at a time. */
const CHUNK = 1 << 20;

/** Streams the file; resolves with the top-level keys met, in order. */
export async function readCollections(path: string, handlerFor: ElementHandler, onProgress?: (p: ReadProgress) => void): Promise<string[]> {
  const st: SplitState = {
    depth: 0,
    inString: false,
    escaped: false,
    done: false,
    keyNext: false,
    capturing: NONE,
    parts: [],
    base: 0,
    offset: 0,
    handler: undefined,
    key: '',
    keys: [],
    handlerFor,
  };
  // Two buffers read into again and again (a fresh one per chunk is garbage and page faults): the
  // next chunk is read while this one is split.
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let next: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    const total = onProgress ? (await file.stat()).size : 0;
    next = file.read(buffers[0] as Buffer, 0, CHUNK, null);
    for (let k = 1; ; k++) {
      const { bytesRead, buffer } = await next;
      next = undefined;
      if (bytesRead === 0) break;
      next = file.read(buffers[k % 2] as Buffer, 0, CHUNK, null);
      split(st, bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      onProgress?.({ bytes: st.base, total });
    }
  } finally {
    // A read still running when the split failed is waited for: the file is not closed under it.
    await next?.catch(() => undefined);
    await file.close();
  }
  if (!st.done || st.depth !== 0 || st.inString) throw new SnapshotFormatError('the JSON ends early');
  return st.keys;
}
