/**
 * "Extend my role": PIM cannot lengthen an activation that is running, so the answer says what to
 * do instead; a time-bound assignment that is ending can be extended (`selfExtend`, which an
 * administrator approves).
 */
import { isoDurationMinutes } from '../../pim/index.js';
import { isoDuration, readDuration } from '../../planner/index.js';
import { explainFailure, failureText } from '../failures.js';
import type { Turn } from '../turn.js';
import { clockTime, durationInWords, listInWords, quoted, timeLeft } from '../words.js';
import { MAX_JUSTIFICATION } from './activation.js';
import { lookupRole } from './roles.js';

export interface ExtendParams {
  role?: string;
  duration?: string;
  justification?: string;
  person?: string;
}

export async function extendRole(turn: Turn, params: ExtendParams): Promise<string> {
  if (params.person?.trim()) {
    await turn.say(`I can only extend your own roles; ${quoted(params.person)} can ask me themselves.`);
    return 'Refused: only the speaker’s own roles.';
  }
  const me = await turn.me();
  if (!me) return 'Stopped: the user is not signed in.';
  const now = turn.now();
  const zone = await turn.timeZone();
  const active = (await me.pim.listMyActiveAssignments()).filter((a) => !a.endDateTime || Date.parse(a.endDateTime) > now.getTime());
  const names = await Promise.all(active.map((a) => turn.services.directory.roleName(a.roleDefinitionId)));
  let index = active.length === 1 ? 0 : -1;
  if (params.role) {
    const role = await lookupRole(turn, { role: params.role });
    index = role.found ? active.findIndex((a) => a.roleDefinitionId.toLowerCase() === role.found!.id.toLowerCase()) : -1;
    if (index < 0) {
      await turn.say(`**${role.found?.displayName ?? quoted(params.role)}** isn’t active for you, so there is nothing to extend. To turn it on, say **activate ${role.found?.displayName ?? 'it'}**.`);
      return 'Role not active.';
    }
  }
  if (index < 0) {
    const list = active.length ? ` Active now: ${listInWords(names.map((n) => `**${n}**`))}.` : ' You have no active roles right now.';
    await turn.say(`Which role do you want to extend?${list}`);
    return 'Asked which role to extend.';
  }
  const target = active[index]!;
  const name = names[index]!;
  if (!target.endDateTime) {
    await turn.say(`**${name}** is assigned to you permanently; there is nothing to extend.`);
    return 'Permanent assignment.';
  }
  if ((target.assignmentType ?? '').toLowerCase() === 'activated') {
    const max = await turn.services.graph.pim.getRolePolicy(target.roleDefinitionId).then((p) => p.maxDuration).catch(() => null);
    await turn.say(
      `PIM can’t lengthen an activation that is running: **${name}** stays active until ${clockTime(target.endDateTime, zone, now)} (${timeLeft(target.endDateTime, now)}).\n\n` +
        `When it ends, activate it again (say **activate ${name}**). If you already know you need longer, deactivate it now and activate it again for longer${max ? `, up to ${durationInWords(max)}` : ''}.`,
    );
    return 'Activations cannot be extended; explained the alternatives.';
  }
  // A time-bound (assigned) role that is ending: ask PIM to extend it.
  const minutes = params.duration ? (/^P/i.test(params.duration) ? isoDurationMinutes(params.duration) : readDuration(params.duration, now, zone)?.minutes) : undefined;
  const justification = params.justification?.replace(/\s+/g, ' ').trim().slice(0, MAX_JUSTIFICATION);
  if (!minutes || !justification) {
    await turn.say(`**${name}** is assigned to you until ${clockTime(target.endDateTime, zone, now)}. To ask for more time, tell me how long and why, e.g. **extend ${name} by 30 days to finish the mailbox migration**.`);
    return 'Asked for duration and reason of the extension.';
  }
  try {
    await me.pim.selfExtend({ principalId: me.userId, roleDefinitionId: target.roleDefinitionId, duration: isoDuration(Math.round(minutes)), justification });
  } catch (err) {
    await turn.say(failureText(`I couldn’t ask to extend **${name}**.`, explainFailure(err)));
    return 'Extension failed.';
  }
  await turn.say(`I asked PIM to extend **${name}** by ${durationInWords(isoDuration(Math.round(minutes)))}. An administrator approves extensions; say **status of my requests** to follow it.`);
  return `Asked to extend ${name}.`;
}
