/**
 * Who a question is about: the speaker, or someone else named by name, UPN or id (then only the
 * helpdesk may ask, see helpdesk.ts).
 */
import { NotFoundError } from '../../pim/index.js';
import { findPerson } from '../../planner/index.js';
import { mayAskAbout, type Subject } from '../helpdesk.js';
import type { Turn } from '../turn.js';
import { quoted } from '../words.js';

export interface PersonParams {
  /** The person asked about, as named; absent when the speaker asks about themselves. */
  person?: string;
  personId?: string;
}

export type About = { self: true; userId: string } | { self: false; subject: Subject & { id: string } };

async function resolve(turn: Turn, params: PersonParams): Promise<Subject> {
  const name = params.person?.trim() ?? '';
  const people = await turn.services.directory.people();
  if (params.personId) {
    const byId = people.find((p) => p.id.toLowerCase() === params.personId!.toLowerCase());
    if (byId) return { name: byId.displayName, id: byId.id };
  }
  const lower = name.toLowerCase();
  const exact = people.find((p) => [p.displayName, p.userPrincipalName, p.mail ?? ''].some((v) => v.toLowerCase() === lower));
  if (exact) return { name: exact.displayName, id: exact.id };
  const found = findPerson(name, people);
  if (found?.person) return { name: found.person.displayName, id: found.person.id };
  // The list read for names stops at a large tenant's first pages: an id or a UPN is asked of Graph itself.
  const key = params.personId ?? (UPN_OR_ID.test(name) ? name : undefined);
  if (key) {
    try {
      const user = await turn.services.graph.pim.getUser(key);
      return { name: user.displayName ?? user.userPrincipalName ?? key, id: user.id };
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return { name: name || 'that person', id: null };
}

const UPN_OR_ID = /^[^\s@]+@[^\s@]+\.[^\s@]+$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person a question is about. For someone else, checks the helpdesk rule first (so a refusal
 * never reveals whether the person exists), then resolves them; says why and returns undefined
 * when the answer must stop here.
 */
export async function aboutWhom(turn: Turn, params: PersonParams, question: string): Promise<About | undefined> {
  const speaker = turn.userId;
  if (!speaker) {
    await turn.say('I could not tell who you are: this message carries no Entra user id.');
    return undefined;
  }
  if (!params.person?.trim() && !params.personId) return { self: true, userId: speaker };
  const subject = await resolve(turn, params);
  if (subject.id?.toLowerCase() === speaker.toLowerCase()) return { self: true, userId: speaker };
  if (!(await mayAskAbout(turn, subject, question))) return undefined;
  if (!subject.id) {
    await turn.say(`I could not find anyone called ${quoted(subject.name)} in the directory. Try their full name or their user name (name@company).`);
    return undefined;
  }
  return { self: false, subject: { name: subject.name, id: subject.id } };
}
