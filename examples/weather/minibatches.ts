/**
 * Mini-batches of windows: a seeded shuffle of the window indices each epoch, and a gather of the
 * chosen rows into one contiguous block a tensor can wrap without another copy.
 */
import type { SeededRng } from "../shared/rng.ts";
import type { WindowSet } from "./windows.ts";

export interface WindowBatch {
  /** [size, steps, features], row-major. */
  x: Float32Array;
  /** [size]. */
  y: Float32Array;
  size: number;
}

/** Index ranges of one epoch: shuffled with `rng` (or in order without it), last batch may be short. */
export function epochBatches(count: number, batchSize: number, rng?: SeededRng): number[][] {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`epochBatches: expected batchSize to be a positive integer, got ${batchSize}`);
  const order = Array.from({ length: count }, (_, i) => i);
  rng?.shuffle(order);
  const out: number[][] = [];
  for (let start = 0; start < count; start += batchSize) out.push(order.slice(start, start + batchSize));
  return out;
}

/** Copies the windows at `indices` (inputs and normalised targets) into a batch. */
export function gatherWindows(set: WindowSet, indices: readonly number[]): WindowBatch {
  const rowSize = set.steps * set.features;
  const x = new Float32Array(indices.length * rowSize);
  const y = new Float32Array(indices.length);
  indices.forEach((n, i) => {
    if (!(Number.isInteger(n) && n >= 0 && n < set.count)) throw new Error(`gatherWindows: index ${n} at position ${i} is outside 0..${set.count - 1}`);
    x.set(set.x.subarray(n * rowSize, (n + 1) * rowSize), i * rowSize);
    y[i] = set.y[n];
  });
  return { x, y, size: indices.length };
}
