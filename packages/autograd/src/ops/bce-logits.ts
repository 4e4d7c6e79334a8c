// Binary cross-entropy on logits (PyTorch's binary_cross_entropy_with_logits) as one op with its
// reduction inside, computed with PyTorch 1.13's own CPU formulas step for step, so values agree
// with torch to the bit where both use the same exp/log, including NaN where torch gives NaN:
//   max_val = max(−x, 0)
//   loss = (1 − y)·x + max_val + log(e^−max_val + e^(−x − max_val))                   (no pos_weight)
//   loss = (1 − y)·x + ((pw − 1)·y + 1)·(log(e^−max_val + e^(−x − max_val)) + max_val)  (pos_weight)
//   times weight; mean = Σ/n.
// At x = −∞ the term −x − max_val is ∞ − ∞, so torch's loss is NaN for every target; at x = +∞
// it is NaN for y = 1 (0·∞) and +∞ otherwise. An earlier version returned the mathematical limit
// (0 or ∞) there; users porting code compare against torch, so torch's values win. The gradients
// are torch's backward formulas and stay finite for finite targets: ∂x = (σ(x) − y)·g, with
// pos_weight ((pw·y + 1 − y)·σ(x) − pw·y)·g; ∂y = −x·g, with pos_weight
// (logσ(−x) − pw·logσ(x))·g; times weight, over n for mean (torch divides last).
// The reduction lives in the op because torch's backward divides (σ − y)·g by n, which rounds
// differently from (σ − y)·(g/n) through a separate mean. Element loops over the backend's views:
// a loss touches each element once, off the recurrent hot path.
import { twins } from "@tapegrad/kernels";
import { empty, gradStore, record } from "../tape";
import type { OpDef, Tensor } from "../tensor";
import { checkOptions, type OptionSpec } from "../options";
import { checkInputTarget, checkTensor, fmt, sameBackend } from "./helpers";

const OP = "binaryCrossEntropyWithLogits";

export type LossReduction = "none" | "mean" | "sum";

/** The options of bceWithLogits: PyTorch's weight, pos_weight and reduction. */
export interface BceWithLogitsOptions {
  /** Rescales each element's loss; broadcasts to the input's shape. No gradient (as PyTorch). */
  weight?: Tensor | null;
  /** Weight of the positive term per class; broadcasts to the input's shape (usually [classes]). */
  posWeight?: Tensor | null;
  /** "mean" (default), "sum" or "none". */
  reduction?: LossReduction;
}

const BCE_OPTIONS: OptionSpec<BceWithLogitsOptions> = { weight: "any", posWeight: "any", reduction: "string" };

interface Saved {
  weight: Float64Array | null;
  posWeight: Float64Array | null;
  reduction: LossReduction;
}

/** torch's sigmoid kernel: 1 / (1 + e^−x). */
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** torch's log_sigmoid kernel: min(x, 0) − log1p(e^−|x|). */
const logSigmoid = (x: number): number => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));

/** `t`'s values broadcast to x's shape (by the float64 twin's broadcasting: 1·t, exact). */
function broadcastValues(name: string, t: Tensor, x: Tensor): Float64Array {
  checkTensor(OP, name, t);
  sameBackend(OP, x, t);
  if (t._requiresGrad) throw new Error(`${OP}: ${name} does not take a gradient (as in PyTorch); pass it detached (${name}.detach())`);
  const shape = x.shape;
  const fits = t.shape.length <= shape.length && t.shape.every((d, i) => d === 1 || d === shape[shape.length - t.shape.length + i]);
  if (!fits) throw new Error(`${OP}: ${name} ${fmt(t.shape)} does not broadcast to the input's shape ${fmt(shape)}`);
  const out = new Float64Array(x.size).fill(1);
  twins.binary("mul", out, out, Float64Array.from(t.backend.view(t.storeFor(OP))), { aShape: shape, bShape: t.shape });
  return out;
}

const BCE_LOGITS: OpDef<Saved> = {
  name: OP,
  backward(out, g, saved) {
    const [x, y] = out._inputs!;
    const be = out.backend;
    const { weight, posWeight, reduction } = saved;
    const gv = be.view(g), xv = be.view(x.storeFor(`${OP} backward`)), yv = be.view(y.storeFor(`${OP} backward`));
    const scalar = reduction !== "none", n = x.size;
    const finish = (v: number, i: number): number => {
      if (weight !== null) v *= weight[i];
      return reduction === "mean" ? v / n : v;
    };
    if (x._requiresGrad) {
      const dx = be.view(gradStore(x)!);
      for (let i = 0; i < n; i++) {
        const gi = gv[scalar ? 0 : i];
        let d: number;
        if (posWeight === null) d = (sigmoid(xv[i]) - yv[i]) * gi;
        else {
          const t = posWeight[i] * yv[i];
          d = ((t + 1 - yv[i]) * sigmoid(xv[i]) - t) * gi;
        }
        dx[i] += finish(d, i);
      }
    }
    if (y._requiresGrad) {
      const dy = be.view(gradStore(y)!);
      for (let i = 0; i < n; i++) {
        const gi = gv[scalar ? 0 : i];
        const d = posWeight === null ? -xv[i] * gi : (logSigmoid(-xv[i]) - logSigmoid(xv[i]) * posWeight[i]) * gi;
        dy[i] += finish(d, i);
      }
    }
  },
};

/**
 * Binary cross-entropy of logits `x` against targets `y` (PyTorch's
 * binary_cross_entropy_with_logits, same formula, so the same values including NaN at x = −∞).
 */
export function bceWithLogits(x: Tensor, y: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  checkInputTarget(OP, x, y);
  checkOptions(OP, options, BCE_OPTIONS);
  const reduction = options.reduction ?? "mean";
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new Error(`${OP}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  const weight = options.weight == null ? null : broadcastValues("weight", options.weight, x);
  const posWeight = options.posWeight == null ? null : broadcastValues("posWeight", options.posWeight, x);
  const be = x.backend;
  const xv = be.view(x.storeFor(OP)), yv = be.view(y.storeFor(OP));
  const n = x.size;
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = xv[i], yi = yv[i];
    const maxVal = Math.max(-xi, 0);
    const logTerm = Math.log(Math.exp(-maxVal) + Math.exp(-xi - maxVal));
    let l = posWeight === null ? (1 - yi) * xi + maxVal + logTerm : (1 - yi) * xi + ((posWeight[i] - 1) * yi + 1) * (logTerm + maxVal);
    if (weight !== null) l *= weight[i];
    losses[i] = l;
  }
  const out = reduction === "none" ? empty(be, x.shape, n) : empty(be, [], 1);
  const ov = be.view(out._store!);
  if (reduction === "none") ov.set(losses);
  else {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += losses[i];
    ov[0] = reduction === "mean" ? sum / n : sum;
  }
  const inputs = [x, y];
  if (options.weight != null) inputs.push(options.weight);
  if (options.posWeight != null) inputs.push(options.posWeight);
  record(out, BCE_LOGITS, inputs, { weight, posWeight, reduction });
  return out;
}
