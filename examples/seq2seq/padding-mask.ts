/**
 * Additive attention mask from sequence lengths: 0 at real positions, a large negative number at
 * padding. Added to scores before softmax, exp() of a padded score underflows to exactly 0, so
 * padded positions get zero weight and no gradient, and each row still sums to 1.
 */
import { tensor, type BackendName, type Tensor } from "@tapegrad/autograd";

/** Far below any real score, yet finite, so 0 · it stays 0 in the backward pass. */
export const MASKED_SCORE = -1e9;

/** [B, S] mask bias for sequences of `lengths` padded to S. */
export function paddingBias(lengths: ArrayLike<number>, S: number, backend: BackendName): Tensor {
  const B = lengths.length;
  const bias = new Float64Array(B * S);
  for (let b = 0; b < B; b++) {
    const len = lengths[b];
    if (!Number.isInteger(len) || len < 1 || len > S) throw new Error(`paddingBias: expected lengths in 1..${S}, got ${len} at row ${b}`);
    bias.fill(MASKED_SCORE, b * S + len, (b + 1) * S);
  }
  return tensor(bias, { backend, shape: [B, S] });
}
