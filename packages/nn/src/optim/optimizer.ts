// Optimizer base: walks the parameters that have a gradient and applies one update rule to their
// values in float64 JS arrays (exactly PyTorch's arithmetic), writing the result back in place.
// A rule that is one kernel on the storage itself (plain SGD: p += −lr·g) skips the round trip.
import { Tensor, type Backend, type Store } from "@tapegrad/autograd";
import { checkOptions, describeValue, type OptionSpec } from "../options";

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
    const name = this.constructor.name;
    this.params = checkParams(name, params);
    if (typeof lr !== "number" || !(lr >= 0)) throw new Error(`${name}: Invalid learning rate: ${describeValue(lr)}`);
    if (this.params.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    if (new Set(this.params).size !== this.params.length) throw new Error(`${name}: some parameters appear more than once`);
    this.lr = lr;
    this.initialLr = lr;
  }

  /** Updates every parameter that has a gradient. */
  step(): void {
    for (const p of this.params) {
      const grad = p.grad;
      if (!grad) continue;
      let state = this.states.get(p);
      if (!state) this.states.set(p, (state = {}));
      if (this.updateInPlace(p, grad, state)) continue;
      const values = Float64Array.from(viewOf(p));
      this.update(values, Float64Array.from(viewOf(grad)), state);
      viewOf(p).set(values);
    }
  }

  /**
   * A rule that can run as kernels on the parameter's own storage (no float64 round trip)
   * does so here and returns true; the default returns false and `update` runs instead.
   */
  protected updateInPlace(_p: Tensor, _grad: Tensor, _state: ParamState): boolean {
    return false;
  }

  /**
   * Frees state kept outside JavaScript's heap (Adam's moments in WebAssembly memory). Optional:
   * an optimizer that is garbage-collected frees it too, just later.
   */
  dispose(): void {
    for (const { backend, stores } of this.owned) for (const s of stores) backend.free(s);
    this.owned.length = 0;
    this.finalizer.unregister(this);
  }

  /** Registers backend storage this optimizer owns: freed by dispose(), or when it is garbage-collected. */
  protected track(backend: Backend, stores: Record<string, Store | null>): void {
    const list = Object.values(stores).filter((s): s is Store => s !== null);
    this.owned.push({ backend, stores: list });
  }

  private readonly owned: { backend: Backend; stores: Store[] }[] = [];
  private readonly finalizer = finalizerFor(this.owned, this);

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.grad?.zero_();
  }

  /** The state PyTorch would hold for p (empty before its first step). */
  stateOf(p: Tensor): ParamState {
    return this.states.get(p) ?? {};
  }

  /**
   * Applies the rule to one parameter's values in place, given its gradient (owned, may be
   * changed). A rule that always runs in updateInPlace (Adam) need not define it.
   */
  protected update(_p: Float64Array, _g: Float64Array, _state: ParamState): void {
    throw new Error(`${this.constructor.name}: internal error: neither updateInPlace nor update handles this parameter`);
  }
}

/** A live view of a tensor's storage (float32 on wasm, float64 on js); re-read after allocating. */
function viewOf(t: Tensor): Float32Array | Float64Array {
  return t.backend.view(t.storeFor("optimizer step"));
}

/**
 * An optimizer's options, checked by the shared option checker. A bare number is taken as the
 * learning rate, as PyTorch's positional `lr` (`new Adam(params, 0.01)`).
 */
export function optimizerOptions<T extends { lr?: number }>(name: string, options: T | number | undefined, spec: OptionSpec<T>): T {
  if (typeof options === "number") return { lr: options } as T;
  return checkOptions(name, options, spec);
}

/** The parameters as an array of leaf Tensors, or an Error naming what was given instead. */
function checkParams(name: string, params: Iterable<Tensor>): Tensor[] {
  if (params === null || typeof params !== "object" || typeof (params as Iterable<Tensor>)[Symbol.iterator] !== "function") {
    const hint = params !== null && typeof params === "object" && typeof (params as { parameters?: unknown }).parameters === "function" ? " (pass module.parameters())" : "";
    throw new Error(`${name}: params must be an iterable of Tensors${hint}, got ${describeValue(params)}`);
  }
  const list = [...params];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new Error(`${name}: optimizer can only optimize Tensors, but params[${i}] is ${describeValue(p)}`);
    if (!p.isLeaf) throw new Error(`${name}: can't optimize a non-leaf Tensor: params[${i}] was made by ${p.opName} (use a parameter, or detach() it)`);
  });
  return list;
}

export function checkNonNegative(opt: string, what: string, v: number): void {
  if (!(v >= 0)) throw new Error(`${opt}: Invalid ${what} value: ${v}`);
}

// Frees an optimizer's backend storage once the optimizer itself is unreachable.
const registry = new FinalizationRegistry<{ backend: Backend; stores: Store[] }[]>((owned) => {
  for (const { backend, stores } of owned) for (const s of stores) backend.free(s);
});

function finalizerFor(owned: { backend: Backend; stores: Store[] }[], opt: object): FinalizationRegistry<{ backend: Backend; stores: Store[] }[]> {
  registry.register(opt, owned, opt);
  return registry;
}
