/**
 * Finds the tenant role a sentence names, however it is written: typos ("Exchnage Adminstrator"),
 * abbreviations ("exchange admin"), acronyms ("GA"), nicknames ("SPO admin"), plurals, or one
 * distinctive word ("my pending exchange request").
 */
import { editDistance, typoAllowance } from './edit-distance.js';
import { GENERIC_WORDS, NICKNAMES, NOT_ACRONYMS, canonicalWord, canonicalWords, isDropped } from './role-names.js';
import { tokenize, type Token } from './text.js';
import type { PlannerRole, Span } from './types.js';

type AliasKind = 'name' | 'alias' | 'acronym' | 'cue';

interface Alias {
  role: PlannerRole;
  words: string[];
  kind: AliasKind;
  /** For a one-word cue: the word as written, since "team" is not "Teams". */
  raw?: string;
}

export interface RoleMention extends Span {
  role: PlannerRole;
  /** False for a single distinctive word ("exchange"), which may mean the service, not the role. */
  strong: boolean;
  /** Letters changed to read it (typos). */
  edits: number;
}

const ALIAS_CACHE = new WeakMap<readonly PlannerRole[], Alias[]>();

function acronymOf(displayName: string): string {
  return (displayName.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !['for', 'and', 'of', 'the'].includes(w.toLowerCase()))
    .map((w) => w[0]!.toLowerCase())
    .join('');
}

function aliasesOf(roles: readonly PlannerRole[]): Alias[] {
  const cached = ALIAS_CACHE.get(roles);
  if (cached) return cached;
  const aliases: Alias[] = [];
  const names = roles.map((role) => ({ role, words: canonicalWords(role.displayName) }));
  const key = (words: readonly string[]): string => words.join(' ');
  const fullNames = new Set(names.map((n) => key(n.words)));

  for (const { role, words } of names) aliases.push({ role, words, kind: 'name' });

  // "privileged role" for Privileged Role Administrator, unless it is another role's name.
  const shorts = new Map<string, Alias[]>();
  for (const { role, words } of names) {
    if (words.length >= 3 && words[words.length - 1] === 'administrator') {
      const short = words.slice(0, -1);
      const list = shorts.get(key(short)) ?? [];
      list.push({ role, words: short, kind: 'alias' });
      shorts.set(key(short), list);
    }
  }
  for (const [k, list] of shorts) if (list.length === 1 && !fullNames.has(k)) aliases.push(list[0]!);

  const acronyms = new Map<string, PlannerRole[]>();
  for (const { role } of names) {
    const a = acronymOf(role.displayName);
    if (a.length >= 2 && !NOT_ACRONYMS.has(a)) acronyms.set(a, [...(acronyms.get(a) ?? []), role]);
  }
  for (const [a, list] of acronyms) if (list.length === 1) aliases.push({ role: list[0]!, words: [a], kind: 'acronym' });

  for (const { role, words } of names) {
    for (const nick of NICKNAMES[role.displayName] ?? []) {
      const w = canonicalWords(nick);
      const single = w.length === 1;
      const kind: AliasKind = single && words.includes(w[0]!) ? 'cue' : single ? 'acronym' : 'alias';
      aliases.push({ role, words: w, kind, raw: kind === 'cue' ? nick.replace(/\s+/g, '') : undefined });
    }
  }

  // One distinctive word names a role when it is that role's "<word> Administrator", or in only one role.
  const byWord = new Map<string, Array<{ role: PlannerRole; words: string[] }>>();
  for (const n of names) for (const w of new Set(n.words)) if (!GENERIC_WORDS.has(w) && !/^\d+$/.test(w)) byWord.set(w, [...(byWord.get(w) ?? []), n]);
  for (const [w, list] of byWord) {
    const primary = list.find((n) => key(n.words) === `${w} administrator`);
    const chosen = primary ?? (list.length === 1 ? list[0] : undefined);
    if (!chosen || aliases.some((a) => a.kind === 'cue' && a.words[0] === w)) continue;
    const raw = (chosen.role.displayName.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).find((r) => canonicalWord(r) === w) ?? w;
    aliases.push({ role: chosen.role, words: [w], kind: 'cue', raw });
  }
  ALIAS_CACHE.set(roles, aliases);
  return aliases;
}

