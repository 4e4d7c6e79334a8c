// Samplers: which dataset indices an epoch visits, in what order, and how they group into batches
// (PyTorch's torch.utils.data samplers). A sampler is any iterable of indices, iterated afresh every
// epoch — an array is one — and its `length`, when it has one, is how many it yields (what
// len(loader) needs). A batch sampler is the same with index lists. Error texts are PyTorch's with
// camelCase names.
import { checkOptions, describeValue, getDefaultGenerator, type Generator } from "@tapegrad/autograd";

/** An iterable of dataset indices (or, for a batch sampler, index lists); `length` = how many it yields. */
export type Sampler<T = number> = Iterable<T> & { readonly length?: number };

/** A source of uniform numbers in [0, 1): an autograd Generator or any object with random(). */
export interface RandomSource {
  random(): number;
}

/** Anything whose length is the number of items to index (a Dataset, an array). */
export interface Sized {
  readonly length: number;
}

/** Indices 0, 1, …, length − 1 of a dataset, in order (PyTorch SequentialSampler). */
export class SequentialSampler implements Sampler<number> {
  constructor(readonly dataSource: Sized) {
    checkSized("SequentialSampler", dataSource);
  }

  /** The dataset's length, read each time (a dataset may grow). */
  get length(): number {
    return this.dataSource.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

export interface RandomSamplerOptions {
  /** Draw each index independently (repeats possible) instead of permuting (default false). */
  replacement?: boolean;
  /** Indices per epoch (default: the dataset's length); without replacement, whole permutations then part of one. */
  numSamples?: number;
  /** Where the order is drawn from (default: autograd's default generator, read each epoch). */
  generator?: Generator | RandomSource;
}

/**
 * Indices in a new random order every epoch (PyTorch RandomSampler). Without replacement each
 * permutation is a Fisher–Yates shuffle from the end, one draw per position — the order
 * DataLoader's `shuffle: true` has always produced for a given generator.
 */
export class RandomSampler implements Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | RandomSource | null;
  private readonly numSamplesOption: number | undefined;

  constructor(readonly dataSource: Sized, opts: RandomSamplerOptions = {}) {
    const where = "RandomSampler";
    checkSized(where, dataSource);
    checkOptions(where, opts, { replacement: "any", numSamples: "any", generator: randomSourceKind });
    this.replacement = opts.replacement ?? false;
    if (typeof this.replacement !== "boolean") throw new Error(`${where}: replacement should be a boolean value, but got replacement=${show(this.replacement)}`);
    this.numSamplesOption = opts.numSamples;
    const n = this.numSamples;
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`${where}: numSamples should be a positive integer value, but got numSamples=${show(n)}`);
    this.generator = opts.generator ?? null;
  }

  /** Indices per epoch: numSamples, or the dataset's length when it was not given. */
  get numSamples(): number {
    return this.numSamplesOption ?? this.dataSource.length;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const rng = this.generator ?? getDefaultGenerator();
    const total = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < total; k++) yield Math.floor(rng.random() * n);
      return;
    }
    if (n === 0) throw new Error(`RandomSampler: cannot draw ${total} samples without replacement from an empty dataset`);
    for (let k = 0; k < Math.floor(total / n); k++) yield* permutation(n, rng);
    // The remainder's permutation is drawn only when it is used (PyTorch always draws it): the
    // default numSamples then consumes exactly one permutation's draws per epoch, as shuffle always has.
    const rest = total % n;
    if (rest > 0) yield* permutation(n, rng).slice(0, rest);
  }
}

/** The given indices in a new random order every epoch (PyTorch SubsetRandomSampler): e.g. a validation split of one dataset. */
export class SubsetRandomSampler implements Sampler<number> {
  readonly generator: Generator | RandomSource | null;

  constructor(readonly indices: readonly number[], opts: { generator?: Generator | RandomSource } = {}) {
    const where = "SubsetRandomSampler";
    if (!Array.isArray(indices)) throw new Error(`${where}: indices should be an array of indices, but got ${describeValue(indices)}`);
    checkOptions(where, opts, { generator: randomSourceKind });
    this.generator = opts.generator ?? null;
  }

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const order = permutation(this.indices.length, this.generator ?? getDefaultGenerator());
    for (const k of order) yield this.indices[k];
  }
}

/**
 * numSamples indices drawn with probability proportional to `weights` (PyTorch
 * WeightedRandomSampler, e.g. to rebalance classes). With replacement each draw is independent
 * (inverse CDF); without, a drawn index leaves the pool. Torch then keeps drawing zero-weight
 * indices once the positive ones run out; here that is an error, as it is no sample of the weights.
 */
export class WeightedRandomSampler implements Sampler<number> {
  readonly weights: Float64Array;
  readonly replacement: boolean;
  readonly generator: Generator | RandomSource | null;

