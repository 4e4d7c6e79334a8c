/**
 * Seeded random numbers for the examples' data generators and samplers.
 * mulberry32: tiny, fast, and the same sequence on every platform, which is all data
 * shuffling and sampling need (it is not the autograd Generator, whose stream is shared by
 * every backend and must not be consumed by data code).
 */
export class SeededRng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`SeededRng: expected an integer seed, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The same as next(): lets a SeededRng drive DataLoader's shuffling (its `generator` option). */
  random(): number {
    return this.next();
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`SeededRng.int: expected lo <= hi, got ${lo} > ${hi}`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("SeededRng.pick: expected a non-empty array, got []");
    return items[Math.floor(this.next() * items.length)];
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
