/**
 * A task whose answer is decided at the very first step of a long sequence: every step shows a
 * random ±1 (channel 0), the first step is also marked (channel 1 = 1), and the label is whether
 * the FIRST value was +1. Everything after step 0 is a distraction of the same kind, so the network
 * has to carry one bit across the whole sequence: the "long-term dependency problem" that plain
 * RNNs fail (their gradient back to step 0 vanishes) and LSTM and GRU were built for.
 * Tried and dropped: Gaussian noise in a separate channel (a plain RNN learns to ignore it and
 * solves length 60), uniform distractors in the bit's channel (nothing learned length 30 in 500
 * steps).
 */
import type { SeededRng } from "../shared/rng.ts";

export const TASK_FEATURES = 2;

export interface FirstStepBatch {
  /** [batch, length, 2], row-major. */
  x: Float32Array;
  /** 1 where the first step was +1, else 0: [batch]. */
  y: Float32Array;
  batch: number;
  length: number;
}

/** A fresh batch of `batch` sequences of `length` steps. */
export function firstStepBatch(length: number, batch: number, rng: SeededRng): FirstStepBatch {
  if (!(Number.isInteger(length) && length >= 1)) throw new Error(`firstStepBatch: expected length to be a positive integer, got ${length}`);
  if (!(Number.isInteger(batch) && batch >= 1)) throw new Error(`firstStepBatch: expected batch to be a positive integer, got ${batch}`);
  const x = new Float32Array(batch * length * TASK_FEATURES);
  const y = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const bit = rng.next() < 0.5 ? 0 : 1;
    y[b] = bit;
    for (let t = 0; t < length; t++) x[(b * length + t) * TASK_FEATURES] = t === 0 ? (bit ? 1 : -1) : rng.next() < 0.5 ? -1 : 1;
    x[b * length * TASK_FEATURES + 1] = 1;
  }
  return { x, y, batch, length };
}

