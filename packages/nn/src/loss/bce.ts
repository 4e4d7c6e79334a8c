// Binary cross-entropy on probabilities (nn.BCELoss) and on logits (nn.BCEWithLogitsLoss).
import { stack, tensor, type Tensor } from "@tapegrad/autograd";
import { backendName } from "../util";
import { checkOptions } from "../options";
import { checkReduction, checkSameShape, reduce, REDUCTION_OPTIONS, type Reduction } from "./reduction";

/** −(y log p + (1−y) log(1−p)), each log clamped at −100 as PyTorch does. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("BCELoss", reduction);
  checkSameShape("BCELoss", input, target);
  const data = input.data();
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) throw new Error(`BCELoss: all input elements must be probabilities in [0, 1]; element ${i} is ${data[i]}`);
  }
  const logP = input.log().clamp(-100, null);
  const log1mP = input.neg().add(1).log().clamp(-100, null);
  const perElement = target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
  return reduce(perElement, reduction);
}

/**
 * The same loss from logits x, stable for any |x|: log σ(x) and log σ(−x) are the two entries of
 * logSoftmax([0, x]), so no exp of a large logit is formed and the gradient is exactly σ(x) − y.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("BCEWithLogitsLoss", reduction);
  checkSameShape("BCEWithLogitsLoss", input, target);
  const d = input.ndim;
  const zero = tensor(new Float64Array(input.size), { backend: backendName(input), shape: [...input.shape] });
  const logSig = stack([zero, input], d).logSoftmax(-1); // [..., 2] = [log σ(−x), log σ(x)]
  const weights = stack([target.neg().add(1), target], d);
  return reduce(logSig.mul(weights).sum(d).neg(), reduction);
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
