// DataLoader: a dataset's items in the order a sampler gives, grouped into batches by a batch
// sampler and assembled by a collate function — PyTorch's DataLoader (single process), with its
// options and their rules: `shuffle` / `batchSize` / `dropLast` build RandomSampler or
// SequentialSampler and a BatchSampler; `sampler` and `batchSampler` replace them; `batchSize: null`
// turns automatic batching off (each item is already a batch, collate sees one item).
// Each batch's tensors that the loader made are released when the loop moves on (or ends), so a
// training loop's memory stays flat without a scope around it; keepBatches: true turns that off.
import { checkOptions, nextTensorId, scope, Tensor, type Generator } from "@tapegrad/autograd";
import { type Collated, defaultCollate } from "./collate";
import { type Dataset, TensorDataset } from "./dataset";
import { BatchSampler, checkBatchSize, checkSampler, RandomSampler, type RandomSource, randomSourceKind, type Sampler, samplerLength, SequentialSampler } from "./sampler";

interface LoaderOptions {
  /** A new random order every epoch (a RandomSampler drawing from `generator`). */
  shuffle?: boolean;
  /** The indices of one epoch, in order (replaces shuffle). */
  sampler?: Sampler<number>;
  /** The index lists of one epoch (replaces batchSize, shuffle, sampler and dropLast). */
  batchSampler?: Sampler<readonly number[]>;
  /** Where shuffling draws from (default: autograd's default generator, like PyTorch). */
  generator?: Generator | RandomSource;
  /** Drop the last batch when it is short. */
  dropLast?: boolean;
  /** Keep each batch's tensors after the loop moves on (default false: they are released). */
  keepBatches?: boolean;
}

/** Options with automatic batching (the default). */
export interface BatchingOptions<T> extends LoaderOptions {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Builds a batch from a list of items (default defaultCollate). */
  collate?: (samples: T[]) => unknown;
}

/**
 * Options without automatic batching: each item is already a batch and is yielded as get() returns
 * it. (PyTorch would pass each item to collate_fn; so does this loader when JavaScript gives one,
 * but the type leaves collate out — convert in get() — because a collate typed per item next to
 * one typed per list defeats TypeScript's typing of the function's argument.)
 */
export interface ItemOptions extends LoaderOptions {
  batchSize: null;
  collate?: undefined;
}

export type DataLoaderOptions<T> = BatchingOptions<T> | ItemOptions;

/** What a DataLoader with options O yields for items T: collate's result, the item itself (batchSize: null), or Collated<T>. */
export type LoaderBatch<T, O> = [O] extends [{ collate: (x: never) => infer R }] ? R : [O] extends [{ batchSize: null }] ? T : Collated<T>;

export class DataLoader<T = Tensor[], O extends DataLoaderOptions<T> = DataLoaderOptions<T>> implements Iterable<LoaderBatch<T, O>> {
  /** Items per batch; null without automatic batching (a batchSampler given, or batchSize: null). */
  readonly batchSize: number | null;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The indices of one epoch (the one given, or the Sequential/RandomSampler the options imply). */
  readonly sampler: Sampler<number>;
  /** The index lists of one epoch, or null when automatic batching is off. */
  readonly batchSampler: Sampler<readonly number[]> | null;
  private readonly fetch: (index: number) => T;

  readonly dataset: Dataset<T> | readonly T[];
  private readonly opts: O;

