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
  /** Another click is asking PIM now. */
  | { outcome: 'busy'; message: string }
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

/**
 * How long a click holds the alert while it asks PIM: past the worst a Graph call with its retries
 * takes (about five minutes), renewed before adminRemove; a crash mid-way frees it after this.
 */
const END_CLAIM_MS = 10 * 60_000;

/** Holds the alert for this click (`claim` is its token); false when it is ended already or another click holds it. */
async function claimEnd(db: Queryable, alertId: string, claim: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE oversight_alerts SET end_claim_id = $2, end_claimed_until = now() + $3 * interval '1 millisecond'
     WHERE id = $1 AND ended_at IS NULL AND (end_claimed_until IS NULL OR end_claimed_until < now())
     RETURNING id`,
    [alertId, claim, END_CLAIM_MS],
  );
  return rows.length > 0;
}

/** Renews this click's hold; false when it was lost (it ran out and another click took the alert). */
async function renewEnd(db: Queryable, alertId: string, claim: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE oversight_alerts SET end_claimed_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND end_claim_id = $2 AND ended_at IS NULL RETURNING id`,
    [alertId, claim, END_CLAIM_MS],
  );
  return rows.length > 0;
}

/** Lets this click's hold go; another click's is left alone. */
async function releaseEnd(db: Queryable, alertId: string, claim: string): Promise<void> {
  await db.query('UPDATE oversight_alerts SET end_claim_id = NULL, end_claimed_until = NULL WHERE id = $1 AND end_claim_id = $2', [alertId, claim]);
}

async function settleEnd(db: Queryable, alertId: string, endedBy: string, requestId: string): Promise<void> {
  await db.query('UPDATE oversight_alerts SET ended_at = now(), ended_by = $2, end_request_id = $3, end_claim_id = NULL, end_claimed_until = NULL WHERE id = $1', [
    alertId,
    endedBy,
    requestId,
  ]);
}

/** What another click did: ended it (by whom, when), or is asking PIM now. */
async function otherClick(db: Queryable, alert: Alert): Promise<EndActivationResult> {
  const { rows } = await db.query<{ ended_at: Date | string | null; ended_by: string | null }>('SELECT ended_at, ended_by FROM oversight_alerts WHERE id = $1', [alert.id]);
  const ended = rows[0]?.ended_at;
  // The card keeps its button: if that click fails, this one can be tried again.
  if (!ended) return { outcome: 'busy', message: `Someone is ending ${who(alert)}'s activation from this alert right now; nothing more was sent to PIM.` };
  const at = new Date(ended).toISOString().slice(0, 16).replace('T', ' ');
  return { outcome: 'nothing-to-end', message: `${who(alert)}'s activation was already ended from this alert by ${rows[0]?.ended_by ?? 'a security admin'} at ${at} UTC.`, alert };
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

  const claim = randomUUID();
  if (!(await claimEnd(deps.db, alert.id, claim))) {
    deps.log.info({ actor: input.actorAadId, alertId: alert.id }, 'end activation: already ended or being ended from this alert');
    return otherClick(deps.db, alert);
  }
  try {
    return await endClaimed({ input, deps, alert, roleId: alert.roleId, actor, traceId, claim });
  } finally {
    // Settled, or left for the next click: never held past this one (the lease ends it if this fails).
    await releaseEnd(deps.db, alert.id, claim).catch((err: unknown) => deps.log.warn({ err, alertId: alert.id }, 'end activation: could not release the alert'));
  }
}

interface Claimed {
  input: EndActivationInput;
  deps: EndActivationDeps;
  alert: Alert;
  roleId: string;
  actor: { type: 'user'; id: string; name?: string };
  traceId: string;
  /** This click's hold on the alert. */
  claim: string;
}

async function endClaimed({ input, deps, alert, roleId, actor, traceId, claim }: Claimed): Promise<EndActivationResult> {
  // Only an activation is ended here: a standing assignment is a decision for the role's owners.
  const activation = async () =>
    (await deps.pim.listActiveAssignments({ principalId: alert.userId, roleDefinitionId: roleId })).find((a) => (a.assignmentType ?? '').toLowerCase() === 'activated');
  const active = await activation();
  const role = alert.roleName ?? roleId;
  if (!active) return { outcome: 'nothing-to-end', message: `${who(alert)} has no active ${role} activation to end.`, alert };
  // Graph may have been slow: still this click's to end, or another has taken over.
  if (!(await renewEnd(deps.db, alert.id, claim))) return otherClick(deps.db, alert);

  // Whose activation, from the stored alert, kept beside the verb so the trail says what was ended.
  const output: CardActionOutput & { alertId: string; principalId: string; roleDefinitionId: string } = {
    verb: END_ACTIVATION_VERB,
    alertId: alert.id,
    principalId: alert.userId,
    roleDefinitionId: roleId,
  };
  const justification = `Ended from oversight alert ${alert.id} by a security admin`;
  const endedBy = input.actorName ?? input.actorAadId;
  const ended = async (request: ScheduleRequest, message: string): Promise<EndActivationResult> => {
    // PIM has ended it: a failure to note that here must not tell the admin it failed.
    await settleEnd(deps.db, alert.id, endedBy, request.id).catch((err: unknown) => deps.log.warn({ err, alertId: alert.id }, 'end activation: ended, but not noted on the alert'));
    deps.log.info({ actor: input.actorAadId, alertId: alert.id, requestId: request.id }, 'activation ended from an oversight alert');
    return { outcome: 'ended', message, alert, request };
  };
  let request: ScheduleRequest;
  try {
    request = await deps.trail.record({ kind: 'card.action', traceId, requestId: alert.requestId, actor, output }, () =>
      deps.pim.adminRemove({ principalId: alert.userId, roleDefinitionId: roleId, directoryScopeId: active.directoryScopeId ?? '/', justification }),
    );
  } catch (err) {
    if (await activation().then(Boolean, () => true)) throw err;
    // Gone: this click's removal, whose answer was lost, or ended meanwhile (the portal, expiry).
    const mine = (await deps.pim.listRequests({ principalId: alert.userId, roleDefinitionId: roleId }).catch(() => [])).find(
      (r) => r.action === 'adminRemove' && (r.justification ?? '') === justification,
    );
    if (mine) return ended(mine, `Ended ${who(alert)}'s ${role} activation (PIM carried it out; its answer was lost on the way).`);
    return { outcome: 'nothing-to-end', message: `${who(alert)} has no active ${role} activation to end: it ended meanwhile.`, alert };
  }
  return ended(request, `Ended ${who(alert)}'s ${role} activation.`);
}

/** What the clicked card becomes: the alert with the outcome in place of the button, or a line of text. */
export function endActivationAnswer(result: EndActivationResult): AdaptiveCard | string {
  if (result.outcome === 'refused' || result.outcome === 'busy' || !result.alert) return result.message;
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
