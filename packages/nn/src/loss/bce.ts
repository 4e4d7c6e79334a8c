// Binary cross-entropy on probabilities (nn.BCELoss) and on logits (nn.BCEWithLogitsLoss).
import { bceWithLogits, binaryCrossEntropyPerElement, Tensor, checkOptions, type OptionSpec } from "@tapegrad/autograd";
import { checkReduction, checkSameShape, reduce, REDUCTION_OPTIONS, type Reduction } from "./reduction";

/** −(y log p + (1−y) log(1−p)), each log clamped at −100 and the gradient's denominator at 1e-12, as PyTorch does. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("BCELoss", reduction);
  checkSameShape("BCELoss", input, target);
  const data = input.data();
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) throw new Error(`BCELoss: all input elements must be probabilities in [0, 1]; element ${i} is ${data[i]}`);
  }
  return reduce(binaryCrossEntropyPerElement(input, target), reduction);
}

/** The options of BCEWithLogitsLoss: PyTorch's weight, pos_weight (as posWeight) and reduction. */
export interface BCEWithLogitsOptions {
  /** Rescales each element's loss; broadcasts to the input's shape (no gradient, as PyTorch). */
  weight?: Tensor;
  /** Weight of the positive (y = 1) term, one per class; broadcasts to the input's shape. */
  posWeight?: Tensor;
  reduction?: Reduction;
}

const isTensor = (what: string) => (v: unknown): string | null => (v instanceof Tensor ? null : `must be a Tensor (${what})`);

const BCE_WITH_LOGITS_OPTIONS: OptionSpec<BCEWithLogitsOptions> = {
  weight: isTensor("a weight per element"),
  posWeight: isTensor("a weight per class, e.g. tensor([3])"),
  reduction: "string",
};

/**
 * The same loss from logits x with PyTorch 1.13's formula step for step,
 * (1 − y)·x + m + log(e^−m + e^(−x−m)) with m = max(−x, 0) (pos_weight: the log term scaled by
 * (pw − 1)·y + 1), so values match torch's: finite for any finite x, and torch's own results at
 * the edges — NaN at x = −∞ for every target, NaN at x = +∞ for y = 1, +∞ at x = +∞ otherwise.
 * The gradient is (σ(x) − y)·weight (pos_weight: (pw·y + 1 − y)·σ(x) − pw·y), finite for finite
 * targets. The third argument is a reduction or { weight, posWeight, reduction }.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: Reduction | BCEWithLogitsOptions = "mean"): Tensor {
  const opts = typeof options === "string" ? { reduction: options } : checkOptions("BCEWithLogitsLoss", options, BCE_WITH_LOGITS_OPTIONS);
  const reduction = checkReduction("BCEWithLogitsLoss", opts.reduction ?? "mean");
  checkSameShape("BCEWithLogitsLoss", input, target);
  return bceWithLogits(input, target, { weight: opts.weight, posWeight: opts.posWeight, reduction });
}

export class BCELoss {
  readonly opts: { reduction?: Reduction };
  constructor(options: { reduction?: Reduction } = {}) {
    this.opts = checkOptions("BCELoss", options, REDUCTION_OPTIONS);
    checkReduction("BCELoss", this.opts.reduction ?? "mean");
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.opts.reduction ?? "mean");
  }
}

export class BCEWithLogitsLoss {
  readonly opts: BCEWithLogitsOptions;
  constructor(options: BCEWithLogitsOptions = {}) {
    this.opts = checkOptions("BCEWithLogitsLoss", options, BCE_WITH_LOGITS_OPTIONS);
    checkReduction("BCEWithLogitsLoss", this.opts.reduction ?? "mean");
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.opts);
  }
}
