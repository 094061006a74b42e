/**
 * Auto mode: a request the engine marks auto-approvable, on a role in auto mode and never tier 0,
 * is approved in PIM by the automation approver, with the rationale as the approval's justification.
 * Every reason not to is written to the audit trail; the request then goes to the approvers' cards.
 */
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.js';
import type { Outcome } from '../cards/index.js';
import { AlreadyDecidedError } from '../pim/index.js';
import type { Analysis } from '../triage/index.js';
import { automationActor, SERVICE_ACTOR } from './actors.js';
import type { AutomationAccountSource } from './automation-account.js';
import type { WorkflowRequest, WorkflowStore } from './store.js';

/** PIM keeps approval justifications short. */
const JUSTIFICATION_MAX = 500;

export interface AutoApproverOptions {
  store: WorkflowStore;
  trail: AuditTrail;
  account: AutomationAccountSource;
  log: Logger;
  now: () => Date;
}

export type AutoResult = { approved: true; outcome: Outcome } | { approved: false; reason: string };

export function autoJustification(analysis: Analysis): string {
  const text = `Auto-approved by PIM Copilot (risk ${analysis.riskScore}/10, ${analysis.riskBand}): ${analysis.rationale}`;
  return text.length <= JUSTIFICATION_MAX ? text : `${text.slice(0, JUSTIFICATION_MAX - 1)}…`;
}

export class AutoApprover {
  constructor(private readonly o: AutoApproverOptions) {}

  async tryApprove(req: WorkflowRequest, analysis: Analysis): Promise<AutoResult> {
    const refuse = async (reason: string, detail: string, actor = SERVICE_ACTOR): Promise<AutoResult> => {
      this.o.log.info({ requestId: req.requestId, reason, detail }, 'auto mode did not approve; the approvers get cards');
      await this.o.trail.append({ kind: 'refusal', traceId: req.traceId, requestId: req.requestId, actor, output: { reason, detail, verb: 'auto-approve' } });
      return { approved: false, reason };
    };
    // Tier 0 is never approved without a person, whatever the settings or the engine say.
    if (analysis.role.tier === 0) return refuse('tier-0', `${analysis.role.displayName} is a tier-0 role; tier-0 requests always go to a person`);
    if (!analysis.autoApprovable) return { approved: false, reason: 'not-auto-approvable' };

    const account = await this.o.account.get();
    if (!account.ok) return refuse(`automation-${account.reason}`, account.detail);
    const me = automationActor(account.user.id, account.user.displayName ?? undefined);
    if (account.user.id.toLowerCase() === req.principalId?.toLowerCase()) return refuse('self-approval', 'the automation approver cannot approve its own request', me);
    if (!req.approvers.some((a) => a.toLowerCase() === account.user.id.toLowerCase())) {
      return refuse('not-approver', `${account.user.userPrincipalName ?? account.user.id} is not an approver in this role's PIM policy`, me);
    }

    const justification = autoJustification(analysis);
    const claim = await this.o.store.claimDecision({
      requestId: req.requestId,
      actorId: account.user.id,
      actorName: account.user.displayName ?? undefined,
      via: 'auto',
      verdict: 'approve',
      note: justification,
      recommended: analysis.recommendedAction,
      agreed: analysis.recommendedAction === 'approve' ? true : undefined,
    });
    if (!claim) return { approved: false, reason: 'already-claimed' };

    const approvalId = req.approvalId ?? req.requestId;
    try {
      await this.o.trail.record(
        {
          kind: 'decision.auto',
          traceId: req.traceId,
          requestId: req.requestId,
          actor: me,
          modelVersion: analysis.modelVersion,
          output: {
            decision: 'approve',
            riskScore: analysis.riskScore,
            guardrails: ['rollout mode auto', `tier ${analysis.role.tier} (not 0)`, 'engine: auto-approvable, no blocker', 'automation account is a policy approver', 'not the requester'],
            approvalId,
          },
        },
        () => account.pim.decide(approvalId, { reviewResult: 'Approve', justification }),
      );
    } catch (err) {
      if (err instanceof AlreadyDecidedError) {
        // Someone was quicker in the portal; the watch job reads what they decided.
        await this.o.store.decided(req.requestId, 'elsewhere', this.o.now());
        return { approved: false, reason: 'decided-elsewhere' };
      }
      await this.o.store.release(req.requestId, account.user.id);
      this.o.log.error({ err, requestId: req.requestId }, 'the automation approver could not approve; the approvers get cards');
      return { approved: false, reason: 'approval-failed' };
    }
    const at = this.o.now();
    await this.o.store.decided(req.requestId, 'done', at);
    const outcome: Outcome = { state: 'approved', byId: account.user.id, byName: account.user.displayName ?? account.user.userPrincipalName ?? undefined, via: 'auto', note: justification, at: at.toISOString() };
    await this.o.store.close(req.requestId, outcome, at);
    return { approved: true, outcome };
  }
}
