/**
 * "End activation" on an oversight alert card. The actor is the verified Teams sender (the route
 * passes it in), who must be in the security admin group; the user and role come from the stored
 * alert, never from the card. The trail entry is written before PIM is asked to remove anything.
 * One click at a time asks PIM: a double click, or a second admin on the same alert, is told who
 * ended it (or that it is being ended) instead of sending a second adminRemove PIM would refuse.
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

/** How long a click holds the alert while it asks PIM; a crash mid-way frees it after this. */
const END_CLAIM_MS = 2 * 60_000;

/** Holds the alert for this click; false when it is ended already or another click holds it. */
async function claimEnd(db: Queryable, alertId: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE oversight_alerts SET end_claimed_until = now() + $2 * interval '1 millisecond'
     WHERE id = $1 AND ended_at IS NULL AND (end_claimed_until IS NULL OR end_claimed_until < now())
     RETURNING id`,
    [alertId, END_CLAIM_MS],
  );
  return rows.length > 0;
}

async function releaseEnd(db: Queryable, alertId: string): Promise<void> {
  await db.query('UPDATE oversight_alerts SET end_claimed_until = NULL WHERE id = $1', [alertId]);
}

async function settleEnd(db: Queryable, alertId: string, endedBy: string, requestId: string | undefined): Promise<void> {
  await db.query('UPDATE oversight_alerts SET ended_at = now(), ended_by = $2, end_request_id = $3, end_claimed_until = NULL WHERE id = $1', [alertId, endedBy, requestId ?? null]);
}

/** What another click did: ended it (by whom, when) or is asking PIM now. */
async function otherClick(db: Queryable, alert: Alert): Promise<string> {
  const { rows } = await db.query<{ ended_at: Date | string | null; ended_by: string | null }>('SELECT ended_at, ended_by FROM oversight_alerts WHERE id = $1', [alert.id]);
  const ended = rows[0]?.ended_at;
  if (!ended) return `Someone is ending ${who(alert)}'s activation from this alert right now; nothing more was sent to PIM.`;
  const at = new Date(ended).toISOString().slice(0, 16).replace('T', ' ');
  return `${who(alert)}'s activation was already ended from this alert by ${rows[0]?.ended_by ?? 'a security admin'} at ${at} UTC.`;
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

  if (!(await claimEnd(deps.db, alert.id))) {
    deps.log.info({ actor: input.actorAadId, alertId: alert.id }, 'end activation: already ended or being ended from this alert');
    return { outcome: 'nothing-to-end', message: await otherClick(deps.db, alert), alert };
  }
  try {
    return await endClaimed(input, deps, alert, alert.roleId, actor, traceId);
  } finally {
    // Settled, or left for the next click: never held past this one (the lease ends it if this fails).
    await releaseEnd(deps.db, alert.id).catch((err: unknown) => deps.log.warn({ err, alertId: alert.id }, 'end activation: could not release the alert'));
  }
}

async function endClaimed(
  input: EndActivationInput,
  deps: EndActivationDeps,
  alert: Alert,
  roleId: string,
  actor: { type: 'user'; id: string; name?: string },
  traceId: string,
): Promise<EndActivationResult> {
  // Only an activation is ended here: a standing assignment is a decision for the role's owners.
  const activation = async () =>
    (await deps.pim.listActiveAssignments({ principalId: alert.userId, roleDefinitionId: roleId })).find((a) => (a.assignmentType ?? '').toLowerCase() === 'activated');
  const active = await activation();
  const role = alert.roleName ?? roleId;
  if (!active) return { outcome: 'nothing-to-end', message: `${who(alert)} has no active ${role} activation to end.`, alert };

  // Whose activation, from the stored alert, kept beside the verb so the trail says what was ended.
  const output: CardActionOutput & { alertId: string; principalId: string; roleDefinitionId: string } = {
    verb: END_ACTIVATION_VERB,
    alertId: alert.id,
    principalId: alert.userId,
    roleDefinitionId: roleId,
  };
  let request: ScheduleRequest;
  try {
    request = await deps.trail.record(
      { kind: 'card.action', traceId, requestId: alert.requestId, actor, output },
      () =>
        deps.pim.adminRemove({
          principalId: alert.userId,
          roleDefinitionId: output.roleDefinitionId,
          directoryScopeId: active.directoryScopeId ?? '/',
          justification: `Ended from oversight alert ${alert.id} by a security admin`,
        }),
    );
  } catch (err) {
    // PIM refuses to remove what is gone: ended in the portal meanwhile, expired, or an earlier try that landed.
    if (!(await activation().catch(() => active))) return { outcome: 'nothing-to-end', message: `${who(alert)} has no active ${role} activation to end.`, alert };
    throw err;
  }
  await settleEnd(deps.db, alert.id, input.actorName ?? input.actorAadId, request.id);
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