  // Two signatures rather than an optional `opts`: with an optional generic parameter TypeScript
  // cannot type collate's argument from the options (items vs. lists of items).
  constructor(dataset: Dataset<T> | readonly T[]);
  constructor(dataset: Dataset<T> | readonly T[], opts: O);
  constructor(dataset: Dataset<T> | readonly T[], opts: O = {} as O) {
    this.dataset = dataset;
    this.opts = opts;
    const where = "DataLoader";
    if (Array.isArray(dataset)) {
      this.fetch = (i) => dataset[i] as T;
    } else if (dataset && typeof dataset.length === "number" && typeof (dataset as Dataset<T>).get === "function") {
      const ds = dataset as Dataset<T>;
      this.fetch = (i) => ds.get(i);
    } else {
      throw new Error(`${where}: expected a dataset (an object with length and get(index), or an array), got ${dataset === null ? "null" : typeof dataset}`);
    }
    checkOptions<LoaderOptions & { batchSize?: number | null; collate?: unknown }>(where, opts, {
      batchSize: (v) => (v === null || typeof v === "number" ? null : "must be a number or null"),
      shuffle: "boolean",
      sampler: "any",
      batchSampler: "any",
      generator: randomSourceKind,
      dropLast: "boolean",
      collate: (v) => (typeof v === "function" ? null : "must be a function"),
      keepBatches: "boolean",
    });
    const { sampler, batchSampler } = opts;
    const shuffle = opts.shuffle ?? false;
    let batchSize = opts.batchSize === undefined ? 1 : opts.batchSize;
    let dropLast = opts.dropLast ?? false;
    // PyTorch's rules and words, in PyTorch's order.
    if (sampler !== undefined && shuffle) throw new Error(`${where}: sampler option is mutually exclusive with shuffle`);
    if (batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || sampler !== undefined || dropLast) {
        throw new Error(`${where}: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast`);
      }
      checkSampler(where, "batchSampler", batchSampler);
      batchSize = null;
      dropLast = false;
    } else if (batchSize === null) {
      if (dropLast) throw new Error(`${where}: batchSize=null option disables auto-batching and is mutually exclusive with dropLast`);
    } else {
      checkBatchSize(where, batchSize);
    }
    if (sampler !== undefined) checkSampler(where, "sampler", sampler);
    this.sampler = sampler ?? (shuffle ? new RandomSampler(this.sized(), { generator: opts.generator }) : new SequentialSampler(this.sized()));
    this.batchSampler = batchSampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, dropLast) : null);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
  }

  /** Batches per epoch (PyTorch's len(loader)): the batch sampler's length, or the sampler's without automatic batching. */
  get length(): number {
    return this.batchSampler ? samplerLength("DataLoader: batchSampler", this.batchSampler) : samplerLength("DataLoader: sampler", this.sampler);
  }

  /** The index lists of one epoch (single indices as one-element lists when automatic batching is off). */
  *batchIndices(): Iterable<readonly number[]> {
    if (this.batchSampler) yield* this.batchSampler;
    else for (const i of this.sampler) yield [i];
  }

  *[Symbol.iterator](): Iterator<LoaderBatch<T, O>> {
    let previous: Set<Tensor> | null = null;
    const release = () => {
      if (previous) for (const t of previous) t.dispose();
      previous = null;
    };
    const batches = this.batchSampler;
    try {
      // Index lists with automatic batching, single indices without.
      for (const key of (batches ?? this.sampler) as Iterable<number | readonly number[]>) {
        release();
        const made = nextTensorId();
        const batch = batches ? this.makeBatch(key as readonly number[]) : this.makeItem(key as number);
        previous = this.opts.keepBatches ? null : collectTensors(batch, made);
        yield batch as LoaderBatch<T, O>;
      }
    } finally {
      release();
    }
  }

  // In a scope: tensors that get() or collate made and the batch does not hold (the rows before
  // stacking) are released at once; the dataset's own tensors are not the scope's to release.
  private makeBatch(indices: readonly number[]): unknown {
    const ds = this.dataset;
    const collate = this.opts.collate as ((samples: T[]) => unknown) | undefined;
    if (ds instanceof TensorDataset && !collate) return ds.getBatch(Int32Array.from(indices));
    return scope(() => {
      const samples = indices.map((i) => this.fetch(i));
      return collate ? collate(samples) : defaultCollate(samples);
    });
  }

  // Without automatic batching the item is the batch; collate (default: none, PyTorch's
  // default_convert has nothing to convert here) sees the one item.
  private makeItem(index: number): unknown {
    const collate = this.opts.collate as ((sample: T) => unknown) | undefined;
    return scope(() => (collate ? collate(this.fetch(index)) : this.fetch(index)));
  }

  private sized(): { readonly length: number } {
    const ds = this.dataset;
    return { get length() { return ds.length; } };
  }
}

/** Every Tensor inside a batch (arrays and plain objects walked) that was made at or after id `made`. */
function collectTensors(value: unknown, made: number, out = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) {
    if (value.id >= made) out.add(value);
  } else if (Array.isArray(value)) for (const v of value) collectTensors(v, made, out);
  else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) for (const v of Object.values(value)) collectTensors(v, made, out);
  return out;
}
