/** Default thresholds; each is a judgment a reviewer can defend, overridable per tenant. */
import type { OversightTuning } from './types.js';

export const DEFAULT_TUNING: Readonly<OversightTuning> = {
  skewMinutes: 5,
  burstWindowMinutes: 15,
  burstMinimum: 6,
  burstBaselineFactor: 3,
  workingHours: [6, 21],
  minBaselineEvents: 10,
  minRoleWindows: 3,
  minSettledObservations: 30,
  episodeGapMinutes: 120,
};
