/**
 * PIM's behaviour for directory roles: requests checked against eligibility and policy, approvals,
 * activations and their expiry on the sandbox clock, and the audit records each step leaves.
 */
export { Pim } from './engine.js';
export { ACTIVITY } from './audit.js';
export { activationRules, type ActivationRules } from './policy.js';
export { assignmentId, durationMs, eligibilityInstanceId } from './ids.js';
