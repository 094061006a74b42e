/**
 * Figures the reliability suite measures (load held, faults survived, bad inputs tried, nothing lost).
 * `npm run reliability` sets RELIABILITY_FIGURES to a JSON Lines file and prints a summary of it;
 * under plain `npm test` the figures go nowhere and the tests' assertions are what count.
 */
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** The suite the figure belongs to: `hostile`, `scale-out`, `faults`, ... */
  suite: string;
  /** What was measured, in plain words: "prompt-injection justifications tried". */
  name: string;
  value: number;
  unit?: string;
}

export function recordFigure(figure: Figure): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...figure, at: new Date().toISOString() })}\n`);
}
