// LayerNorm: normalises over the last dimensions (mean 0, biased variance 1), then scales and
// shifts per element (PyTorch nn.LayerNorm). Written from ops, so its gradient needs no rule.
import { ones, zeros, type Tensor, checkOptions } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, type ParamOptions } from "../init";
import { Module } from "../module";
import { checkTensorArg, shapeStr } from "../util";

export interface LayerNormOptions extends ParamOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** A learnable weight (ones) and bias (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
}

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  /** Normalises over the trailing dimensions `normalizedShape` (one size or a list). */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const opts = checkOptions("LayerNorm", options, { ...PARAM_OPTIONS, eps: "number", elementwiseAffine: "boolean" });
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) throw new Error("LayerNorm: normalizedShape must name at least one dimension");
    shape.forEach((d, i) => checkSizeArg("LayerNorm", `normalizedShape[${i}]`, d, 1));
    this.normalizedShape = shape;
    this.eps = opts.eps ?? 1e-5;
    if (!(this.eps >= 0)) throw new Error(`LayerNorm: eps must be a non-negative number, got ${this.eps}`);
    const affine = opts.elementwiseAffine ?? true;
    if (affine) checkParamsFit("LayerNorm", { weight: shape, bias: shape }, opts);
    this.weight = affine ? this.registerParameter("weight", ones(shape, { backend: opts.backend, requiresGrad: true })) : null;
    this.bias = affine ? this.registerParameter("bias", zeros(shape, { backend: opts.backend, requiresGrad: true })) : null;
  }

  protected override moduleConfig() {
    return { type: "LayerNorm", config: { normalizedShape: [...this.normalizedShape], eps: this.eps, elementwiseAffine: this.weight !== null } };
  }

  /** x [..., *normalizedShape] → the same shape. */
  forward(x: Tensor): Tensor {
    checkTensorArg("LayerNorm", "input", x);
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new Error(`LayerNorm: Given normalized_shape=${shapeStr(this.normalizedShape)}, expected input with shape [*, ${this.normalizedShape.join(", ")}], but got input of size${shapeStr(x.shape)}`);
    }
    const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
    const centred = x.sub(x.mean(dims, true));
    const variance = centred.square().mean(dims, true);
    const y = centred.div(variance.add(this.eps).sqrt());
    return this.weight && this.bias ? y.mul(this.weight).add(this.bias) : y;
  }
}
