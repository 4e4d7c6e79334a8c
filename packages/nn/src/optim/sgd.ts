// SGD with momentum, dampening, Nesterov and weight decay: PyTorch's torch.optim.SGD rule.
import type { Tensor } from "@tapegrad/autograd";
import type { OptionSpec } from "../options";
import { checkNonNegative, Optimizer, optimizerOptions, type ParamState } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

const SGD_OPTIONS: OptionSpec<SGDOptions> = {
  lr: "number", momentum: "number", dampening: "number", weightDecay: "number", nesterov: "boolean", maximize: "boolean",
};

export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;

  /** `opts` may be just the learning rate (PyTorch's positional lr): `new SGD(params, 0.1)`. */
  constructor(params: Iterable<Tensor>, options: SGDOptions | number) {
    const opts = optimizerOptions("SGD", options, SGD_OPTIONS);
    if (opts.lr === undefined) throw new Error("SGD: the learning rate is required: new SGD(params, { lr: 0.01 }) or new SGD(params, 0.01)");
    super(params, opts.lr);
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.maximize = opts.maximize ?? false;
    checkNonNegative("SGD", "momentum", this.momentum);
    checkNonNegative("SGD", "weight_decay", this.weightDecay);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new Error("SGD: Nesterov momentum requires a momentum and zero dampening");
    }
  }

  /** Plain SGD is p += (−lr)·g: one axpy on the parameter's storage, on either backend. */
  protected override updateInPlace(p: Tensor, grad: Tensor, state: ParamState): boolean {
    if (this.momentum !== 0 || this.weightDecay !== 0 || this.maximize) return false;
    state.momentum_buffer = null;
    p.add_(grad, -this.lr);
    return true;
  }

  protected override update(p: Float64Array, g: Float64Array, state: ParamState): void {
    const { momentum: mu, dampening, weightDecay: wd, lr } = this;
    const n = p.length;
    if (this.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
    if (wd !== 0) for (let i = 0; i < n; i++) g[i] += wd * p[i];
    if (mu !== 0) {
      let buf = state.momentum_buffer as Float64Array | null | undefined;
      if (!buf) {
        // The first step starts the buffer at the gradient itself (no dampening).
        state.momentum_buffer = buf = Float64Array.from(g);
      } else {
        for (let i = 0; i < n; i++) buf[i] = mu * buf[i] + (1 - dampening) * g[i];
      }
      if (this.nesterov) for (let i = 0; i < n; i++) g[i] += mu * buf[i];
      else g.set(buf);
    } else {
      state.momentum_buffer = null;
    }
    for (let i = 0; i < n; i++) p[i] -= lr * g[i];
  }
}
