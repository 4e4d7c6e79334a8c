// Optimizer base: walks the parameters that have a gradient and applies one update rule to their
// values in float64 JS arrays (exactly PyTorch's arithmetic), writing the result back in place.
import { noGrad, tensor, type Tensor } from "@tapegrad/autograd";
import { backendName } from "../util";

/** Per-parameter optimizer state: PyTorch's names (step, exp_avg, momentum_buffer, …). */
export type ParamState = Record<string, number | Float64Array | null>;

export abstract class Optimizer {
  /** The learning rate; schedulers set it between steps. */
  lr: number;
  /** The learning rate given at construction (schedulers start from it). */
  readonly initialLr: number;
  readonly params: Tensor[];
  private readonly states = new Map<Tensor, ParamState>();

  constructor(params: Iterable<Tensor>, lr: number) {
    this.params = [...params];
    const name = this.constructor.name;
    if (!(lr >= 0)) throw new Error(`${name}: Invalid learning rate: ${lr}`);
    if (this.params.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    if (new Set(this.params).size !== this.params.length) throw new Error(`${name}: some parameters appear more than once`);
    this.lr = lr;
    this.initialLr = lr;
  }

  /** Updates every parameter that has a gradient. */
  step(): void {
    for (const p of this.params) {
      if (!p.grad) continue;
      let state = this.states.get(p);
      if (!state) this.states.set(p, (state = {}));
      const values = Float64Array.from(p.data());
      const grad = Float64Array.from(p.grad.data());
      this.update(values, grad, state);
      writeValues(p, values);
    }
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.grad?.zero_();
  }

  /** The state PyTorch would hold for p (empty before its first step). */
  stateOf(p: Tensor): ParamState {
    return this.states.get(p) ?? {};
  }

  /** Applies the rule to one parameter's values in place, given its gradient (owned, may be changed). */
  protected abstract update(p: Float64Array, g: Float64Array, state: ParamState): void;
}

/** Overwrites a tensor's values (no history): for optimizers and clipping. */
export function writeValues(t: Tensor, values: ArrayLike<number>): void {
  noGrad(() => {
    const src = tensor(values, { backend: backendName(t), shape: [...t.shape] });
    t.copy_(src);
    src.dispose();
  });
}

export function checkNonNegative(opt: string, what: string, v: number): void {
  if (!(v >= 0)) throw new Error(`${opt}: Invalid ${what} value: ${v}`);
}
