/** The speaker's (or, for the helpdesk, someone's) activation requests, newest first. */
import type { ScheduleRequest } from '../../pim/index.js';
import type { Turn } from '../turn.js';
import type { About } from './subject.js';

const ACTIVATIONS = new Set(['selfactivate', 'selfextend']);
/** Enough for anyone's recent history; a very long one is cut rather than paged forever. */
const LIMIT = 1000;

/** Activation requests of the person, newest first; `undefined` when the speaker is not signed in. */
export async function activationRequests(turn: Turn, about: About): Promise<ScheduleRequest[] | undefined> {
  let requests: ScheduleRequest[];
  if (about.self) {
    const me = await turn.me();
    if (!me) return undefined;
    requests = (await me.pim.listMyRequests('principal', { limit: LIMIT })).filter((r) => r.principalId.toLowerCase() === me.userId.toLowerCase());
  } else {
    requests = await turn.services.graph.pim.listRequests({ principalId: about.subject.id, limit: LIMIT });
  }
  return requests
    .filter((r) => ACTIVATIONS.has(r.action.toLowerCase()))
    .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
}
