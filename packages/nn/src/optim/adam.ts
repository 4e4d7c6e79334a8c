// Adam and AdamW: PyTorch's torch.optim.Adam / AdamW rules (bias-corrected, optional amsgrad).
// They differ only in weight decay: Adam adds wd·p to the gradient, AdamW shrinks p by (1 − lr·wd).
// The step runs as one kernel on the parameter's storage, the moments kept beside it on the same
// backend (float32 in WebAssembly memory on wasm; float64, same arithmetic as before, on js).
import type { Store, Tensor } from "@tapegrad/autograd";
import type { OptionSpec } from "../options";
import { checkNonNegative, Optimizer, optimizerOptions, type ParamState } from "./optimizer";

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

const ADAM_OPTIONS: OptionSpec<AdamOptions> = {
  lr: "number",
  betas: (v) => (Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "number") ? null : "must be a pair of numbers [beta1, beta2]"),
  eps: "number", weightDecay: "number", amsgrad: "boolean", maximize: "boolean",
};

interface Moments { m: Store; v: Store; vmax: Store | null }

export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  readonly maximize: boolean;
  protected readonly decoupled: boolean = false;
  private readonly moments = new Map<Tensor, Moments>();

  /** `opts` may be just the learning rate (PyTorch's positional lr): `new Adam(params, 0.01)`. */
  constructor(params: Iterable<Tensor>, options: AdamOptions | number = {}, defaultWeightDecay = 0) {
    const opts = optimizerOptions(new.target.name, options, ADAM_OPTIONS);
    super(params, opts.lr ?? 1e-3);
    [this.beta1, this.beta2] = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? defaultWeightDecay;
    this.amsgrad = opts.amsgrad ?? false;
    this.maximize = opts.maximize ?? false;
    const name = this.constructor.name;
    checkNonNegative(name, "epsilon", this.eps);
    checkNonNegative(name, "weight_decay", this.weightDecay);
    for (const [i, b] of [this.beta1, this.beta2].entries()) {
      if (!(b >= 0 && b < 1)) throw new Error(`${name}: Invalid beta parameter at index ${i}: ${b}`);
    }
  }

  protected override updateInPlace(p: Tensor, grad: Tensor, state: ParamState): boolean {
    const be = p.backend;
    let mo = this.moments.get(p);
    if (mo === undefined) {
      mo = { m: be.alloc(p.size, true), v: be.alloc(p.size, true), vmax: this.amsgrad ? be.alloc(p.size, true) : null };
      this.moments.set(p, mo);
      this.track(be, { m: mo.m, v: mo.v, vmax: mo.vmax });
      state.step = 0;
    }
    const step = (state.step as number) + 1;
    state.step = step;
    const { beta1: b1, beta2: b2, lr, weightDecay: wd } = this;
    be.adamStep(p.storeFor("Adam step"), grad.storeFor("Adam step"), mo.m, mo.v, mo.vmax, {
      stepSize: lr / (1 - b1 ** step),
      beta1: b1,
      beta2: b2,
      bc2Sqrt: Math.sqrt(1 - b2 ** step),
      eps: this.eps,
      weightDecay: this.decoupled ? 0 : wd,
      decay: this.decoupled && wd !== 0 ? 1 - lr * wd : 1,
      maximize: this.maximize,
    });
    return true;
  }

  /** PyTorch's state names; the moments are copied out as float64 arrays. */
  override stateOf(p: Tensor): ParamState {
    const state = super.stateOf(p);
    const mo = this.moments.get(p);
    if (mo === undefined) return state;
    const copy = (s: Store): Float64Array => Float64Array.from(p.backend.view(s));
    const out: ParamState = { ...state, exp_avg: copy(mo.m), exp_avg_sq: copy(mo.v) };
    if (mo.vmax) out.max_exp_avg_sq = copy(mo.vmax);
    return out;
  }

  /** Frees the moments (the next step starts them again from zero, like a new optimizer). */
  override dispose(): void {
    super.dispose();
    this.moments.clear();
    for (const p of this.params) {
      const state = super.stateOf(p);
      for (const key of Object.keys(state)) delete state[key];
    }
  }
}

export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  /** Like Adam, with decoupled weight decay (default 0.01, as PyTorch). */
  constructor(params: Iterable<Tensor>, opts: AdamOptions | number = {}) {
    super(params, opts, 1e-2);
  }
}
