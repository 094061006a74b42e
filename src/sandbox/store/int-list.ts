/**
 * Growable lists of record positions in typed arrays: posting lists and the time-sorted order of
 * a collection. Typed arrays keep millions of positions at 4 bytes each, off the object heap.
 */
export class IntList {
  private data: Int32Array;
  length = 0;
  /** True while every value was appended in increasing order. */
  ascending = true;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    if (this.length > 0 && value < this.data[this.length - 1]!) this.ascending = false;
    this.data[this.length++] = value;
  }

  /** Inserts at a position, shifting the tail; used to keep a sorted order. */
  insertAt(pos: number, value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data.copyWithin(pos + 1, pos, this.length);
    this.data[pos] = value;
    this.length++;
  }

  removeValue(value: number): boolean {
    const at = this.view().lastIndexOf(value);
    if (at < 0) return false;
    this.removeAt(at);
    return true;
  }

  removeAt(pos: number): void {
    this.data.copyWithin(pos, pos + 1, this.length);
    this.length--;
  }

  at(pos: number): number {
    return this.data[pos]!;
  }

  /** The live values, without copying. */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private grow(): void {
    const next = new Int32Array(Math.max(8, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** A growable Float64Array addressed by record position. */
export class NumberColumn {
  private data = new Float64Array(16).fill(Number.NaN);

  get(pos: number): number {
    return pos < this.data.length ? this.data[pos]! : Number.NaN;
  }

  set(pos: number, value: number): void {
    if (pos >= this.data.length) {
      let size = this.data.length;
      while (size <= pos) size *= 2;
      const next = new Float64Array(size).fill(Number.NaN);
      next.set(this.data);
      this.data = next;
    }
    this.data[pos] = value;
  }
}