  constructor(weights: ArrayLike<number>, readonly numSamples: number, opts: { replacement?: boolean; generator?: Generator | RandomSource } = {}) {
    const where = "WeightedRandomSampler";
    if (!(Number.isInteger(numSamples) && numSamples > 0)) throw new Error(`${where}: numSamples should be a positive integer value, but got numSamples=${show(numSamples)}`);
    checkOptions(where, opts, { replacement: "any", generator: randomSourceKind });
    this.replacement = opts.replacement ?? true;
    if (typeof this.replacement !== "boolean") throw new Error(`${where}: replacement should be a boolean value, but got replacement=${show(this.replacement)}`);
    if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") throw new Error(`${where}: weights should be a 1d sequence of numbers, but got ${describeValue(weights)}`);
    const w = Array.from(weights);
    const bad = w.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${where}: weights should be a 1d sequence of finite numbers, but weight ${bad} is ${show(w[bad])}`);
    if (w.some((v) => v < 0)) throw new Error(`${where}: invalid multinomial distribution (encountering probability entry < 0)`);
    if (!(w.reduce((a, b) => a + b, 0) > 0)) throw new Error(`${where}: invalid multinomial distribution (sum of probabilities <= 0)`);
    if (!this.replacement) {
      // PyTorch: "cannot sample n_sample > prob_dist.size(-1) samples without replacement" (and no error for zero weights).
      const positive = w.filter((v) => v > 0).length;
      if (numSamples > positive) throw new Error(`${where}: cannot draw ${numSamples} samples without replacement from ${positive} nonzero weights (of ${w.length})`);
    }
    this.weights = Float64Array.from(w);
    this.generator = opts.generator ?? null;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const rng = this.generator ?? getDefaultGenerator();
    const pool = new WeightTree(this.weights);
    for (let k = 0; k < this.numSamples; k++) {
      const i = pool.find(rng.random() * pool.total());
      if (!this.replacement) pool.remove(i);
      yield i;
    }
  }
}

/**
 * Weights in a Fenwick tree: the index where a running sum passes u, and removing an index, in
 * O(log n) each — a linear scan per draw would make an epoch over n items O(n²).
 */
class WeightTree {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private readonly top: number;

  constructor(weights: Float64Array) {
    const n = weights.length;
    this.weights = Float64Array.from(weights);
    this.tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      this.tree[i] += weights[i - 1];
      const j = i + (i & -i);
      if (j <= n) this.tree[j] += this.tree[i];
    }
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = top;
  }

  total(): number {
    let sum = 0;
    for (let i = this.weights.length; i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }

  /** The index whose weight holds position u of the running sum (skipping zero weights). */
  find(u: number): number {
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.weights.length && this.tree[next] <= u) {
        pos = next;
        u -= this.tree[next];
      }
    }
    // pos weights lie at or below u; index pos is the next one. Rounding can land on a zero weight
    // or past the end: step to the nearest positive weight.
    let i = Math.min(pos, this.weights.length - 1);
    while (i > 0 && !(this.weights[i] > 0)) i--;
    while (i < this.weights.length - 1 && !(this.weights[i] > 0)) i++;
    return i;
  }

  remove(i: number): void {
    const w = this.weights[i];
    this.weights[i] = 0;
    for (let j = i + 1; j <= this.weights.length; j += j & -j) this.tree[j] -= w;
  }
}

/** A permutation of 0…n−1: Fisher–Yates from the end, one draw per position. */
export function permutation(n: number, rng: RandomSource): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Groups another sampler's indices into lists of batchSize, the last one short unless dropLast (PyTorch BatchSampler). */
export class BatchSampler implements Sampler<number[]> {
  constructor(readonly sampler: Sampler<number>, readonly batchSize: number, readonly dropLast: boolean) {
    const where = "BatchSampler";
    checkBatchSize(where, batchSize);
    if (typeof dropLast !== "boolean") throw new Error(`${where}: dropLast should be a boolean value, but got dropLast=${show(dropLast)}`);
    checkSampler(where, "sampler", sampler);
  }

  /** Batches per epoch; needs the inner sampler's length. */
  get length(): number {
    const n = samplerLength("BatchSampler", this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const index of this.sampler) {
      batch.push(index);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}

/** PyTorch's batch-size check and words (camelCase). */
export function checkBatchSize(where: string, batchSize: unknown): void {
  if (!(Number.isInteger(batchSize) && (batchSize as number) > 0)) throw new Error(`${where}: batchSize should be a positive integer value, but got batchSize=${show(batchSize)}`);
}

/**
 * A sampler must be re-iterable: a generator object (or any iterator that returns itself) would be
 * empty from the second epoch on, silently, so it is refused.
 */
export function checkSampler(where: string, name: string, sampler: unknown): void {
  const iterable = sampler !== null && typeof sampler === "object" && typeof (sampler as Iterable<unknown>)[Symbol.iterator] === "function";
  if (!iterable) throw new Error(`${where}: ${name} should be an iterable of ${name === "batchSampler" ? "index lists" : "indices"} (an array, or an object with [Symbol.iterator]()), but got ${describeValue(sampler)}`);
  const it = sampler as Iterable<unknown> & { next?: unknown };
  if (typeof it.next === "function" && it[Symbol.iterator]() === it) {
    throw new Error(`${where}: ${name} is a one-shot iterator (a generator object?) and would be empty from the second epoch; pass an array or an object whose [Symbol.iterator]() starts a new pass`);
  }
}

/** A sampler's length, or an error naming who needed it (PyTorch: "object of type … has no len()"). */
export function samplerLength(where: string, sampler: Sampler<unknown>): number {
  const n = sampler.length;
  if (typeof n !== "number" || !(Number.isInteger(n) && n >= 0)) {
    throw new Error(`${where}: object of type '${sampler.constructor?.name ?? typeof sampler}' has no length; give the sampler a length property (how many it yields) to count the batches`);
  }
  return n;
}

function checkSized(where: string, source: Sized): void {
  if (source === null || typeof source !== "object" || !(Number.isInteger(source.length) && source.length >= 0)) {
    throw new Error(`${where}: expected a data source with a length (a Dataset or an array), got ${describeValue(source)}`);
  }
}

/** Option kind of `generator`: a Generator or anything with random(). */
export function randomSourceKind(value: unknown): string | null {
  return value !== null && typeof value === "object" && typeof (value as RandomSource).random === "function" ? null : "must be a Generator or an object with a random() method";
}

/** A value as PyTorch's format() would print it, with JavaScript's null/undefined. */
function show(v: unknown): string {
  return typeof v === "string" ? v : v === undefined ? "undefined" : v !== null && typeof v === "object" ? describeValue(v) : String(v);
}
