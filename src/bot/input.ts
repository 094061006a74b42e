/**
 * What a person typed, made safe to read: NFKC folds look-alike letters ("𝔄𝔠𝔱𝔦𝔳𝔞𝔱𝔢" → "Activate"),
 * control and bidirectional-override characters go, broken surrogates are repaired, and a very long
 * message is cut to what the planner reads well.
 */

/** The planner reads at most this much of one message. */
export const MAX_INPUT_CHARS = 1000;

export interface CleanInput {
  text: string;
  /** Characters in the original message, before cleaning. */
  originalLength: number;
  truncated: boolean;
}

// Format characters: zero-width ones, bidi overrides and isolates, the BOM, soft hyphens.
const INVISIBLE = /\p{Cf}/gu;
// Control characters (terminal escapes, NUL, bells) part words like spaces.
const CONTROL = /\p{Cc}/gu;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanInput(raw: unknown): CleanInput {
  const original = typeof raw === 'string' ? raw : '';
  const text = original.replace(LONE_SURROGATE, '\uFFFD').normalize('NFKC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const truncated = text.length > MAX_INPUT_CHARS;
  // Cut between characters, never inside a surrogate pair.
  const end = truncated && /[\uD800-\uDBFF]/.test(text[MAX_INPUT_CHARS - 1] ?? '') ? MAX_INPUT_CHARS - 1 : MAX_INPUT_CHARS;
  return { text: truncated ? text.slice(0, end) : text, originalLength: original.length, truncated };
}
