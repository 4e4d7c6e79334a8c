// Binary cross-entropy per element on probabilities, as an op with PyTorch's own gradient formula.
// Composed from log/clamp/mul, the loss went NaN at saturation: p = 1 (sigmoid of 20 in float32)
// gave 0·∞ in the gradient. Element loops over the backend's views: a loss touches each output
// once, off the recurrent hot path. (On logits: bce-logits.ts.)
import { empty, gradStore, record } from "../tape";
import type { OpDef, Tensor } from "../tensor";
import { checkInputTarget } from "./helpers";

// PyTorch clamps the gradient's denominator p(1 − p) at a float EPSILON of 1e-12.
const EPSILON = Math.fround(1e-12);

/** y·w, taken as 0 when the weight y is 0 (so an infinite term with zero weight adds nothing). */
const weighted = (w: number, term: number): number => (w === 0 ? 0 : w * term);

const BCE: OpDef = {
  name: "binaryCrossEntropy",
  backward(out, g) {
    const [p, y] = out._inputs!;
    const be = out.backend;
    if (p._requiresGrad) {
      const dst = gradStore(p)!;
      const dp = be.view(dst), gv = be.view(g), pv = be.view(p.storeFor("binaryCrossEntropy backward")), yv = be.view(y.storeFor("binaryCrossEntropy backward"));
      for (let i = 0; i < dp.length; i++) dp[i] += (gv[i] * (pv[i] - yv[i])) / Math.max((1 - pv[i]) * pv[i], EPSILON);
    }
    if (y._requiresGrad) {
      const dst = gradStore(y)!;
      const dy = be.view(dst), gv = be.view(g), pv = be.view(p.storeFor("binaryCrossEntropy backward"));
      for (let i = 0; i < dy.length; i++) dy[i] += gv[i] * (Math.log1p(-pv[i]) - Math.log(pv[i]));
    }
  },
};

/** −(y·log p + (1−y)·log(1−p)) per element, each log clamped at −100 (PyTorch's BCELoss, unreduced). */
export function binaryCrossEntropyPerElement(p: Tensor, y: Tensor): Tensor {
  checkInputTarget("binaryCrossEntropy", p, y);
  const be = p.backend;
  const out = empty(be, p.shape, p.size);
  const ov = be.view(out._store!), pv = be.view(p.storeFor("binaryCrossEntropy")), yv = be.view(y.storeFor("binaryCrossEntropy"));
  for (let i = 0; i < ov.length; i++) {
    const logP = Math.max(Math.log(pv[i]), -100), log1mP = Math.max(Math.log1p(-pv[i]), -100);
    ov[i] = -(weighted(yv[i], logP) + weighted(1 - yv[i], log1mP));
  }
  record(out, BCE, [p, y], null);
  return out;
}
