// where and dropout are compositions of primitives: their gradients come from mul and add.
import { Tensor } from "../tensor";
import { Generator, getDefaultGenerator } from "../generator";
import { add, mul, sub } from "./elementwise";
import { checkTensor } from "./helpers";

/**
 * mask ? a : b elementwise, broadcasting; mask holds 1 (take a) or 0 (take b). Written as
 * mask·a + (1 − mask)·b, so a and b must be finite where they are not chosen.
 */
export function where(mask: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  checkTensor("where", "mask", mask);
  return add(mul(mask, a), mul(sub(1, mask), b));
}

export interface DropoutOptions {
  /** Only active when training (default true). */
  training?: boolean;
  generator?: Generator;
}

/** Zeroes each element with probability p and scales the rest by 1/(1−p) (inverted dropout). */
export function dropout(x: Tensor, p: number, options: DropoutOptions = {}): Tensor {
  checkTensor("dropout", "x", x);
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new Error(`dropout: p must be in [0, 1], got ${String(p)}`);
  if (options.training === false || p === 0) return x;
  if (p === 1) return mul(x, 0);
  const g = options.generator ?? getDefaultGenerator();
  const keep = 1 / (1 - p);
  const be = x.backend;
  const values = new Float64Array(x.size);
  for (let i = 0; i < values.length; i++) values[i] = g.random() < p ? 0 : keep;
  const mask = new Tensor(be, x.shape, be.fromValues(values));
  return mul(x, mask);
}
