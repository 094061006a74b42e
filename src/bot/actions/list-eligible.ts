/** "What can I activate?": the speaker's eligible roles (or, for the helpdesk, someone else's) with each role's limits. */
import type { RolePolicy } from '../../pim/index.js';
import type { Turn } from '../turn.js';
import { clockTime } from '../words.js';
import { policyFacts } from './policy-facts.js';
import { eligibleRoles, fromInstances, type EligibleRole } from './roles.js';
import { aboutWhom, type PersonParams } from './subject.js';

export async function listEligibleRoles(turn: Turn, params: PersonParams): Promise<string> {
  const about = await aboutWhom(turn, params, 'which roles can they activate');
  if (!about) return 'Stopped: see the message shown.';
  const { graph, directory } = turn.services;
  let roles: EligibleRole[];
  if (about.self) {
    const me = await turn.me();
    if (!me) return 'Stopped: the user is not signed in.';
    roles = await eligibleRoles(turn, me.pim);
  } else {
    const now = turn.now().getTime();
    const schedules = await graph.pim.listEligibilitySchedules({ principalId: about.subject.id });
    const current = schedules
      .map((s) => ({ roleDefinitionId: s.roleDefinitionId, directoryScopeId: s.directoryScopeId, start: s.scheduleInfo?.startDateTime, endDateTime: s.scheduleInfo?.expiration?.endDateTime ?? null }))
      .filter((s) => (!s.start || Date.parse(s.start) <= now) && (!s.endDateTime || Date.parse(s.endDateTime) > now));
    roles = fromInstances(current, await directory.roles());
  }
  const who = about.self ? 'You' : about.subject.name;
  if (roles.length === 0) {
    await turn.say(`${who} ${about.self ? 'have' : 'has'} no roles to activate in PIM.${about.self ? ' Ask your PIM administrator if you need one; **which role do I need to …?** tells you which fits a task.' : ''}`);
    return `${who} has no eligible roles.`;
  }
  const [policies, zone] = await Promise.all([
    Promise.all(roles.map((r) => graph.pim.getRolePolicy(r.roleId).catch(() => undefined as RolePolicy | undefined))),
    turn.timeZone(),
  ]);
  const now = turn.now();
  const lines = roles.map((r, i) => {
    const until = r.endDateTime ? ` · eligible until ${clockTime(r.endDateTime, zone, now)}` : '';
    return `- **${r.roleName}** — ${policyFacts(policies[i])}${until}`;
  });
  const example = roles[0]!.roleName;
  const next = about.self
    ? `\n\nTo activate one, say for example **activate ${example} for 2 hours to …** with your reason, or **request form** for a form.`
    : '';
  await turn.say(`${who} can activate ${roles.length === 1 ? 'this role' : `these ${roles.length} roles`}:\n\n${lines.join('\n')}${next}`);
  return `Shown: ${roles.map((r) => r.roleName).join(', ')}.`;
}
