/**
 * Who a question is about: "why was Joni Sherman's request denied", "did jsherman's request go
 * through", "what can Joni activate". Names resolve to the tenant's people when they can.
 */
import { editDistance, typoAllowance } from './edit-distance.js';
import { overlaps, tokenize, type Token } from './text.js';
import type { PlannerPerson, Span } from './types.js';

export interface PersonMention extends Span {
  /** The tenant's person, or null when the name is unknown or fits several people. */
  person: PlannerPerson | null;
  /** The subject as the bot should show it: the tenant's display name, its UPN when written as an address, else as written. */
  subject: string;
}

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

// First names that are also everyday words; alone they count only as "Will's" or mid-sentence "Will".
const EVERYDAY = new Set([
  'will', 'may', 'can', 'mark', 'grant', 'grace', 'bill', 'chase', 'hope', 'joy', 'rose', 'ray', 'dawn', 'sue', 'pat', 'art', 'max',
  'jack', 'frank', 'june', 'april', 'august', 'summer', 'faith', 'glen', 'miles', 'lane', 'gene', 'guy', 'rich', 'sunny',
  'major', 'drew', 'rob', 'sky', 'brook', 'wade', 'dean', 'amber', 'crystal', 'iris', 'holly', 'ivy', 'penny', 'sandy',
]);
// Capitalised words that are not names ("Why", "Exchange", "Monday").
const NOT_NAMES = new Set([
  'i', 'why', 'what', 'who', 'when', 'where', 'how', 'which', 'did', 'was', 'is', 'has', 'can', 'could', 'would', 'please',
  'the', 'my', 'our', 'his', 'her', 'their', 'its', 'it', 'this', 'that', 'pim', 'ga', 'admin', 'administrator', 'exchange',
  'teams', 'sharepoint', 'intune', 'global', 'security', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sunday', 'today', 'yesterday', 'tomorrow', 'microsoft', 'entra', 'azure', 'office', 'someone', 'somebody', 'everyone',
  'anyone', 'user', 'users', 'hi', 'hey', 'hello', 'thanks', 'ok', 'request', 'role', 'roles',
]);

// Words after which a question names whom it is about ("is isaiah", "can megan", "did joni").
const SUBJECT_SLOT = new Set(['is', 'was', 'has', 'did', 'does', 'can', 'could', 'will', 'would', 'about', 'of']);

function nameWords(name: string): string[] {
  return (name.toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}]+)*/gu) ?? []);
}

function close(written: string, wanted: string): boolean {
  if (written === wanted) return true;
  const allowed = wanted.length >= 5 ? Math.min(1, typoAllowance(wanted.length)) : 0;
  return allowed > 0 && editDistance(written, wanted, allowed) <= allowed;
}

function addressOf(text: string, people: readonly PlannerPerson[]): PersonMention | null {
  for (const m of text.matchAll(EMAIL)) {
    const written = m[0].toLowerCase();
    const person = people.find((p) => p.userPrincipalName.toLowerCase() === written || p.mail?.toLowerCase() === written) ?? null;
    return { person, subject: person?.userPrincipalName ?? written, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

function firstNameOf(p: PlannerPerson): string {
  return (p.givenName ?? nameWords(p.displayName)[0] ?? '').toLowerCase();
}

function surnameOf(p: PlannerPerson): string {
  return (p.surname ?? nameWords(p.displayName).slice(-1)[0] ?? '').toLowerCase();
}

/**
 * The person a text asks about, or null. `exclude` are spans already read as something else
 * (a role, a ticket). An unknown name counts only when written as one ("Jane's request").
 */
export function findPerson(text: string, people: readonly PlannerPerson[], exclude: readonly Span[] = []): PersonMention | null {
  const byAddress = addressOf(text, people);
  if (byAddress) return byAddress;
  const tokens = tokenize(text).filter((t) => !exclude.some((s) => overlaps(s, t)));
  const isSentenceStart = (t: Token): boolean => {
    const before = text.slice(0, t.start).trimEnd();
    return before === '' || /[.!?]$/.test(before);
  };

  // Full names, then UPN local parts ("jsherman").
  let best: { person: PlannerPerson; span: Span; words: number } | null = null;
  for (const p of people) {
    const words = nameWords(p.displayName);
    if (words.length < 2) continue;
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (!words.every((w, k) => close(tokens[i + k]!.bare, w))) continue;
      if (!best || words.length > best.words) best = { person: p, span: { start: tokens[i]!.start, end: tokens[i + words.length - 1]!.end }, words: words.length };
    }
  }
  if (best) return { person: best.person, subject: best.person.displayName, ...best.span };
  for (const t of tokens) {
    const p = people.find((x) => x.userPrincipalName.toLowerCase().split('@')[0] === t.bare && t.bare.length >= 4);
    if (p) return { person: p, subject: p.displayName, start: t.start, end: t.end };
  }

  // A first name or surname alone. Numbered accounts ("Emergency Access01") are not called by one name.
  const named = people.filter((p) => !/\d/.test(p.displayName));
  for (const [i, t] of tokens.entries()) {
    if (t.bare.length < 2 || NOT_NAMES.has(t.bare)) continue;
    const signalled = t.possessive || (t.capitalised && (!EVERYDAY.has(t.bare) || !isSentenceStart(t)));
    // "what is isaiah eligible for": a lower-case first name where a question puts its subject.
    const asked = !signalled && !EVERYDAY.has(t.bare) && t.bare.length >= 3 && SUBJECT_SLOT.has(tokens[i - 1]?.bare ?? '');
    if (!signalled && !asked) continue;
    const matches = named.filter((p) => firstNameOf(p) === t.bare || (signalled && surnameOf(p) === t.bare));
    if (asked && matches.length !== 1) continue;
    if (matches.length === 1) return { person: matches[0]!, subject: matches[0]!.displayName, start: t.start, end: t.end };
    if (matches.length > 1) return { person: null, subject: text.slice(t.start, t.start + t.bare.length), start: t.start, end: t.end };
  }

  // A name the tenant does not know, written as one: capitalised words ending in a possessive.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.possessive || !t.capitalised || NOT_NAMES.has(t.bare)) continue;
    let k = i;
    while (k > 0 && tokens[k - 1]!.capitalised && !NOT_NAMES.has(tokens[k - 1]!.bare) && !tokens[k - 1]!.possessive && text.slice(tokens[k - 1]!.end, tokens[k]!.start) === ' ') k--;
    const start = tokens[k]!.start;
    const end = t.start + t.bare.length;
    return { person: null, subject: text.slice(start, end), start, end: t.end };
  }
  return null;
}
