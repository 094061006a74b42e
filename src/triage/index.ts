/** Triage: explainable, deterministic risk scoring of PIM activation requests against a learned baseline.
 *  Pure core (engine, signals, baseline, guardrails); snapshot and Graph adapters, the baseline store, learning, eval and command lines at the edges. */
export { triage, suggestDuration } from './engine.js';
export { learnBaseline, userStatsOf, roleStatsOf, assembleBaseline, learningWindow, DEFAULT_WINDOW_DAYS } from './baseline.js';
export { BaselineStore, type LearnState } from './baseline-store.js';
export { learn, PENDING_GRACE_DAYS, type HistorySource, type LearnOptions, type LearnReport } from './learn.js';
export { activationRecords, type GraphHistoryInput, type GraphApproval } from './graph-history.js';
export { HistoryIndex } from './history-index.js';
export { indexSnapshot, SnapshotIndex } from './snapshot-index.js';
export { contextFromSnapshot, historyFromSnapshot, historySourceFromSnapshot } from './from-snapshot.js';
export { readPolicy, type PolicyRule, type ApproverSubject } from './policy-rules.js';
export { approverCandidates, isOutOfOffice, type DirectoryLookup } from './approver-candidates.js';
export { suggestApprovers } from './approvers.js';
export { countRoleHolders } from './role-holders.js';
export { autoApproveBlockers, recommendAction, requestFacts, type GuardrailInput } from './guardrails.js';
export { bandOf } from './score.js';
export { withLlmReading, withLlmFallback, type LlmReading, type LlmConcern } from './llm-reading.js';
export { evaluate, runCase, loadCaseFile, shortfalls, formatResults, TARGETS, type EvalCase, type CaseResult, type EvalTotals } from './eval.js';
export { modelVersion, SETTINGS } from './settings.js';
export { formatAnalysis } from './format.js';
export type * from './types.js';
