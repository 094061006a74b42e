/** Triage: explainable, deterministic risk scoring of PIM activation requests against a learned baseline.
 *  Pure core (engine, signals, baseline); snapshot adapter and command line at the edges. */
export { triage, suggestDuration } from './engine.js';
export { learnBaseline, DEFAULT_WINDOW_DAYS } from './baseline.js';
export { contextFromSnapshot, historyFromSnapshot } from './from-snapshot.js';
export { autoApproveBlockers, recommendAction } from './guardrails.js';
export { bandOf } from './score.js';
export { withLlmReading, type LlmReading, type LlmConcern } from './llm-reading.js';
export { modelVersion, SETTINGS } from './settings.js';
export { formatAnalysis } from './format.js';
export type * from './types.js';
