/** Words for the numbers and codes cards show: durations, tiers, risk bands, times. */
import { isoDurationMinutes } from '../pim/index.js';
import type { RiskBand } from '../triage/index.js';

/** `PT2H` → "2 hours", `PT90M` → "1 h 30 min"; the raw text when it is not a duration. */
export function durationWords(iso: string | undefined | null): string {
  if (!iso) return 'not stated';
  const minutes = isoDurationMinutes(iso);
  if (minutes === null) return iso;
  const m = Math.round(minutes);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (rest === 0) return `${h} hour${h === 1 ? '' : 's'}`;
  return `${h} h ${rest} min`;
}

export const TIER_WORDS: Record<0 | 1 | 2, string> = {
  0: 'tier 0 · controls the whole tenant',
  1: 'tier 1 · administers a workload',
  2: 'tier 2 · reads or low impact',
};

export interface BandLook {
  /** TextBlock colour. */
  color: 'Good' | 'Warning' | 'Attention';
  /** Container style. */
  style: 'good' | 'warning' | 'attention';
}

export const BAND_LOOK: Record<RiskBand, BandLook> = {
  low: { color: 'Good', style: 'good' },
  medium: { color: 'Warning', style: 'warning' },
  high: { color: 'Attention', style: 'attention' },
};

/** Adaptive Cards formats `{{DATE()}}`/`{{TIME()}}` in the reader's own locale and time zone. */
export function when(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const at = `${d.toISOString().slice(0, 19)}Z`;
  return `{{DATE(${at},SHORT)}} {{TIME(${at})}}`;
}
