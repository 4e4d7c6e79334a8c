// RMSprop: PyTorch's torch.optim.RMSprop rule (optional momentum and centering).
import type { Tensor } from "@tapegrad/autograd";
import type { OptionSpec } from "../options";
import { checkNonNegative, Optimizer, optimizerOptions, type ParamState } from "./optimizer";

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

const RMSPROP_OPTIONS: OptionSpec<RMSpropOptions> = {
  lr: "number", alpha: "number", eps: "number", weightDecay: "number", momentum: "number", centered: "boolean", maximize: "boolean",
};

export class RMSprop extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly maximize: boolean;

  /** `opts` may be just the learning rate (PyTorch's positional lr): `new RMSprop(params, 0.01)`. */
  constructor(params: Iterable<Tensor>, options: RMSpropOptions | number = {}) {
    const opts = optimizerOptions("RMSprop", options, RMSPROP_OPTIONS);
    super(params, opts.lr ?? 1e-2);
    this.alpha = opts.alpha ?? 0.99;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.momentum = opts.momentum ?? 0;
    this.centered = opts.centered ?? false;
    this.maximize = opts.maximize ?? false;
    checkNonNegative("RMSprop", "alpha", this.alpha);
    checkNonNegative("RMSprop", "epsilon", this.eps);
    checkNonNegative("RMSprop", "momentum", this.momentum);
    checkNonNegative("RMSprop", "weight_decay", this.weightDecay);
  }

  protected override update(p: Float64Array, g: Float64Array, state: ParamState): void {
    const { alpha: a, eps, weightDecay: wd, momentum: mu, lr } = this;
    const n = p.length;
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = new Float64Array(n);
      if (mu > 0) state.momentum_buffer = new Float64Array(n);
      if (this.centered) state.grad_avg = new Float64Array(n);
    }
    state.step = (state.step as number) + 1;
    const s = state.square_avg as Float64Array;
    const buf = mu > 0 ? (state.momentum_buffer as Float64Array) : null;
    const gavg = this.centered ? (state.grad_avg as Float64Array) : null;
    if (this.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
    if (wd !== 0) for (let i = 0; i < n; i++) g[i] += wd * p[i];
    for (let i = 0; i < n; i++) {
      s[i] = a * s[i] + (1 - a) * g[i] * g[i];
      let avg: number;
      if (gavg) {
        gavg[i] = a * gavg[i] + (1 - a) * g[i];
        avg = Math.sqrt(s[i] - gavg[i] * gavg[i]) + eps;
      } else {
        avg = Math.sqrt(s[i]) + eps;
      }
      if (buf) {
        buf[i] = mu * buf[i] + g[i] / avg;
        p[i] -= lr * buf[i];
      } else {
        p[i] -= (lr * g[i]) / avg;
      }
    }
  }
}
