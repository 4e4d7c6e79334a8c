// Binary cross-entropy on probabilities (nn.BCELoss) and on logits (nn.BCEWithLogitsLoss).
import { binaryCrossEntropyPerElement, binaryCrossEntropyWithLogitsPerElement, type Tensor } from "@tapegrad/autograd";
import { checkOptions } from "../options";
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

/**
 * The same loss from logits x, stable for any x including ±∞ (softplus of ±x, never exp of a
 * large logit); the gradient is exactly σ(x) − y.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("BCEWithLogitsLoss", reduction);
  checkSameShape("BCEWithLogitsLoss", input, target);
  return reduce(binaryCrossEntropyWithLogitsPerElement(input, target), reduction);
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
  readonly opts: { reduction?: Reduction };
  constructor(options: { reduction?: Reduction } = {}) {
    this.opts = checkOptions("BCEWithLogitsLoss", options, REDUCTION_OPTIONS);
    checkReduction("BCEWithLogitsLoss", this.opts.reduction ?? "mean");
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.opts.reduction ?? "mean");
  }
}
