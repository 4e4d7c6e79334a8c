/**
 * A batch sampler for sequences of mixed length: each epoch the pairs are shuffled, sorted by
 * length within windows of `bucketBatches` batches, cut into batches, and the batches shuffled
 * again. Short formats ("11/22/26") then do not pay for 30 padded encoder steps, which roughly
 * halves an epoch, while every batch still mixes pairs from all over the data set.
 *
 * It lives in the example, as PyTorch users write theirs: PyTorch ships no length-bucketing
 * sampler, the policy (window size, what "length" means, shuffling the batches) is a modelling
 * choice, and DataLoader takes any batch sampler — nn keeps PyTorch's vocabulary and no more.
 */
import { RandomSampler, type RandomSource, type Sampler } from "@tapegrad/nn";

export interface LengthBucketOptions {
  /** Batches per sorting window (default 16): larger = less padding, less mixing. */
  bucketBatches?: number;
  /** Where both shuffles draw from (the example passes a SeededRng). */
  generator: RandomSource;
}

export class LengthBucketSampler implements Sampler<number[]> {
  private readonly window: number;
  private readonly generator: RandomSource;

  constructor(private readonly lengths: readonly number[], readonly batchSize: number, opts: LengthBucketOptions) {
    if (lengths.length === 0) throw new Error("LengthBucketSampler: expected at least one length, got none");
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`LengthBucketSampler: expected a positive integer batch size, got ${batchSize}`);
    const bucketBatches = opts.bucketBatches ?? 16;
    if (!Number.isInteger(bucketBatches) || bucketBatches <= 0) throw new Error(`LengthBucketSampler: expected bucketBatches to be a positive integer, got ${bucketBatches}`);
    this.window = batchSize * bucketBatches;
    this.generator = opts.generator;
  }

  /** Batches per epoch: only the last window can end in a short batch, as windows hold whole batches. */
  get length(): number {
    return Math.ceil(this.lengths.length / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    const order = [...new RandomSampler(this.lengths, { generator: this.generator })];
    const batches: number[][] = [];
    for (let w = 0; w < order.length; w += this.window) {
      // Array.prototype.sort is stable: equal lengths keep their shuffled order.
      const part = order.slice(w, w + this.window).sort((a, b) => this.lengths[a] - this.lengths[b]);
      for (let i = 0; i < part.length; i += this.batchSize) batches.push(part.slice(i, i + this.batchSize));
    }
    for (const k of new RandomSampler(batches, { generator: this.generator })) yield batches[k];
  }
}
