/**
 * "End activation" on an oversight alert card. The actor is the verified Teams sender (the route
 * passes it in), who must be in the security admin group; the user and role come from the stored
 * alert, never from the card. The trail entry is written before PIM is asked to remove anything.
 */
import { randomUUID } from 'node:crypto';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { AuditTrail, CardActionOutput } from '../audit/index.js';
import type { PimGateway, ScheduleRequest } from '../pim/index.js';
import type { Queryable } from '../store/db.js';
import { alertCard } from './alert-card.js';
import { findAlert } from './ingest.js';
import type { Alert } from './types.js';

export const END_ACTIVATION_VERB = 'endActivation';

export interface EndActivationInput {
  /** Entra object id of the verified sender, from the activity, never from card data. */
  actorAadId: string;
  actorName?: string;
  alertId: string;
  traceId?: string;
}

export interface EndActivationDeps {
  db: Queryable;
  pim: PimGateway;
  trail: AuditTrail;
  securityAdminGroupId?: string;
  log: Logger;
}

export type EndActivationResult =
  | { outcome: 'ended'; message: string; alert: Alert; request: ScheduleRequest }
  | { outcome: 'refused'; message: string }
  | { outcome: 'nothing-to-end'; message: string; alert?: Alert };

/** User ids in the group, nested groups followed (each once); app token. */
export async function groupUserIds(pim: PimGateway, groupId: string): Promise<Set<string>> {
  const users = new Set<string>();
  const seen = new Set<string>();
  const queue = [groupId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    for (const m of await pim.listGroupMembers(id)) {
      const type = m['@odata.type'] ?? '';
      if (/group$/i.test(type)) queue.push(m.id);
      else if (/user$/i.test(type) || !type) users.add(m.id.toLowerCase());
    }
  }
  return users;
}

function who(alert: Alert): string {
  return alert.userPrincipalName || alert.userId;
}

export async function handleEndActivation(input: EndActivationInput, deps: EndActivationDeps): Promise<EndActivationResult> {
  const traceId = input.traceId ?? randomUUID();
  const actor = { type: 'user' as const, id: input.actorAadId, ...(input.actorName && { name: input.actorName }) };
  const refuse = async (reason: string, detail: string, message: string): Promise<EndActivationResult> => {
    await deps.trail.append({ kind: 'refusal', traceId, actor, output: { reason, detail, verb: END_ACTIVATION_VERB } });
    deps.log.warn({ actor: input.actorAadId, alertId: input.alertId, reason }, 'end activation refused');
    return { outcome: 'refused', message };
  };

  if (!deps.securityAdminGroupId) {
    return refuse('not-configured', 'SECURITY_ADMIN_GROUP_ID is not set', 'Ending activations from alerts is switched off: no security admin group is configured.');
  }
  const admins = await groupUserIds(deps.pim, deps.securityAdminGroupId);
  if (!admins.has(input.actorAadId.toLowerCase())) {
    return refuse('not-security-admin', `${input.actorAadId} is not in group ${deps.securityAdminGroupId}`, 'Only members of the security admin group can end an activation.');
  }

  const alert = await findAlert(deps.db, input.alertId);
  if (!alert) return refuse('unknown-alert', `no stored alert ${input.alertId}`, 'I have no record of that alert.');
  if (!alert.roleId) return { outcome: 'nothing-to-end', message: `No PIM role was active for ${who(alert)} in this alert; there is nothing to end.`, alert };

  // Only an activation is ended here: a standing assignment is a decision for the role's owners.
  const active = (await deps.pim.listActiveAssignments({ principalId: alert.userId, roleDefinitionId: alert.roleId })).find(
    (a) => (a.assignmentType ?? '').toLowerCase() === 'activated',
  );
  const role = alert.roleName ?? alert.roleId;
  if (!active) return { outcome: 'nothing-to-end', message: `${who(alert)} has no active ${role} activation to end.`, alert };

  // Whose activation, from the stored alert, kept beside the verb so the trail says what was ended.
  const output: CardActionOutput & { alertId: string; principalId: string; roleDefinitionId: string } = {
    verb: END_ACTIVATION_VERB,
    alertId: alert.id,
    principalId: alert.userId,
    roleDefinitionId: alert.roleId,
  };
  const request = await deps.trail.record(
    { kind: 'card.action', traceId, requestId: alert.requestId, actor, output },
    () =>
      deps.pim.adminRemove({
        principalId: alert.userId,
        roleDefinitionId: output.roleDefinitionId,
        directoryScopeId: active.directoryScopeId ?? '/',
        justification: `Ended from oversight alert ${alert.id} by a security admin`,
      }),
  );
  deps.log.info({ actor: input.actorAadId, alertId: alert.id, requestId: request.id }, 'activation ended from an oversight alert');
  return { outcome: 'ended', message: `Ended ${who(alert)}'s ${role} activation.`, alert, request };
}

/** What the clicked card becomes: the alert with the outcome in place of the button, or a line of text. */
export function endActivationAnswer(result: EndActivationResult): AdaptiveCard | string {
  if (result.outcome === 'refused' || !result.alert) return result.message;
  return alertCard(result.alert, { outcome: result.message }) as unknown as AdaptiveCard;
}

/** Registers the alert card's button; the actor is the sender Teams verified. */
export function registerOversightActions<TState extends TurnState>(app: Application<TState>, deps: EndActivationDeps): void {
  const run = async (aadObjectId: string | undefined, name: string | undefined, data: Record<string, unknown>): Promise<AdaptiveCard | string> => {
    const alertId = typeof data.alertId === 'string' ? data.alertId : '';
    if (!aadObjectId || !alertId) return 'That action is missing who sent it or which alert it is for.';
    try {
      return endActivationAnswer(await handleEndActivation({ actorAadId: aadObjectId, actorName: name, alertId }, deps));
    } catch (err) {
      deps.log.error({ err, alertId }, 'end activation failed');
      return `I couldn't end the activation: ${err instanceof Error ? err.message : String(err)}`;
    }
  };
  app.adaptiveCards.actionExecute(END_ACTIVATION_VERB, async (context, _state, data: Record<string, unknown>) =>
    run(context.activity.from?.aadObjectId, context.activity.from?.name, data),
  );
  app.adaptiveCards.actionSubmit(END_ACTIVATION_VERB, async (context, _state, data: Record<string, unknown>) => {
    const answer = await run(context.activity.from?.aadObjectId, context.activity.from?.name, data);
    await context.sendActivity(typeof answer === 'string' ? answer : { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: answer }] });
  });
}
