/**
 * What PIM will do later, ordered by time: expire an activation, time out an approval, provision
 * a request whose start is in the future. Run lazily whenever the clock is consulted, so a test
 * that moves the clock sees the effects on its next call.
 */
export type TimerKind = 'expire' | 'timeout' | 'provision';

export interface Timer {
  at: number;
  kind: TimerKind;
  requestId: string;
}

export class Timers {
  private heap: Timer[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest timer due at or before `now`. */
  popDue(now: number): Timer | undefined {
    const h = this.heap;
    if (h.length === 0 || h[0]!.at > now) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
