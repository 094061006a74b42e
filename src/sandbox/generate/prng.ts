/**
 * A small seeded random source (sfc32) so that a seed always yields the same tenant, with the
 * helpers the generator needs: integers, picks, weighted picks and GUIDs.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any number of string or number parts, e.g. (seed, 'history', userIndex). */
  constructor(...parts: Array<string | number>) {
    let h = 1779033703 ^ 0;
    const text = parts.join('\u0000');
    const seeds: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < text.length; i++) {
        h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
        h = (h << 13) | (h >>> 19);
      }
      h = Math.imul(h ^ (h >>> 16), 2246822507 + round);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      seeds.push((h ^= h >>> 16) >>> 0);
    }
    [this.a, this.b, this.c, this.d] = seeds as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of items) {
      x -= w;
      if (x < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** A version-4 shaped GUID (the generator makes millions, hence the byte table). */
  guid(): string {
    const a = (this.next() * 4294967296) >>> 0;
    const b = (this.next() * 4294967296) >>> 0;
    const c = (this.next() * 4294967296) >>> 0;
    const d = (this.next() * 4294967296) >>> 0;
    const x = (v: number, shift: number) => HEX[(v >>> shift) & 0xff]!;
    return (
      x(a, 24) + x(a, 16) + x(a, 8) + x(a, 0) + '-' +
      x(b, 24) + x(b, 16) + '-' + HEX[0x40 | ((b >>> 8) & 0x0f)]! + x(b, 0) + '-' +
      HEX[0x80 | ((c >>> 24) & 0x3f)]! + x(c, 16) + '-' + x(c, 8) + x(c, 0) + x(d, 24) + x(d, 16) + x(d, 8) + x(d, 0)
    );
  }
}
