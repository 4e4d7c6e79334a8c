// SGD with momentum, dampening, Nesterov and weight decay: PyTorch's torch.optim.SGD rule.
import type { Tensor, OptionSpec } from "@tapegrad/autograd";
import { checkLr, checkNonNegative, Optimizer, optimizerOptions, type ParamGroup, type Params, type ParamState } from "./optimizer";

/** SGD's hyperparameters (each group may set its own). */
export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

type SGDHyper = Required<SGDOptions>;

const SGD_OPTIONS: OptionSpec<SGDOptions> = {
  lr: "number", momentum: "number", dampening: "number", weightDecay: "number", nesterov: "boolean", maximize: "boolean",
};

export class SGD extends Optimizer<SGDHyper> {
  /** Like torch.optim.SGD(params, lr, …); params is a list of tensors or of groups { params, lr, … }. */
  /** `options` may be just the learning rate (PyTorch's positional lr): `new SGD(params, 0.1)`. */
  constructor(params: Params<SGDHyper>, options: SGDOptions | number) {
    const opts = optimizerOptions("SGD", options, SGD_OPTIONS);
    if (opts.lr === undefined) throw new Error("SGD: the learning rate is required: new SGD(params, { lr: 0.01 }) or new SGD(params, 0.01)");
    super(params, { lr: opts.lr, momentum: opts.momentum ?? 0, dampening: opts.dampening ?? 0, weightDecay: opts.weightDecay ?? 0, nesterov: opts.nesterov ?? false, maximize: opts.maximize ?? false });
  }

  protected checkGroup(g: SGDHyper): void {
    checkLr("SGD", g.lr);
    checkNonNegative("SGD", "momentum", g.momentum);
    checkNonNegative("SGD", "weight_decay", g.weightDecay);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new Error("SGD: Nesterov momentum requires a momentum and zero dampening");
  }

  /** Plain SGD is p += (−lr)·g: one axpy on the parameter's storage, on either backend. */
  protected override updateInPlace(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<SGDHyper>): boolean {
    if (group.momentum !== 0 || group.weightDecay !== 0 || group.maximize) return false;
    state.momentum_buffer = null;
    p.add_(grad, -group.lr);
    return true;
  }

  protected override update(p: Float64Array, g: Float64Array, state: ParamState, group: ParamGroup<SGDHyper>): void {
    const { momentum: mu, dampening, weightDecay: wd, lr } = group;
    const n = p.length;
    if (group.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
    if (wd !== 0) for (let i = 0; i < n; i++) g[i] += wd * p[i];
    if (mu !== 0) {
      let buf = state.momentum_buffer as Float64Array | null | undefined;
      if (!buf) {
        // The first step starts the buffer at the gradient itself (no dampening).
        state.momentum_buffer = buf = Float64Array.from(g);
      } else {
        for (let i = 0; i < n; i++) buf[i] = mu * buf[i] + (1 - dampening) * g[i];
      }
      if (group.nesterov) for (let i = 0; i < n; i++) g[i] += mu * buf[i];
      else g.set(buf);
    } else {
      state.momentum_buffer = null;
    }
    for (let i = 0; i < n; i++) p[i] -= lr * g[i];
  }
}
