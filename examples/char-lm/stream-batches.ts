/**
 * Batches for truncated backpropagation through time. The stream is cut into `batchSize`
 * contiguous parts, one per batch row, and consecutive batches continue each part where the last
 * one stopped: row b of batch k+1 starts right after row b of batch k, so the recurrent state
 * carried from batch k to k+1 belongs to the text it is continuing.
 */

export interface StreamBatch {
  /** Inputs, row-major [batchSize, steps]. */
  x: Int32Array;
  /** Next-character targets, [batchSize, steps]: y[b, t] = the id after x[b, t]. */
  y: Int32Array;
  batchSize: number;
  steps: number;
  /** Index of this batch in the epoch (0-based); batch 0 starts with a fresh state. */
  index: number;
}

/** Number of full batches `streamBatches` yields; the ragged tail of each row is dropped. */
export function streamBatchCount(length: number, batchSize: number, steps: number): number {
  const rowLength = Math.floor((length - 1) / batchSize);
  return Math.floor(rowLength / steps);
}

/** Yields batches in order; carry state between them, reset it at the start of an epoch. */
export function* streamBatches(ids: ArrayLike<number>, batchSize: number, steps: number): Generator<StreamBatch> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`streamBatches: expected batchSize to be a positive integer, got ${batchSize}`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`streamBatches: expected steps to be a positive integer, got ${steps}`);
  const count = streamBatchCount(ids.length, batchSize, steps);
  if (count === 0) throw new Error(`streamBatches: ${ids.length} ids are too few for one batch of ${batchSize} rows × ${steps} steps (need ${batchSize * steps + 1})`);
  // Row b reads ids[b*rowLength … ]; the +1 target offset may read one past the row, into the
  // next row's first id, which is exactly the character that follows in the text.
  const rowLength = Math.floor((ids.length - 1) / batchSize);
  for (let k = 0; k < count; k++) {
    const x = new Int32Array(batchSize * steps);
    const y = new Int32Array(batchSize * steps);
    for (let b = 0; b < batchSize; b++) {
      const start = b * rowLength + k * steps;
      for (let t = 0; t < steps; t++) {
        x[b * steps + t] = ids[start + t];
        y[b * steps + t] = ids[start + t + 1];
      }
    }
    yield { x, y, batchSize, steps, index: k };
  }
}
