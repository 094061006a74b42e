/** "What's the status of my request?": recent activation requests in plain words, open ones first. */
import { currentDraft } from '../dialogue.js';
import type { Turn } from '../turn.js';
import { clockTime, durationInWords, isPending, statusInWords } from '../words.js';
import { activationRequests } from './requests.js';
import { lookupRole } from './roles.js';
import { aboutWhom, type PersonParams } from './subject.js';

const RECENT_DAYS = 30;
const SHOWN = 5;

export interface StatusParams extends PersonParams {
  role?: string;
}

export async function requestStatus(turn: Turn, params: StatusParams): Promise<string> {
  const about = await aboutWhom(turn, params, 'the status of their requests');
  if (!about) return 'Stopped: see the message shown.';
  let requests = await activationRequests(turn, about);
  if (!requests) return 'Stopped: the user is not signed in.';
  const now = turn.now();
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  requests = requests.filter((r) => isPending(r.status) || Date.parse(r.createdDateTime) >= since);
  if (params.role) {
    const role = await lookupRole(turn, { role: params.role });
    if (role.found) requests = requests.filter((r) => r.roleDefinitionId.toLowerCase() === role.found!.id.toLowerCase());
  }
  const who = about.self ? 'You' : about.subject.name;
  const draft = about.self ? currentDraft(turn.state, turn.userId, now) : undefined;
  const building = draft?.roleName ? `\n\nYou are also in the middle of asking for **${draft.roleName}**; answer my last question, or say **cancel** to drop it.` : '';
  if (requests.length === 0) {
    await turn.say(`${who} ${about.self ? 'have' : 'has'} made no activation requests in the last ${RECENT_DAYS} days.${about.self ? ' Say **what can I activate?** to start one.' : ''}${building}`);
    return `No recent requests for ${who}.`;
  }
  const open = requests.filter((r) => isPending(r.status));
  const shown = [...open, ...requests.filter((r) => !isPending(r.status))].slice(0, SHOWN);
  const [zone, names] = await Promise.all([turn.timeZone(), Promise.all(shown.map((r) => turn.services.directory.roleName(r.roleDefinitionId)))]);
  const lines = shown.map((r, i) => {
    const facts = [`asked ${clockTime(r.createdDateTime, zone, now)}`];
    const duration = r.scheduleInfo?.expiration?.duration;
    if (duration) facts.push(`for ${durationInWords(duration)}`);
    if (r.ticketInfo?.ticketNumber) facts.push(r.ticketInfo.ticketNumber);
    return `- **${names[i]}** — ${statusInWords(r.status)} · ${facts.join(' · ')}`;
  });
  const first = shown[0]!;
  const firstName = names[0]!;
  let next = '';
  if (about.self && isPending(first.status)) next = `\n\nChanged your mind? Say **cancel my ${firstName} request**.`;
  else if (first.status.toLowerCase() === 'denied') next = `\n\nSay **why was ${about.self ? 'my' : `${who}’s`} request denied?** for the reviewer’s note.`;
  await turn.say(`${about.self ? 'Your recent requests' : `Recent requests of ${who}`}:\n\n${lines.join('\n')}${next}${building}`);
  return `Shown ${shown.length} requests; the newest open or recent is ${firstName}: ${first.status}.`;
}
