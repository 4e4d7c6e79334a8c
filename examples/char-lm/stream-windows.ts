/**
 * Truncated backpropagation through time as a dataset: the stream is cut into `batchSize`
 * contiguous parts, one per batch row, and window k holds the k-th `steps` characters of every
 * part. Read in order (a DataLoader with batchSize: null — each window already is a batch), row b
 * of window k+1 starts right after row b of window k, so the recurrent state carried from one
 * window to the next belongs to the text it is continuing. (PyTorch's word-language-model example
 * "batchifies" its corpus the same way.)
 */
import type { Dataset } from "@tapegrad/nn";

export interface StreamWindow {
  /** Inputs, row-major [batchSize, steps]. */
  x: Int32Array;
  /** Next-character targets, [batchSize, steps]: y[b, t] = the id after x[b, t]. */
  y: Int32Array;
  batchSize: number;
  steps: number;
  /** Index of this window in the epoch (0-based); window 0 starts with a fresh state. */
  index: number;
}

/** Number of full windows over `length` ids; the ragged tail of each row is dropped. */
export function streamWindowCount(length: number, batchSize: number, steps: number): number {
  return Math.floor(Math.floor((length - 1) / batchSize) / steps);
}

export class StreamWindows implements Dataset<StreamWindow> {
  /** Full windows; the ragged tail of each row is dropped. */
  readonly length: number;
  private readonly rowLength: number;

  constructor(private readonly ids: ArrayLike<number>, readonly batchSize: number, readonly steps: number) {
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`StreamWindows: expected batchSize to be a positive integer, got ${batchSize}`);
    if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`StreamWindows: expected steps to be a positive integer, got ${steps}`);
    this.rowLength = Math.floor((ids.length - 1) / batchSize);
    this.length = streamWindowCount(ids.length, batchSize, steps);
    if (this.length === 0) throw new Error(`StreamWindows: ${ids.length} ids are too few for one batch of ${batchSize} rows × ${steps} steps (need ${batchSize * steps + 1})`);
  }

  /** Window k: rows b·rowLength + k·steps …, targets one further. */
  get(k: number): StreamWindow {
    if (!(Number.isInteger(k) && k >= 0 && k < this.length)) throw new Error(`StreamWindows: index ${k} is out of range for ${this.length} windows`);
    const { batchSize, steps, ids } = this;
    const x = new Int32Array(batchSize * steps);
    const y = new Int32Array(batchSize * steps);
    // The +1 target offset may read one past a row, into the next row's first id: exactly the
    // character that follows in the text.
    for (let b = 0; b < batchSize; b++) {
      const start = b * this.rowLength + k * steps;
      for (let t = 0; t < steps; t++) {
        x[b * steps + t] = ids[start + t];
        y[b * steps + t] = ids[start + t + 1];
      }
    }
    return { x, y, batchSize, steps, index: k };
  }
}
