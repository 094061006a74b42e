/** "I'm done, deactivate Exchange Administrator": ends an activation before its time. */
import { explainFailure, failureText } from '../failures.js';
import type { Turn } from '../turn.js';
import { clockTime, listInWords, quoted } from '../words.js';
import { lookupRole } from './roles.js';

export interface DeactivateParams {
  role?: string;
  person?: string;
}

export async function deactivateRole(turn: Turn, params: DeactivateParams): Promise<string> {
  if (params.person?.trim()) {
    await turn.say(`I can only deactivate your own roles. ${quoted(params.person)} can do it here, or a PIM administrator can remove the assignment in the Entra portal.`);
    return 'Refused: only the speaker’s own roles.';
  }
  const me = await turn.me();
  if (!me) return 'Stopped: the user is not signed in.';
  const now = turn.now();
  const activated = (await me.pim.listMyActiveAssignments()).filter(
    (a) => (a.assignmentType ?? '').toLowerCase() === 'activated' && (!a.endDateTime || Date.parse(a.endDateTime) > now.getTime()),
  );
  const names = await Promise.all(activated.map((a) => turn.services.directory.roleName(a.roleDefinitionId)));
  let index = activated.length === 1 ? 0 : -1;
  if (params.role) {
    const role = await lookupRole(turn, { role: params.role });
    index = role.found ? activated.findIndex((a) => a.roleDefinitionId.toLowerCase() === role.found!.id.toLowerCase()) : -1;
    if (index < 0) {
      const named = role.found?.displayName ?? quoted(params.role);
      const others = names.length ? ` Active now: ${listInWords(names.map((n) => `**${n}**`))}.` : ' You have no activated roles right now.';
      await turn.say(`**${named}** isn’t active for you, so there is nothing to deactivate.${others}`);
      return 'Role not active.';
    }
  }
  if (activated.length === 0) {
    await turn.say('You have no activated roles right now, so there is nothing to deactivate.');
    return 'Nothing active.';
  }
  if (index < 0) {
    await turn.say(`You have ${activated.length} roles active: ${listInWords(names.map((n) => `**${n}**`))}. Which one should I deactivate?`);
    return 'Asked which role to deactivate.';
  }
  const target = activated[index]!;
  const name = names[index]!;
  try {
    await me.pim.selfDeactivate({ principalId: me.userId, roleDefinitionId: target.roleDefinitionId, directoryScopeId: target.directoryScopeId ?? '/' });
  } catch (err) {
    await turn.say(failureText(`I couldn’t deactivate **${name}**.`, explainFailure(err)));
    return 'Deactivation failed.';
  }
  await turn.services.statusCards.endedEarly(me.userId, target.roleDefinitionId).catch((err: unknown) => turn.log.warn({ err }, 'status cards not updated after deactivation'));
  const zone = await turn.timeZone();
  const until = target.endDateTime ? ` It would have lasted until ${clockTime(target.endDateTime, zone, now)}.` : '';
  await turn.say(`Done: **${name}** is deactivated.${until} Thanks for giving it back early. Need it again later? Say **activate ${name}**.`);
  return `Deactivated ${name}.`;
}
