// Mean squared error (PyTorch nn.MSELoss).
import { type Tensor, checkOptions } from "@tapegrad/autograd";
import { checkReduction, checkSameShape, reduce, REDUCTION_OPTIONS, type Reduction } from "./reduction";

/** (input − target)², reduced. */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("MSELoss", reduction);
  checkSameShape("MSELoss", input, target);
  return reduce(input.sub(target).square(), reduction);
}

export class MSELoss {
  readonly opts: { reduction?: Reduction };
  constructor(options: { reduction?: Reduction } = {}) {
    this.opts = checkOptions("MSELoss", options, REDUCTION_OPTIONS);
    checkReduction("MSELoss", this.opts.reduction ?? "mean");
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts.reduction ?? "mean");
  }
}
