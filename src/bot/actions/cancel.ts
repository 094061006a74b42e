/** "Cancel my request": withdraws a request still waiting (or drops the one being built). */
import type { ScheduleRequest } from '../../pim/index.js';
import { currentDraft, dropDraft } from '../dialogue.js';
import { explainFailure, failureText } from '../failures.js';
import type { Turn } from '../turn.js';
import { clockTime, isPending, listInWords, quoted, statusInWords } from '../words.js';
import { lookupRole } from './roles.js';

export interface CancelParams {
  role?: string;
  requestId?: string;
  person?: string;
}

export async function cancelRequest(turn: Turn, params: CancelParams): Promise<string> {
  if (params.person?.trim()) {
    await turn.say(`I can only cancel your own requests. ${quoted(params.person)} can cancel theirs here, or in the Entra portal.`);
    return 'Refused: only the speaker’s own requests.';
  }
  const me = await turn.me();
  if (!me) return 'Stopped: the user is not signed in.';
  const now = turn.now();
  let pending = (await me.pim.listMyRequests('principal', { status: 'PendingApproval' })).filter(
    (r) => r.principalId.toLowerCase() === me.userId.toLowerCase() && r.action.toLowerCase() === 'selfactivate' && isPending(r.status),
  );
  let roleName: string | undefined;
  if (params.requestId) pending = pending.filter((r) => r.id === params.requestId);
  if (params.role) {
    const role = await lookupRole(turn, { role: params.role });
    if (role.found) {
      roleName = role.found.displayName;
      pending = pending.filter((r) => r.roleDefinitionId.toLowerCase() === role.found!.id.toLowerCase());
    }
  }
  const draft = currentDraft(turn.state, turn.userId, now);
  if (pending.length === 0) {
    if (draft && (!roleName || draft.roleId?.toLowerCase() === (await lookupRole(turn, { role: roleName })).found?.id.toLowerCase())) {
      dropDraft(turn.state, turn.userId);
      await turn.say(`OK, I dropped the request${draft.roleName ? ` for **${draft.roleName}**` : ''} we were putting together. Nothing was sent to PIM.`);
      return 'Dropped the request in progress.';
    }
    await turn.say(`You have no requests${roleName ? ` for **${roleName}**` : ''} waiting for approval, so there is nothing to cancel. To end a role that is active, say **deactivate** and its name.`);
    return 'Nothing to cancel.';
  }
  const zone = await turn.timeZone();
  const names = await Promise.all(pending.map((r) => turn.services.directory.roleName(r.roleDefinitionId)));
  if (pending.length > 1) {
    const which = pending.map((r, i) => `**${names[i]}** (asked ${clockTime(r.createdDateTime, zone, now)})`);
    await turn.say(`You have ${pending.length} requests waiting: ${listInWords(which)}. Which one should I cancel? Say for example **cancel my ${names[0]} request**.`);
    return 'Asked which request to cancel.';
  }
  const request: ScheduleRequest = pending[0]!;
  const name = names[0]!;
  try {
    await me.pim.cancelRequest(request.id);
  } catch (err) {
    await turn.say(failureText(`I couldn’t cancel your request for **${name}**.`, explainFailure(err)));
    return 'Cancel failed.';
  }
  await turn.services.statusCards.refreshRequest(request.id).catch((err: unknown) => turn.log.warn({ err }, 'status card not refreshed after cancel'));
  await turn.say(`Canceled your request for **${name}** (asked ${clockTime(request.createdDateTime, zone, now)}, was ${statusInWords(request.status)}). Nothing was activated.`);
  return `Canceled request ${request.id} for ${name}.`;
}
