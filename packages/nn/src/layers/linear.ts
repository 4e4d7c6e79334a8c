// Linear: y = x Wᵀ + b, over the last dimension of any-rank input (PyTorch nn.Linear).
import { linear, type Tensor } from "@tapegrad/autograd";
import { uniformParam, type ParamOptions } from "../init";
import { Module } from "../module";
import { shapeStr } from "../util";

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  /** weight [out, in] and bias [out], both U(−1/√in, 1/√in) like PyTorch. */
  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: ParamOptions & { bias?: boolean } = {}) {
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.registerParameter("weight", uniformParam([outFeatures, inFeatures], bound, opts));
    this.bias = opts.bias === false ? null : this.registerParameter("bias", uniformParam([outFeatures], bound, opts));
  }

  protected override moduleConfig() {
    return { type: "Linear", config: { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null } };
  }

  /** x [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    const inF = x.shape[x.ndim - 1];
    if (x.ndim < 1 || inF !== this.inFeatures) {
      throw new Error(`Linear: input ${shapeStr(x.shape)}: expected last dimension ${this.inFeatures}, got ${x.ndim < 1 ? "a scalar" : inF}`);
    }
    return linear(x, this.weight, this.bias);
  }
}
