// where selects elementwise (its own rule: the gradient goes to the chosen side only); dropout is a
// composition (a product with a random mask) and needs no rule.
import { broadcastStrides } from "@tapegrad/kernels";
import { GENERATOR_KIND } from "../creation";
import { Generator, getDefaultGenerator } from "../generator";
import { checkOptions, type OptionSpec } from "../options";
import { empty, record } from "../tape";
import { state, Tensor, type OpDef } from "../tensor";
import { gradTimes, mul } from "./elementwise";
import { broadcastShapes, checkTensor, sameBackend, scalarTensor } from "./helpers";

const WHERE: OpDef = {
  name: "where",
  backward(out, g) {
    const [a, b, mask, notMask] = out._inputs!;
    gradTimes("mul", a, g, mask, out);
    gradTimes("mul", b, g, notMask, out);
  },
};

/**
 * mask ? a : b elementwise with broadcasting, where a nonzero mask element takes a. It selects —
 * a NaN or ∞ on the side not taken does not leak into the result or its gradient (unlike
 * mask·a + (1 − mask)·b). The forward is an element loop over the backend's view: masks are
 * built once per batch, not in an inner loop, so no kernel is needed yet.
 */
export function where(mask: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  checkTensor("where", "mask", mask);
  const be = mask.backend;
  const ta = typeof a === "number" ? scalarTensor(be, a) : checkTensor("where", "a", a);
  const tb = typeof b === "number" ? scalarTensor(be, b) : checkTensor("where", "b", b);
  sameBackend("where", mask, ta);
  sameBackend("where", mask, tb);
  const shape = broadcastShapes("where", broadcastShapes("where", mask.shape, ta.shape), tb.shape);
  const out = empty(be, shape);
  const m = be.view(mask.storeFor("where")), x = be.view(ta.storeFor("where")), y = be.view(tb.storeFor("where"));
  const o = be.view(out._store!);
  const sm = broadcastStrides(mask.shape, shape), sa = broadcastStrides(ta.shape, shape), sb = broadcastStrides(tb.shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < o.length; flat++) {
    let im = 0, ia = 0, ib = 0;
    for (let d = 0; d < shape.length; d++) {
      im += index[d] * sm[d];
      ia += index[d] * sa[d];
      ib += index[d] * sb[d];
    }
    o[flat] = m[im] !== 0 ? x[ia] : y[ib];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  if (state.gradEnabled && (ta._requiresGrad || tb._requiresGrad)) {
    // The gradient is routed by 0/1 selectors, so it is exact and cannot pick up a NaN either.
    const selectA = new Tensor(be, mask.shape, be.fromValues(Array.from(m, (v) => (v !== 0 ? 1 : 0))));
    const selectB = new Tensor(be, mask.shape, be.fromValues(Array.from(m, (v) => (v !== 0 ? 0 : 1))));
    record(out, WHERE, [ta, tb, selectA, selectB], null);
  }
  return out;
}

export interface DropoutOptions {
  /** Only active when training (default true). */
  training?: boolean;
  generator?: Generator;
}

const DROPOUT_OPTIONS: OptionSpec<DropoutOptions> = { training: "boolean", generator: GENERATOR_KIND };

/** Zeroes each element with probability p and scales the rest by 1/(1−p) (inverted dropout). */
export function dropout(x: Tensor, p: number, opts: DropoutOptions = {}): Tensor {
  checkTensor("dropout", "x", x);
  const options = checkOptions("dropout", opts, DROPOUT_OPTIONS);
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

/** x with `value` wherever mask is nonzero (mask broadcasts to x's shape); x's gradient is kept where mask is 0. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkTensor("maskedFill", "x", x);
  checkTensor("maskedFill", "mask", mask);
  if (typeof value !== "number") throw new Error(`maskedFill: value must be a number, got ${typeof value}`);
  const shape = broadcastShapes("maskedFill", mask.shape, x.shape);
  if (shape.length !== x.shape.length || shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`maskedFill: the mask of shape [${mask.shape.join(", ")}] must broadcast to x's shape [${x.shape.join(", ")}]`);
  }
  return where(mask, value, x);
}
