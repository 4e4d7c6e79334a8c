// DataLoader: batches of a dataset in order or shuffled by a seeded generator, optionally dropping
// the short last batch, assembled by a collate function (PyTorch's DataLoader, single process).
// Each batch's tensors are released when the loop moves on to the next batch (or ends), so a
// training loop's memory stays flat without a scope around it; keepBatches: true turns that off.
import { getDefaultGenerator, scope, Tensor, type Generator } from "@tapegrad/autograd";
import { type Collated, defaultCollate } from "./collate";
import { type Dataset, TensorDataset } from "./dataset";

/** A source of uniform numbers in [0, 1): an autograd Generator or any object with random(). */
export interface RandomSource {
  random(): number;
}

export interface DataLoaderOptions<T, B> {
  batchSize?: number;
  /** A new random order every epoch (every time the loader is iterated). */
  shuffle?: boolean;
  /** Where shuffling draws from (default: autograd's default generator, like PyTorch). */
  generator?: Generator | RandomSource;
  /** Drop the last batch when it is short. */
  dropLast?: boolean;
  /** Builds a batch from a list of samples (default: defaultCollate). */
  collate?: (samples: T[]) => B;
  /** Yields the index lists of one epoch itself (replaces batchSize, shuffle and dropLast). */
  batchSampler?: () => Iterable<readonly number[]>;
  /** Keep each batch's tensors after the loop moves on (default false: they are released). */
  keepBatches?: boolean;
}

export class DataLoader<T = Tensor[], B = Collated<T>> implements Iterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private random: RandomSource | null;

  constructor(readonly dataset: Dataset<T>, private readonly opts: DataLoaderOptions<T, B> = {}) {
    const name = "DataLoader";
    if (!dataset || typeof dataset.length !== "number" || typeof dataset.get !== "function") throw new Error(`${name}: expected a dataset with length and get(index)`);
    this.batchSize = opts.batchSize ?? 1;
    if (!(Number.isInteger(this.batchSize) && this.batchSize > 0)) throw new Error(`${name}: batch_size should be a positive integer value, but got batch_size=${opts.batchSize}`);
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    if (opts.batchSampler && (opts.batchSize !== undefined || opts.shuffle || opts.dropLast)) {
      throw new Error(`${name}: batchSampler option is mutually exclusive with batchSize, shuffle and dropLast`);
    }
    if (opts.generator && typeof opts.generator.random !== "function") throw new Error(`${name}: generator must have a random() method`);
    this.random = this.shuffle ? (opts.generator ?? null) : null;
  }

  /** Batches per epoch (PyTorch's len(loader)); unknown (NaN) with a batchSampler. */
  get length(): number {
    if (this.opts.batchSampler) return NaN;
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The index lists of one epoch. */
  *batchIndices(): Iterable<readonly number[]> {
    if (this.opts.batchSampler) {
      yield* this.opts.batchSampler();
      return;
    }
    const n = this.dataset.length;
    const order = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) {
      const rng = (this.random ??= defaultSource());
      // Fisher–Yates from the end, one draw per position.
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.random() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    for (let start = 0; start < n; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      if (batch.length < this.batchSize && this.dropLast) break;
      yield batch;
    }
  }

  *[Symbol.iterator](): Iterator<B> {
    let previous: Set<Tensor> | null = null;
    try {
      for (const indices of this.batchIndices()) {
        if (previous) for (const t of previous) t.dispose();
        const batch = this.makeBatch(indices);
        previous = this.opts.keepBatches ? null : collectTensors(batch);
        yield batch;
      }
    } finally {
      if (previous) for (const t of previous) t.dispose();
    }
  }

  // In a scope: tensors that get() or collate made and the batch does not hold (the rows before
  // stacking) are released at once; the dataset's own tensors are not the scope's to release.
  private makeBatch(indices: readonly number[]): B {
    const ds = this.dataset;
    if (ds instanceof TensorDataset && !this.opts.collate) return ds.getBatch(Int32Array.from(indices)) as B;
    return scope(() => {
      const samples = indices.map((i) => ds.get(i));
      return this.opts.collate ? this.opts.collate(samples) : (defaultCollate(samples) as B);
    });
  }
}

/** Shuffling without a generator draws from autograd's default generator, as PyTorch's does (seed it with manualSeed). */
function defaultSource(): RandomSource {
  return getDefaultGenerator();
}

/** Every Tensor inside a batch (arrays and plain objects walked). */
function collectTensors(value: unknown, out = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, out);
  else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) for (const v of Object.values(value)) collectTensors(v, out);
  return out;
}
