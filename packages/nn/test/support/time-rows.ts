// Reading a recurrent layer's [T, B, F] output one sequence at a time (masking and carry tests).
import type { Tensor } from "@tapegrad/autograd";

/** The rows of batch element b of a [T, B, F] tensor for steps 0..len-1, flattened. */
export function timeRows(t: Tensor, b: number, len: number): number[] {
  const [, B, F] = t.shape;
  const d = t.data();
  const out: number[] = [];
  for (let s = 0; s < len; s++) out.push(...d.slice((s * B + b) * F, (s * B + b + 1) * F));
  return out;
}
