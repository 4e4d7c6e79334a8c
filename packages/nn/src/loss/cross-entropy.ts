// Cross-entropy over class ids (PyTorch nn.CrossEntropyLoss), with classes in the LAST dimension:
// logits [N, C] with targets [N], or a sequence [B, T, C] with targets [B, T].
// (PyTorch puts classes second for >2-D input; classes-last is what a recurrent layer produces.)
import { cat, Tensor, zeros, checkOptions, type OptionSpec } from "@tapegrad/autograd";
import { backendName, flattenIds, shapeStr } from "../util";
import { checkReduction, type Reduction } from "./reduction";

export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Targets equal to this contribute nothing (and 'mean' divides by the others). Default −100. */
  ignoreIndex?: number;
}

const CROSS_ENTROPY_OPTIONS: OptionSpec<CrossEntropyOptions> = { reduction: "string", ignoreIndex: "integer" };

/** Class ids: a Tensor of integers or (nested) arrays / typed arrays of them; or a Tensor of class
 * probabilities shaped like the logits. */
export type ClassIds = Tensor | number[] | number[][] | ArrayLike<number> | readonly ArrayLike<number>[];

/**
 * −log softmax(x)[target] per position, reduced. Stable for large logits: it goes through
 * logSoftmax, never exp of a raw logit.
 */
export function crossEntropy(input: Tensor, target: ClassIds, options: CrossEntropyOptions = {}): Tensor {
  const opts = checkOptions("CrossEntropyLoss", options, CROSS_ENTROPY_OPTIONS);
  const reduction = checkReduction("CrossEntropyLoss", opts.reduction ?? "mean");
  const ignore = opts.ignoreIndex ?? -100;
  if (input.ndim < 1) throw new Error(`CrossEntropyLoss: input must have a class dimension, got a scalar`);
  const C = input.shape[input.ndim - 1];
  const lead = input.shape.slice(0, -1);
  if (target instanceof Tensor && target.ndim === input.ndim && target.shape.every((d, i) => d === input.shape[i])) {
    return softTargets(input, target, reduction);
  }
  const { values, shape } = target instanceof Tensor ? { values: Array.from(target.data()), shape: [...target.shape] } : flattenIds(target, "CrossEntropyLoss");
  if (shape.length !== lead.length || shape.some((d, i) => d !== lead[i])) {
    throw new Error(`CrossEntropyLoss: input ${shapeStr(input.shape)} (classes last) expects target ${shapeStr(lead)}, got ${shapeStr(shape)}`);
  }
  const N = values.length;
  // Gather −log softmax(x)[n, target] at flat positions n·C + target: a one-hot product would turn a
  // −∞ logit on another class into 0·(−∞) = NaN (PyTorch's loss there is finite).
  const positions: number[] = [];
  const rowOf = new Array<number>(N); // per row: its gathered entry, or K (a zero) when ignored
  for (let n = 0; n < N; n++) {
    const t = values[n];
    if (t === ignore) continue;
    if (!Number.isInteger(t) || t < 0 || t >= C) {
      throw new Error(`CrossEntropyLoss: target ${t} at position ${n} is out of range: expected a class id in [0, ${C}) or ignoreIndex ${ignore}`);
    }
    rowOf[n] = positions.length;
    positions.push(n * C + t);
  }
  const count = positions.length;
  const logits = input.ndim === 2 ? input : input.reshape([N, C]);
  const picked = logits.logSoftmax(-1).reshape([N * C]).indexSelect(0, positions);
  if (reduction === "none") {
    const perRow = count === N ? picked.neg() : cat([picked, zeros([1], { backend: backendName(input) })], 0).indexSelect(0, Array.from(rowOf, (k) => k ?? count)).neg();
    return input.ndim === 2 ? perRow : perRow.reshape(lead);
  }
  const total = picked.sum().neg();
  // PyTorch: mean over zero non-ignored targets is 0/0 = NaN.
  return reduction === "sum" ? total : total.div(count);
}

/** Class probabilities as targets (same shape as the logits): −Σ p·log softmax(x); mean over positions. */
function softTargets(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const perPosition = input.logSoftmax(-1).mul(target).sum(-1).neg();
  if (reduction === "none") return perPosition;
  return reduction === "sum" ? perPosition.sum() : perPosition.mean();
}

export class CrossEntropyLoss {
  readonly opts: CrossEntropyOptions;
  constructor(options: CrossEntropyOptions = {}) {
    this.opts = checkOptions("CrossEntropyLoss", options, CROSS_ENTROPY_OPTIONS);
    checkReduction("CrossEntropyLoss", this.opts.reduction ?? "mean");
  }

  /** logits [..., C], class ids [...]. */
  forward(input: Tensor, target: ClassIds): Tensor {
    return crossEntropy(input, target, this.opts);
  }
}
