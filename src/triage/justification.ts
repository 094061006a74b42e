/**
 * Reads a justification the way an approver would: is it specific enough to check, is it in a
 * language the approvers read, and which terms in it matter.
 */
import { domainOfText, type DomainMatch } from '../roles/index.js';
import { findTicket } from './tickets.js';

const STOPWORDS = new Set(
  ('a an the and or but to of in on for with at by from as is are was were be been being it its this that these those ' +
    'i me my we our us you your he she they them their there here so if then than too very can could would should will ' +
    'shall may might must do does did done have has had having not no nor into onto over under up down out off about ' +
    'per via re please pls kindly thanks thank some any all each few more most other such only own same just also new ' +
    'need needs needed want wants require requires required get got make making made do doing go going use using ' +
    'today tomorrow now asap urgent work task tasks access role admin rights permission permissions').split(' '),
);

/** Common function words of other languages; many of them in a text mean it is not in English. */
const FOREIGN = new Set(
  ('der die das und ist nicht mit für ein eine zu den dem des auf bitte wegen ' +
    'le la les et est pas avec pour un une des du au aux sur dans merci ' +
    'el los las y es con para por una del al en favor ' +
    'het een en niet met voor van op de ' +
    'il lo gli e non con per una della nel ' +
    'och är inte med för att på av ' +
    'o os as não com para uma do da').split(' '),
);
const ENGLISH = new Set('the and to of for with on in is are please need this that from by at an a new our'.split(' '));

/** Phrases that say nothing about what will be done. */
const GENERIC: RegExp[] = [
  /\b(need|needs|needed|want|wants|require|requires|requesting|request)\s+(to\s+)?(have\s+)?(admin\s+|the\s+|this\s+|some\s+|elevated\s+|more\s+)?(access|rights|permissions?|privileges?|role)\b/i,
  /\b(fix|fixing|check|checking|look\s+at|looking\s+into|investigate|investigating|troubleshoot|troubleshooting|resolve|resolving|help\s+with|do|doing|sort|sorting|change|changing)\s+(something|stuff|things|some\s+things|an?\s+issue|issues|a\s+problem|problems|it)\b/i,
  /\bsome\s+(\w+\s+)?(changes|stuff|things|work|tasks|updates|config(uration)?)\b/i,
  /\b(admin|administrative|general|routine|misc|miscellaneous|various|bau|regular|usual|standard|normal|daily)\s+(work|tasks?|stuff|duties|activities|admin|maintenance)\b/i,
  /\bas\s+(discussed|agreed|requested|usual|needed|per\s+usual)\b/i,
  /\b(for|doing)\s+(my|the)\s+(job|work)\b/i,
  /^\W*(access|admin|work|testing|test|maintenance|task|tasks|stuff|n\/?a|none|na|temp|temporary|needed|required|support|troubleshooting|investigation|project|update|changes|config)\W*$/i,
];

export interface JustificationReading {
  text: string;
  /** Words that carry meaning: no stop words, no ticket numbers. */
  contentWords: string[];
  generic: string[];
  vague: boolean;
  tooShort: boolean;
  nonEnglish: boolean;
  domains: DomainMatch[];
  keyTerms: string[];
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

function isNonEnglish(text: string, tokens: string[]): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length >= 8) {
    const latin = letters.filter((c) => /[a-z\u00C0-\u024F]/i.test(c)).length;
    if (latin / letters.length < 0.6) return true;
  }
  const foreign = tokens.filter((t) => FOREIGN.has(t) && !ENGLISH.has(t)).length;
  const english = tokens.filter((t) => ENGLISH.has(t)).length;
  return foreign >= 2 && foreign > english;
}

export function readJustification(raw: string | undefined | null): JustificationReading {
  const text = (raw ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  const ticket = findTicket(text);
  const withoutTicket = ticket ? text.replace(new RegExp(ticket.number, 'ig'), ' ') : text;
  const tokens = words(withoutTicket);
  const nonEnglish = isNonEnglish(withoutTicket, tokens);

  const generic = GENERIC.map((re) => re.exec(withoutTicket)?.[0]).filter((x): x is string => !!x);
  let rest = withoutTicket;
  for (const g of generic) rest = rest.replace(g, ' ');
  const contentWords = words(withoutTicket).filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
  const specificWords = words(rest).filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);

  const tooShort = contentWords.length < 2 || withoutTicket.replace(/\W/g, '').length < 10;
  // Generic wording is only vague when little specific is left once it is taken out.
  const vague = tooShort || (generic.length > 0 && specificWords.length < 3);
  const domains = nonEnglish ? [] : domainOfText(withoutTicket);

  const keyTerms: string[] = [];
  if (ticket) keyTerms.push(ticket.number);
  for (const d of domains) for (const h of d.hits) if (!keyTerms.some((k) => k.toLowerCase().includes(h))) keyTerms.push(h);
  for (const w of contentWords) {
    if (keyTerms.length >= 8) break;
    if (!keyTerms.some((k) => k.toLowerCase().includes(w))) keyTerms.push(w);
  }
  return { text, contentWords, generic, vague, tooShort, nonEnglish, domains, keyTerms: keyTerms.slice(0, 8) };
}
