/**
 * Turns signals into one 1–10 score and band: 1 plus the sum of the factors' points, clamped, then
 * raised to the highest floor any signal set.
 */
import type { Signal } from './signal.js';
import type { FlagId, RiskBand } from './types.js';

export interface Scored {
  score: number;
  band: RiskBand;
  flags: FlagId[];
  /** The floor that decided the score, when one did. */
  floor?: { score: number; reason: string };
}

export function bandOf(score: number): RiskBand {
  return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}

export function combine(signals: readonly Signal[]): Scored {
  const sum = signals.reduce((a, s) => a + s.factor.points, 0);
  const raw = Math.min(10, Math.max(1, Math.round(1 + sum)));
  const floors = signals.flatMap((s) => (s.floor ? [s.floor] : [])).sort((a, b) => b.score - a.score);
  const top = floors[0];
  const score = top && top.score > raw ? Math.min(10, top.score) : raw;
  const flags = [...new Set(signals.flatMap((s) => s.flags ?? []))];
  return { score, band: bandOf(score), flags, floor: top && top.score > raw ? top : undefined };
}
