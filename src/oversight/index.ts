/** Oversight of privileged sessions: rebuilds PIM activation windows from the audit log, learns what is
 *  normal per role and user, and raises alerts on sessions (and break-glass use) that depart from it. */
export { scanOversight, createScanner } from './scan.js';
export { scanSnapshotFile, type FileScan, type FileScanOptions } from './scan-file.js';
export { OversightScanner, type ScannerState } from './stream.js';
export { buildActivationWindows, windowsFromEvents, durationMs } from './windows.js';
export { learnSessionBaseline, type SessionBaseline, type RoleProfile, type UserProfile, type BaselineOptions } from './baseline.js';
export { isRoutine, isSettled } from './novelty.js';
export { breakGlassMembers } from './people.js';
export { oversightInputFromSnapshot } from './snapshot-input.js';
export { resolveTimeZone, localClock, zoneFromLocation } from './local-time.js';
export { summarise, renderText, type ScanSummary } from './report.js';
export { DEFAULT_TUNING } from './tuning.js';
export type * from './types.js';
