// The reductions every loss shares (PyTorch's `reduction=`).
import type { Tensor, OptionSpec } from "@tapegrad/autograd";
import { shapeStr } from "../util";

export type Reduction = "mean" | "sum" | "none";

/** The options of a loss that takes only a reduction. */
export const REDUCTION_OPTIONS: OptionSpec<{ reduction?: Reduction }> = { reduction: "string" };

export function checkReduction(loss: string, r: string): Reduction {
  if (r !== "mean" && r !== "sum" && r !== "none") throw new Error(`${loss}: reduction must be 'mean', 'sum' or 'none', got '${r}'`);
  return r;
}

/** Applies a reduction to per-element losses. */
export function reduce(perElement: Tensor, reduction: Reduction): Tensor {
  if (reduction === "none") return perElement;
  return reduction === "sum" ? perElement.sum() : perElement.mean();
}

/** Input and target must have the same shape (PyTorch only warns; a silent broadcast hides bugs). */
export function checkSameShape(loss: string, input: Tensor, target: Tensor): void {
  if (input.ndim !== target.ndim || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new Error(`${loss}: input ${shapeStr(input.shape)} and target ${shapeStr(target.shape)} must have the same shape`);
  }
  if (input.backend !== target.backend) throw new Error(`${loss}: input and target live on different backends`);
}
