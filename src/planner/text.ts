/** Text helpers shared by the extractors: one lower-case view with the same offsets as the original. */
import type { Span } from './types.js';

export interface Token extends Span {
  /** Lower-case word as written, apostrophes included ("someone's"). */
  word: string;
  /** The word without a possessive ending ("someone"). */
  bare: string;
  /** Written with a capital first letter. */
  capitalised: boolean;
  possessive: boolean;
}

/**
 * Lower-cases and straightens quotes while keeping every character at its offset, so spans found
 * in the lower-case view cut the original text at the same places.
 */
export function lowerView(text: string): string {
  let out = '';
  for (const ch of text) {
    const mapped = ch === '\u2019' || ch === '\u2018' || ch === '`' ? "'" : ch.toLowerCase();
    out += mapped.length === ch.length ? mapped : ch;
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*['\u2019]?/gu;

export function tokenize(text: string): Token[] {
  const lower = lowerView(text);
  const tokens: Token[] = [];
  for (const m of lower.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    const possessive = /'s?$/.test(word) && !/^(it|that|what|there|here|who|he|she|let)'s$/.test(word);
    const bare = word.replace(/'s$|'$/, '');
    const first = text[start] ?? '';
    tokens.push({ word, bare, start, end: start + word.length, capitalised: first !== first.toLowerCase(), possessive });
  }
  return tokens;
}

/** Removes spans from a text, returning the pieces left between them. */
export function cut(text: string, spans: readonly Span[]): string[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start > at) pieces.push(text.slice(at, s.start));
    at = Math.max(at, s.end);
  }
  pieces.push(text.slice(at));
  return pieces;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
