// RMSprop: PyTorch's torch.optim.RMSprop rule (optional momentum and centering).
import type { OptionSpec } from "@tapegrad/autograd";
import { checkLr, checkNonNegative, Optimizer, optimizerOptions, type ParamGroup, type Params, type ParamState } from "./optimizer";

/** RMSprop's hyperparameters (each group may set its own). */
export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

type RMSpropHyper = Required<RMSpropOptions>;

const RMSPROP_OPTIONS: OptionSpec<RMSpropOptions> = {
  lr: "number", alpha: "number", eps: "number", weightDecay: "number", momentum: "number", centered: "boolean", maximize: "boolean",
};

export class RMSprop extends Optimizer<RMSpropHyper> {
  /** Like torch.optim.RMSprop(params, …); params is a list of tensors or of groups { params, lr, … }. */
  /** `options` may be just the learning rate (PyTorch's positional lr): `new RMSprop(params, 0.01)`. */
  constructor(params: Params<RMSpropHyper>, options: RMSpropOptions | number = {}) {
    const opts = optimizerOptions("RMSprop", options, RMSPROP_OPTIONS);
    super(params, {
      lr: opts.lr ?? 1e-2,
      alpha: opts.alpha ?? 0.99,
      eps: opts.eps ?? 1e-8,
      weightDecay: opts.weightDecay ?? 0,
      momentum: opts.momentum ?? 0,
      centered: opts.centered ?? false,
      maximize: opts.maximize ?? false,
    });
  }

  protected checkGroup(g: RMSpropHyper): void {
    checkLr("RMSprop", g.lr);
    checkNonNegative("RMSprop", "alpha", g.alpha);
    checkNonNegative("RMSprop", "epsilon", g.eps);
    checkNonNegative("RMSprop", "momentum", g.momentum);
    checkNonNegative("RMSprop", "weight_decay", g.weightDecay);
  }

  protected override update(p: Float64Array, g: Float64Array, state: ParamState, group: ParamGroup<RMSpropHyper>): void {
    const { alpha: a, eps, weightDecay: wd, momentum: mu, lr } = group;
    const n = p.length;
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = new Float64Array(n);
      if (mu > 0) state.momentum_buffer = new Float64Array(n);
      if (group.centered) state.grad_avg = new Float64Array(n);
    }
    state.step = (state.step as number) + 1;
    const s = state.square_avg as Float64Array;
    // A buffer appears when momentum is turned on later (a scheduler cycling it), as in PyTorch.
    if (mu > 0 && !state.momentum_buffer) state.momentum_buffer = new Float64Array(n);
    if (group.centered && !state.grad_avg) state.grad_avg = new Float64Array(n);
    const buf = mu > 0 ? (state.momentum_buffer as Float64Array) : null;
    const gavg = group.centered ? (state.grad_avg as Float64Array) : null;
    if (group.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
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
