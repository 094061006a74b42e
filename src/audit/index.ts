/** Audit: the append-only, hash-chained trail of what the AI saw and said and what people decided,
 *  with verification, SIEM export, per-request stories and narratives, retention, and the drift report. */
export { AuditTrail, withTrail, type AuditTrailOptions } from './trail.js';
export { ENTRY_KINDS } from './kinds.js';
export type * from './kinds.js';
export { canonicalJson, digestOf, hashEntry, sha256Hex, GENESIS, GENESIS_HASH, ChainChecker, type ChainAnchor, type ChainBreak, type BreakReason } from './chain.js';
export { streamEntries, streamPages, type EntryFilter } from './read.js';
export { verifyDatabase, verifyFile, verifyLines, chainAnchor, type VerifyResult, type VerifyOptions } from './verify.js';
export { toJsonl, toCef, escapeCefHeader, escapeCefValue, type ExportFormat } from './export.js';
export { storyOf, renderTimeline, type Story } from './story.js';
export { narrate } from './narrative.js';
export { buildReport, loadReport, weekOf, DEFAULT_THRESHOLDS, type DriftReport, type DriftThresholds, type DriftWarning, type RoleReport, type RoleWeek, type Override, type Tally } from './report.js';
export { renderReportText } from './report-text.js';
export { driftReportCard, driftReportCardData } from './report-card.js';
export { archiveOldPartitions, trailPartitions, type ArchivedMonth } from './archive.js';

/*
 * Entry kinds, for the colleagues who emit them. Every entry carries: kind, traceId (one per
 * request's path, shared by all its entries), requestId (PIM request id, when there is one), actor
 * ({type: user|service|automation|system, id, name?}; a user's id is the verified Entra object id,
 * never a value from card data), modelVersion (entries a model produced), inputDigest (SHA-256 of
 * the canonical inputs; pass `inputs` and the trail stores them in audit_inputs and fills this in),
 * and output (per kind below; types in kinds.ts). The trail adds seq, at, prevHash and hash.
 *
 *   pim.event         intake, webhook, status job: {event: requested|approved|denied|canceled|expired|
 *                     activated|deactivated|failed|revoked, source, principalId, principalName?,
 *                     roleDefinitionId, roleName?, justification?, ticketNumber?, duration?,
 *                     createdDateTime?, startDateTime?, endDateTime?}; actor: requester or system
 *   triage.analysis   the triage Analysis as returned; modelVersion required; inputs: the TriageContext
 *   recommendation    advice shown to a person: {subject: activation|role, action?, roles?, rationale?}
 *   card.sent         {card: approval|status|escalation|drift-report, recipientId, activityId?, ...}
 *   card.action       an Action.Execute received: {verb, activityId?, dataDigest?}; actor: the verified user
 *   decision.human    {decision: approve|deny, note?, via: teams|portal, approvalId?, decidedAt?}
 *   decision.auto     {decision: approve, riskScore, guardrails[]}; actor: the automation approver
 *   refusal           {reason: forged-action|not-approver|self-approval|helpdesk-denied|already-decided,
 *                     detail, verb?}; actor: whoever tried
 *   alert             oversight: {detector, severity, summary, alertId?, principalId?, roleDefinitionId?}
 *   session.activity  what was done while a role was active: {activity, activityDateTime, target?, result?}
 *   action.failed     written by the trail when an action announced by `record` threw
 *
 * Write before acting: `await trail.record(entry, () => act())` (or `withTrail`) commits the entry,
 * then runs the action; if the entry cannot be written the action never runs.
 */
