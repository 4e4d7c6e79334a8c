// Adam and AdamW: PyTorch's torch.optim.Adam / AdamW rules (bias-corrected, optional amsgrad).
// They differ only in weight decay: Adam adds wd·p to the gradient, AdamW shrinks p by (1 − lr·wd).
// The step runs as one kernel on the parameter's storage, the moments kept beside it on the same
// backend (float32 in WebAssembly memory on wasm; float64, same arithmetic as before, on js).
import type { Store, Tensor, OptionSpec } from "@tapegrad/autograd";
import { checkLr, checkNonNegative, Optimizer, optimizerOptions, type ParamGroup, type Params, type ParamState } from "./optimizer";

/** Adam's hyperparameters (each group may set its own). */
export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

type AdamHyper = Required<AdamOptions>;

const ADAM_OPTIONS: OptionSpec<AdamOptions> = {
  lr: "number",
  betas: (v) => (Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === "number") ? null : "must be a pair of numbers [beta1, beta2]"),
  eps: "number", weightDecay: "number", amsgrad: "boolean", maximize: "boolean",
};

interface Moments { m: Store; v: Store; vmax: Store | null }

export class Adam extends Optimizer<AdamHyper> {
  protected readonly decoupled: boolean = false;
  private readonly moments = new Map<Tensor, Moments>();

  /** Like torch.optim.Adam(params, …); params is a list of tensors or of groups { params, lr, … }. */
  /** `options` may be just the learning rate (PyTorch's positional lr): `new Adam(params, 0.01)`. */
  constructor(params: Params<AdamHyper>, options: AdamOptions | number = {}, defaultWeightDecay = 0) {
    const opts = optimizerOptions(new.target.name, options, ADAM_OPTIONS);
    super(params, {
      lr: opts.lr ?? 1e-3,
      betas: opts.betas ?? [0.9, 0.999],
      eps: opts.eps ?? 1e-8,
      weightDecay: opts.weightDecay ?? defaultWeightDecay,
      amsgrad: opts.amsgrad ?? false,
      maximize: opts.maximize ?? false,
    });
  }

  protected checkGroup(g: AdamHyper): void {
    const name = this.constructor.name;
    checkLr(name, g.lr);
    checkNonNegative(name, "epsilon", g.eps);
    checkNonNegative(name, "weight_decay", g.weightDecay);
    if (!Array.isArray(g.betas) || g.betas.length !== 2) throw new Error(`${name}: betas must be a pair [beta1, beta2], got ${JSON.stringify(g.betas)}`);
    for (const [i, b] of g.betas.entries()) {
      if (!(b >= 0 && b < 1)) throw new Error(`${name}: Invalid beta parameter at index ${i}: ${b}`);
    }
  }

  protected override updateInPlace(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamHyper>): boolean {
    const be = p.backend;
    let mo = this.moments.get(p);
    if (mo === undefined) {
      mo = this.allocMoments(p, group.amsgrad);
      state.step = 0;
    } else if (group.amsgrad && mo.vmax === null) {
      mo.vmax = be.alloc(p.size, true);
      this.track(be, { vmax: mo.vmax });
    }
    const step = (state.step as number) + 1;
    state.step = step;
    const { betas: [b1, b2], lr, weightDecay: wd } = group;
    be.adamStep(p.storeForWrite("Adam step"), grad.storeFor("Adam step"), mo.m, mo.v, group.amsgrad ? mo.vmax : null, {
      stepSize: lr / (1 - b1 ** step),
      beta1: b1,
      beta2: b2,
      bc2Sqrt: Math.sqrt(1 - b2 ** step),
      eps: group.eps,
      weightDecay: this.decoupled ? 0 : wd,
      decay: this.decoupled && wd !== 0 ? 1 - lr * wd : 1,
      maximize: group.maximize,
    });
    return true;
  }

  private allocMoments(p: Tensor, amsgrad: boolean): Moments {
    const be = p.backend;
    const mo = { m: be.alloc(p.size, true), v: be.alloc(p.size, true), vmax: amsgrad ? be.alloc(p.size, true) : null };
    this.moments.set(p, mo);
    this.track(be, { m: mo.m, v: mo.v, vmax: mo.vmax });
    return mo;
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

  protected override checkParamState(where: string, p: Tensor, st: ParamState, group: ParamGroup<AdamHyper>): void {
    super.checkParamState(where, p, st, group);
    const need = ["exp_avg", "exp_avg_sq", ...(group.amsgrad ? ["max_exp_avg_sq"] : [])];
    for (const k of need) if (!ArrayBuffer.isView(st[k])) throw new Error(`${where}: missing ${k} (${this.constructor.name} keeps ${need.join(", ")} and step)`);
    if (!(typeof st.step === "number" && Number.isInteger(st.step) && st.step >= 1)) throw new Error(`${where}: step must be a positive integer, got ${String(st.step)}`);
  }

  /** Writes loaded moments into the parameter's backend (float32 on wasm, as the step keeps them). */
  protected override setParamState(p: Tensor, st: ParamState): void {
    const mo = this.allocMoments(p, st.max_exp_avg_sq instanceof Float64Array);
    const be = p.backend;
    be.view(mo.m).set(st.exp_avg as Float64Array);
    be.view(mo.v).set(st.exp_avg_sq as Float64Array);
    if (mo.vmax) be.view(mo.vmax).set(st.max_exp_avg_sq as Float64Array);
    super.setParamState(p, { step: st.step });
  }

  protected override clearParamState(p: Tensor): void {
    const mo = this.moments.get(p);
    if (mo) {
      this.untrack(p.backend, [mo.m, mo.v, mo.vmax]);
      this.moments.delete(p);
    }
    super.clearParamState(p);
  }

  /** Frees the moments (the next step starts them again from zero, like a new optimizer). */
  override dispose(): void {
    super.dispose();
    this.moments.clear();
    for (const p of this.params) super.clearParamState(p);
  }
}

export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  /** Like Adam, with decoupled weight decay (default 0.01, as PyTorch). */
  constructor(params: Params<AdamHyper>, opts: AdamOptions | number = {}) {
    super(params, opts, 1e-2);
  }
}
