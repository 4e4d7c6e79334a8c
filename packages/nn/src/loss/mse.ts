// Mean squared error (PyTorch nn.MSELoss).
import type { Tensor } from "@tapegrad/autograd";
import { checkReduction, checkSameShape, reduce, type Reduction } from "./reduction";

/** (input − target)², reduced. */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkReduction("MSELoss", reduction);
  checkSameShape("MSELoss", input, target);
  return reduce(input.sub(target).square(), reduction);
}

export class MSELoss {
  constructor(readonly opts: { reduction?: Reduction } = {}) {
    checkReduction("MSELoss", opts.reduction ?? "mean");
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts.reduction ?? "mean");
  }
}