interface Word {
  token: Token;
  canonical: string;
}

function sameWord(written: string, wanted: string, allowTypos: boolean): number | null {
  if (written === wanted) return 0;
  if (!allowTypos || written.length < 4 || wanted.length < 5) return null;
  const allowed = typoAllowance(wanted.length);
  const d = editDistance(written, wanted, allowed);
  return d <= allowed ? d : null;
}

type Same = (written: string, wanted: string, allowTypos: boolean) => number | null;

/** sameWord, remembered for one sentence: the same words meet many aliases. */
function memoSame(): Same {
  const seen = new Map<string, number | null>();
  return (written, wanted, allowTypos) => {
    const key = `${written}\u0000${wanted}\u0000${allowTypos ? 1 : 0}`;
    let d = seen.get(key);
    if (d === undefined) {
      d = sameWord(written, wanted, allowTypos);
      seen.set(key, d);
    }
    return d;
  };
}

function matchAt(words: readonly Word[], at: number, alias: Alias, same: Same): { end: number; edits: number } | null {
  let j = at;
  let edits = 0;
  for (const [k, wanted] of alias.words.entries()) {
    while (k > 0 && j < words.length && isDropped(words[j]!.canonical)) j++;
    const here = words[j];
    if (!here) return null;
    const typos = alias.kind !== 'acronym' && (alias.kind !== 'cue' || wanted.length >= 7);
    const written = alias.raw !== undefined ? here.token.bare : here.canonical;
    let d = same(written, alias.raw ?? wanted, typos);
    if (d === null && alias.kind !== 'acronym' && words[j + 1]) {
      // "share point", "help desk", "in tune": a name written as two words.
      d = same(here.token.bare + words[j + 1]!.token.bare, alias.raw ?? wanted, typos);
      if (d !== null) j++;
    }
    if (d === null) return null;
    edits += d;
    j++;
  }
  return { end: j, edits };
}

const STRENGTH: Record<AliasKind, number> = { name: 3, alias: 3, acronym: 3, cue: 1 };

/** Every place a tenant role is named, best reading first. */
export function findRoleMentions(text: string, roles: readonly PlannerRole[]): RoleMention[] {
  const aliases = aliasesOf(roles);
  const words: Word[] = tokenize(text).map((token) => ({ token, canonical: canonicalWord(token.bare) }));
  const found: Array<RoleMention & { rank: number[] }> = [];
  const same = memoSame();
  for (let i = 0; i < words.length; i++) {
    if (isDropped(words[i]!.canonical)) continue;
    for (const alias of aliases) {
      const m = matchAt(words, i, alias, same);
      if (!m) continue;
      // A one-letter-off short word is more likely another word than a typo.
      const letters = alias.words.join('').length;
      if (m.edits > 0 && m.edits * 6 > letters) continue;
      const strong = STRENGTH[alias.kind] > 1;
      const start = words[i]!.token.start;
      const end = words[m.end - 1]!.token.end;
      found.push({ role: alias.role, strong, edits: m.edits, start, end, rank: [STRENGTH[alias.kind], m.end - i, -m.edits, -start] });
    }
  }
  const better = (a: number[], b: number[]): number => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return b[k]! - a[k]!;
    return 0;
  };
  found.sort((a, b) => better(a.rank, b.rank));
  const chosen: RoleMention[] = [];
  for (const f of found) {
    if (chosen.some((c) => c.start < f.end && f.start < c.end)) continue;
    chosen.push({ role: f.role, strong: f.strong, edits: f.edits, start: f.start, end: f.end });
  }
  return chosen;
}

/** The role a sentence is about, or null when it names none. */
export function findRole(text: string, roles: readonly PlannerRole[]): RoleMention | null {
  return findRoleMentions(text, roles)[0] ?? null;
}
