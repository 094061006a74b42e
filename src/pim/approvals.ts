/**
 * Approval of activation requests (beta only for directory roles). Deciding needs a signed-in
 * approver's delegated token: Graph refuses app-only approval and self-approval.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { call } from './call.js';
import { AlreadyDecidedError, ConflictError } from './errors.js';
import { seg } from './odata.js';
import { approvalSchema, check, type Approval, type ApprovalStep } from './shapes.js';

const APPROVALS = '/roleManagement/directory/roleAssignmentApprovals';

/** The approval (id = the request's `approvalId`) with its steps. */
export async function getApproval(client: Client, approvalId: string): Promise<Approval> {
  const body = await call(() => client.api(`${APPROVALS}/${seg(approvalId)}`).version('beta').expand('steps').get());
  return check<Approval>(approvalSchema, body, 'approval');
}

export interface Decision {
  reviewResult: 'Approve' | 'Deny';
  justification: string;
  /** Defaults to the step in progress assigned to the caller (for Entra roles, the approval id). */
  stepId?: string;
}

/** The step a caller would decide: in progress and assigned to them, else any in progress. */
export function pendingStep(approval: Approval): ApprovalStep | undefined {
  const open = approval.steps.filter((s) => s.status.toLowerCase() === 'inprogress');
  return open.find((s) => s.assignedToMe === true) ?? open[0];
}

/** The step someone decided (by that person, when `by` is given); undefined while none is. */
export function reviewedStep<S extends { reviewResult?: string | null; reviewedBy?: { id?: string | null } | null }>(steps: readonly S[], by?: string): S | undefined {
  return steps.find((s) => s.reviewResult && s.reviewResult.toLowerCase() !== 'notreviewed' && (by === undefined || s.reviewedBy?.id?.toLowerCase() === by.toLowerCase()));
}

/**
 * Records the caller's decision. A 409 (AlreadyDecidedError) means another approver was first;
 * when no step is open any more the PATCH still goes out so Graph gives that answer itself.
 */
export async function decideApproval(client: Client, approvalId: string, decision: Decision): Promise<void> {
  const stepId = decision.stepId ?? pendingStep(await getApproval(client, approvalId))?.id ?? approvalId;
  try {
    await call(() =>
      client
        .api(`${APPROVALS}/${seg(approvalId)}/steps/${seg(stepId)}`)
        .version('beta')
        .patch({ reviewResult: decision.reviewResult, justification: decision.justification }),
    );
  } catch (err) {
    // On an approval step, 409 has one meaning: the first decision already won.
    if (err instanceof ConflictError && err.status === 409) throw new AlreadyDecidedError({ status: err.status, code: err.code, graphMessage: err.graphMessage, requestId: err.requestId, cause: err });
    throw err;
  }
}
