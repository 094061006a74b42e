/**
 * The sandbox's idea of now. It runs at wall-clock speed from wherever it was last set, so a
 * running demo behaves naturally while tests jump it forward to expire activations and approvals.
 */
export class Clock {
  private offsetMs: number;

  constructor(start?: Date) {
    this.offsetMs = start ? start.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  set(date: Date | string | number): Date {
    const ms = new Date(date).getTime();
    if (Number.isNaN(ms)) throw new Error(`not a date: ${String(date)}`);
    this.offsetMs = ms - Date.now();
    return this.now();
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms)) throw new Error(`not a duration in ms: ${ms}`);
    this.offsetMs += ms;
    return this.now();
  }
}

/** Date-time as Graph writes it: UTC, whole seconds, trailing Z. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
