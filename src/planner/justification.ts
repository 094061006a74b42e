/**
 * The reason a person gave, in their words: what is left once the role, duration and ticket are
 * taken out and the request's own wording ("can you give me", "please") is trimmed off the edges.
 */
import { cut } from './text.js';
import type { Span } from './types.js';

const FRAME = new Set([
  'i', "i'm", 'im', "i'd", "i'll", 'me', 'my', 'we', 'us', 'our', 'need', 'needs', 'needed', 'want', 'wanna', 'like', 'would',
  'please', 'pls', 'plz', 'kindly', 'can', 'could', 'may', 'you', 'u', 'give', 'get', 'grant', 'activate', 'activation',
  'elevate', 'elevation', 'escalate', 'pim', 'make', 'assign', 'enable', 'turn', 'switch', 'on', 'request', 'requesting',
  'the', 'a', 'an', 'role', 'roles', 'access', 'rights', 'permission', 'permissions', 'privileges', 'now', 'asap', 'quickly',
  'urgently', 'thanks', 'thank', 'thx', 'hi', 'hey', 'hello', 'to', 'for', 'again', 'just', 'also', 'and', 'ok', 'so', 'then',
  'yo', 'that', 'some', 'be', 'as', 'with', 'in', 'order', 'because', 'since', 'cause', 'coz', 'cos', 'bc', 'reason',
  'justification', 'is', 'it', 'am', 'set', 'up', 'put', 'let', 'have', 'ticket', 'ref', 'per', 'under', 'until', 'till',
  'from', 'of', 'by', 'at', 'temporarily', 'temp', 'quick', 'briefly', 'admin', 'me?', 'right', 'away', 'please?', 'okay',
  'want', 'wanting', 'going', 'gonna', 'will', 'able', 'ability', 'hours', 'hour', 'minutes', 'mins', 'more', 'another',
  'elevated', 'activating', 'elevating', 'activated', 'there', 'yes', 'yeah', 'mate', 'bot', 'copilot', 'too', 'do', 'via', 'using', 'see', 're', 'ask',
  'bit', 'little', 'into', 'onto', 'ur', 'borrow', 'like', 'yo', 'hiya', 'require', 'requires', 'required',
]);
// For an extension, asking for more time is the request, not its reason.
const EXTEND_FRAME = new Set(['extend', 'extension', 'prolong', 'renew', 'keep', 'active', 'activated', 'longer', 'time', 'still', 'add', 'more', 'another', 'extra', 'my', 'on']);

const NO_EXTRA: ReadonlySet<string> = new Set();

function isFrame(word: string, extra: ReadonlySet<string>): boolean {
  const w = word.toLowerCase().replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '');
  return FRAME.has(w) || extra.has(w);
}

// Words that join the request to its reason: the reason starts right after them.
const CONNECTORS = new Set(['to', 'for', 'because', 'since', 'so', 'as', 'cause', 'coz', 'cos', 'bc', 'reason:', 'justification:', 'order', 'of']);
// Words that may trail a reason without being part of it.
const TRAILING = new Set([
  'please', 'pls', 'plz', 'thanks', 'thank', 'you', 'thx', 'asap', 'now', 'urgently', 'quickly', 'right', 'away', 'for', 'to',
  'with', 'and', 'the', 'a', 'an', 'on', 'in', 'at', 'of', 'ticket', 'ref', 'per', 'under', 'until', 'till', 'from', 'by', 'via',
  'see', 're', 'as', 'so', 'ok', 'okay', 'mate', 'again', 'too', 'role', 'roles', 'access', 'rights', 'about', 'around',
  'roughly', 'approximately', 'approx', 'like', 'maybe', 'say', 'just', 'only', 'or', 'so',
]);

function bare(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}':]+$/gu, '');
}

/**
 * Trims a piece to its reason. Leading request wording goes up to a connector ("… to fix it"),
 * and stops there, so "to assign a role" keeps "assign".
 */
function trimPiece(piece: string, extra: ReadonlySet<string>): string {
  const words = piece.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  while (words.length && isFrame(words[0]!, extra)) {
    const word = bare(words.shift()!);
    if (CONNECTORS.has(word)) {
      while (words.length && CONNECTORS.has(bare(words[0]!))) words.shift();
      const rest = words.join(' ');
      const subject = /^(?:i|we)\s+(?:can|could|need to|have to|must|want to|will|'ll)\s+/i.exec(rest);
      if (subject) words.splice(0, subject[0].trim().split(/\s+/).length);
      break;
    }
  }
  while (words.length && (TRAILING.has(bare(words[words.length - 1]!)) || !/[\p{L}\p{N}]/u.test(words[words.length - 1]!))) words.pop();
  return words.join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, '');
}

function hasContent(piece: string, extra: ReadonlySet<string>): boolean {
  return piece.split(/\s+/).some((w) => !isFrame(w, extra) && /[\p{L}]{3,}/u.test(w));
}

/**
 * The justification left in a text once the given spans are removed, or null when none is left.
 * For an extension, the words asking for more time are not part of it.
 */
export function readJustification(text: string, spans: readonly Span[], forExtension = false): string | null {
  const extra = forExtension ? EXTEND_FRAME : NO_EXTRA;
  const explicit = /\b(?:reason|justification|because|why)\s*[:\-–]\s*(.+)$/i.exec(text);
  const pieces = cut(text, spans)
    .flatMap((p) => p.split(/[?!;]|\.(?:\s|$)/))
    .map((p) => trimPiece(p, extra))
    .filter((p) => hasContent(p, extra));
  const out = pieces.join(' ').replace(/\s+/g, ' ').trim();
  if (explicit && !out) return explicit[1]!.trim();
  return out || null;
}
