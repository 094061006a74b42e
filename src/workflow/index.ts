/** Workflow: the path of an activation request after PIM has it: intake, enrich, score, record, route,
 *  deliver (approval cards in Teams), decide (Approve/Deny as the approver), watch and escalate. */
export { registerApprovalActions } from './approval-actions.js';
export { Workflow, type WorkflowDeps } from './workflow.js';
export { enqueueTriage, JOBS } from './jobs.js';
export { registerPimEvents, type PimEventsOptions } from './events-route.js';
export { rolloutModeOf } from './rollout.js';
export { routeOf, type Route } from './routing.js';
export { LiveContextSource, type LiveContext } from './context.js';
export { TeamsMessenger, type Messenger, type Posted } from './messenger.js';
export { WorkflowStore, type WorkflowRequest, type CardMessage, type Decision } from './store.js';
export { outcomeOfStatus, isPending, APPROVAL_WINDOW_MS } from './outcome.js';
export { autoJustification } from './auto-approve.js';
export { graphHistorySource } from './graph-history.js';
