// Per-step masks for variable-length batches.
import { tensor, type BackendName, type Tensor } from "@tapegrad/autograd";

/** keep = 1 where the step is valid (t < length), hold = 1 − keep; both [B, 1]. */
export interface StepMask {
  keep: Tensor;
  hold: Tensor;
}

/**
 * For each step t, its masks, or null where every sequence is still valid, so unpadded steps
 * cost nothing extra. Null overall when there are no lengths.
 */
export function stepMasks(lengths: number[] | null, T: number, B: number, backend: BackendName): Array<StepMask | null> | null {
  if (!lengths) return null;
  const out: Array<StepMask | null> = new Array(T).fill(null);
  for (let t = 0; t < T; t++) {
    if (lengths.every((n) => t < n)) continue;
    const keep = lengths.map((n) => (t < n ? 1 : 0));
    out[t] = {
      keep: tensor(keep, { backend, shape: [B, 1] }),
      hold: tensor(keep.map((k) => 1 - k), { backend, shape: [B, 1] }),
    };
  }
  return out;
}
