/** "Show my active roles": what is active now, until when, and how much time is left. */
import type { AssignmentInstance } from '../../pim/index.js';
import type { Turn } from '../turn.js';
import { clockTime, timeLeft } from '../words.js';
import { aboutWhom, type PersonParams } from './subject.js';

export async function listActiveRoles(turn: Turn, params: PersonParams): Promise<string> {
  const about = await aboutWhom(turn, params, 'which roles are active');
  if (!about) return 'Stopped: see the message shown.';
  let active: AssignmentInstance[];
  if (about.self) {
    const me = await turn.me();
    if (!me) return 'Stopped: the user is not signed in.';
    active = await me.pim.listMyActiveAssignments();
  } else {
    active = await turn.services.graph.pim.listActiveAssignments({ principalId: about.subject.id });
  }
  const now = turn.now();
  active = active.filter((a) => !a.endDateTime || Date.parse(a.endDateTime) > now.getTime());
  const who = about.self ? 'You' : about.subject.name;
  if (active.length === 0) {
    await turn.say(`${who} ${about.self ? 'have' : 'has'} no active roles right now.${about.self ? ' Say **what can I activate?** to see the roles you can turn on.' : ''}`);
    return `${who} has no active roles.`;
  }
  const [zone, names] = await Promise.all([turn.timeZone(), Promise.all(active.map((a) => turn.services.directory.roleName(a.roleDefinitionId)))]);
  const lines = active
    .map((a, i) => {
      const name = names[i]!;
      if (!a.endDateTime) return { name, text: `- **${name}** — permanently assigned` };
      const how = (a.assignmentType ?? '').toLowerCase() === 'activated' ? 'active' : 'assigned';
      return { name, text: `- **${name}** — ${how} until ${clockTime(a.endDateTime, zone, now)} (${timeLeft(a.endDateTime, now)})` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const activated = active.find((a) => (a.assignmentType ?? '').toLowerCase() === 'activated');
  const next = about.self && activated ? `\n\nDone early? Say **deactivate ${names[active.indexOf(activated)]}**.` : '';
  await turn.say(`${about.self ? 'Your active roles' : `Active roles of ${who}`}:\n\n${lines.map((l) => l.text).join('\n')}${next}`);
  return `Shown: ${lines.map((l) => l.name).join(', ')}.`;
}
