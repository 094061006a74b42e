/**
 * Every number the engine scores with, in one place, so a change of weights changes the model
 * version printed with each analysis.
 */
import { createHash } from 'node:crypto';

export const ENGINE = 'pim-copilot-triage';
export const RULES_VERSION = '1.0.0';

export const SETTINGS = {
  points: {
    tier0: 3,
    tier1Privileged: 2,
    tier1: 1,
    tier2: 0,
    narrowerRole: 1,
    routine: -1,
    firstActivation: 2,
    firstActivationTier0: 3,
    rareUse: 1,
    atypicalDepartment: 2,
    durationDouble: 2,
    /** Three times the usual or more, or double the usual and the policy maximum. */
    durationTriple: 3,
    durationAtMaxNoHistory: 1,
    ticketMissingRequired: 2,
    ticketMissing: 1,
    ticketMalformed: 1,
    vague: 2,
    nonEnglish: 1,
    roleMismatch: 3,
    offHoursEvening: 1,
    offHoursNight: 2,
    weekend: 1,
    denialRecent: 2,
    denialsRepeated: 4,
    denialSameText: 1,
    newAccountWeek: 4,
    newAccountMonth: 3,
    youngAccount: 0,
    riskyHigh: 5,
    riskyMedium: 4,
    riskyLow: 1,
    riskySignIn: 2,
    unfamiliarLocation: 2,
    breakGlass: 6,
    injection: 6,
  },
  /** Minimum scores: some facts put a request in a band whatever else is true. */
  floors: { tier0: 4, injection: 8, breakGlass: 8, riskyHigh: 7, riskyMedium: 5, repeatedDenials: 7, newAccountWeek: 7 },
  /** Score at or above which a high-band request is recommended for denial rather than review. */
  denyAt: 9,
  routine: { minActivations: 3, maxDaysSinceLast: 45 },
  recentDenialDays: 14,
  /** Requests in the user's own history at this local hour (±1) make the hour usual for them. */
  usualHourShare: 0.05,
  workday: { start: 7, end: 19, nightStart: 22, nightEnd: 6 },
  account: { newDays: 30, youngDays: 90 },
  unfamiliarLocationHours: 72,
  durationRatio: { notable: 2, strong: 3 },
  minSuggestedMinutes: 30,
  /** Requests by others of the role carried in a context, newest first: enough for similar decisions. */
  history: { roleSample: 50 },
} as const;

export type Settings = typeof SETTINGS;

/** e.g. `pim-copilot-triage/1.0.0+3f2a9c1b`: engine, rules version, digest of the weights. */
let current: string | undefined;

export function modelVersion(settings: Settings = SETTINGS): string {
  if (settings === SETTINGS && current) return current;
  const digest = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 8);
  const version = `${ENGINE}/${RULES_VERSION}+${digest}`;
  if (settings === SETTINGS) current = version;
  return version;
}
