// Linear: y = x Wᵀ + b, over the last dimension of any-rank input (PyTorch nn.Linear).
import { linear, type Tensor, checkOptions } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, uniformParam, type ParamOptions } from "../init";
import { Module } from "../module";
import { checkTensorArg, shapeStr } from "../util";

/** Linear's options: where the parameters live, how they are drawn, and whether there is a bias. */
export interface LinearOptions extends ParamOptions {
  bias?: boolean;
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  /** weight [out, in] and bias [out], both U(−1/√in, 1/√in) like PyTorch (a bias of zeros when in = 0). */
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    const opts = checkOptions("Linear", options, { ...PARAM_OPTIONS, bias: "boolean" });
    checkSizeArg("Linear", "inFeatures", inFeatures);
    checkSizeArg("Linear", "outFeatures", outFeatures);
    const hasBias = opts.bias !== false;
    checkParamsFit("Linear", { weight: [outFeatures, inFeatures], ...(hasBias ? { bias: [outFeatures] } : {}) }, opts);
    // PyTorch: bound = 1/√fan_in, and 0 for fan_in = 0 (1/√0 = ∞ made a NaN bias).
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = this.registerParameter("weight", uniformParam([outFeatures, inFeatures], bound, opts));
    this.bias = hasBias ? this.registerParameter("bias", uniformParam([outFeatures], bound, opts)) : null;
  }

  protected override moduleConfig() {
    return { type: "Linear", config: { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null } };
  }

  /** x [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkTensorArg("Linear", "input", x);
    const inF = x.shape[x.ndim - 1];
    if (x.ndim < 1 || inF !== this.inFeatures) {
      throw new Error(`Linear: input ${shapeStr(x.shape)}: expected last dimension ${this.inFeatures}, got ${x.ndim < 1 ? "a scalar" : inF}`);
    }
    return linear(x, this.weight, this.bias);
  }
}
