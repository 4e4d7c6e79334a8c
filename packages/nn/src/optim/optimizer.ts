// Optimizer base: parameter groups (PyTorch's param_groups, each with its own hyperparameters),
// per-parameter state, and state dicts in PyTorch's layout. The update rule of a subclass either
// runs as kernels on the parameter's storage (updateInPlace) or on float64 copies of the values
// (update), exactly PyTorch's arithmetic, written back in place.
import { noteOptimizerStep, Tensor, type Backend, type Store, checkOptions, describeValue, suggest, type OptionSpec } from "@tapegrad/autograd";
import { checkStateDict, fromSnake, type OptimizerStateDict, toSnake } from "./state-dict";

export type { OptimizerStateDict } from "./state-dict";

/** Per-parameter optimizer state: PyTorch's names (step, exp_avg, momentum_buffer, …). */
export type ParamState = Record<string, number | Float64Array | null>;

/** Fields schedulers add to a group (PyTorch's initial_lr, max_lr, min_lr, max_momentum, base_momentum). */
export interface SchedulerFields {
  initialLr?: number;
  maxLr?: number;
  minLr?: number;
  maxMomentum?: number;
  baseMomentum?: number;
}

/** A parameter group: its tensors and its own hyperparameters; change them between steps freely. */
export type ParamGroup<H> = H & SchedulerFields & { params: Tensor[] };

/** One group as given to a constructor: its parameters and any hyperparameters it overrides. */
export type ParamGroupInput<H> = Partial<H> & { params: Iterable<Tensor> };

/** Parameters as given to a constructor: a list of tensors (one group) or a list of groups. */
export type Params<H> = Iterable<Tensor> | Iterable<ParamGroupInput<H>>;

/** Scheduler fields a state dict may carry in a group. */
const SCHEDULER_KEYS = new Set(["initialLr", "maxLr", "minLr", "maxMomentum", "baseMomentum"]);
/** PyTorch implementation switches with no effect on the arithmetic; accepted and ignored on load. */
const NEUTRAL_KEYS = new Set(["foreach", "capturable", "differentiable", "fused"]);

/** What every optimizer's hyperparameters include. */
export interface BaseHyper {
  lr: number;
}

export abstract class Optimizer<H extends BaseHyper = BaseHyper> {
  /** The groups, in order; a scheduler or the user may change a group's hyperparameters between steps. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** The hyperparameters a group gets when it does not set its own. */
  readonly defaults: H;
  private readonly states = new Map<Tensor, ParamState>();

  constructor(params: Params<H>, defaults: H) {
    const name = this.constructor.name;
    this.defaults = defaults;
    const list = iterableParams(name, params);
    if (list.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    const isGroup = (v: unknown): boolean => typeof v === "object" && v !== null && "params" in v && !("backend" in v);
    if (list.every(isGroup)) for (const g of list) this.addParamGroup(g as ParamGroupInput<H>);
    else if (list.some(isGroup)) throw new Error(`${name}: expected a list of tensors or a list of parameter groups ({ params, ...options }), got a mix`);
    else this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupInput<H>);
  }

  /** Adds a group (its own hyperparameters over the defaults); a parameter may belong to one group only. */
  addParamGroup(input: ParamGroupInput<H>): void {
    const name = this.constructor.name;
    const params = checkParams(name, iterableParams(name, input.params));
    if (params.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    if (new Set(params).size !== params.length) throw new Error(`${name}: some parameters appear more than once in a group`);
    const seen = new Set(this.params);
    if (params.some((p) => seen.has(p))) throw new Error(`${name}: some parameters appear in more than one parameter group`);
    const group = { ...this.defaults } as ParamGroup<H>;
    for (const [k, v] of Object.entries(input)) {
      if (k === "params") continue;
      if (!(k in this.defaults) && !SCHEDULER_KEYS.has(k)) {
        const guess = suggest(k, Object.keys(this.defaults));
        throw new Error(`${name}: unknown option "${k}" in a parameter group${guess ? ` (did you mean "${guess}"?)` : ""}; the options are ${Object.keys(this.defaults).join(", ")}`);
      }
      if (v !== undefined) (group as unknown as Record<string, unknown>)[k] = v;
    }
    this.checkGroup(group);
    group.params = params;
    this.paramGroups.push(group);
  }

  /** Every parameter of every group, in order (PyTorch's state-dict indices). */
  get params(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** The first group's learning rate; setting it sets every group's. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }
  set lr(value: number) {
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Throws PyTorch's error for an invalid hyperparameter of a group. */
  protected abstract checkGroup(group: H): void;

  /** Updates every parameter that has a gradient, each with its group's hyperparameters. */
  step(): void {
    noteOptimizerStep();
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const grad = p.grad;
        if (!grad) continue;
        let state = this.states.get(p);
        if (!state) this.states.set(p, (state = {}));
        // A step is an in-place write (updateInPlace and the copy back both take p's store through
        // storeForWrite): a graph that saved p refuses a later backward.
        if (this.updateInPlace(p, grad, state, group)) continue;
        const values = Float64Array.from(viewOf(p));
        this.update(values, Float64Array.from(viewOf(grad)), state, group);
        p.backend.view(p.storeForWrite("optimizer step")).set(values);
      }
    }
  }

  /**
   * A rule that can run as kernels on the parameter's own storage (no float64 round trip)
   * does so here and returns true; the default returns false and `update` runs instead.
   */
  protected updateInPlace(_p: Tensor, _grad: Tensor, _state: ParamState, _group: ParamGroup<H>): boolean {
    return false;
  }

  /**
   * Applies the rule to one parameter's values in place, given its gradient (owned, may be
   * changed). A rule that always runs in updateInPlace (Adam) need not define it.
   */
  protected update(_p: Float64Array, _g: Float64Array, _state: ParamState, _group: ParamGroup<H>): void {
    throw new Error(`${this.constructor.name}: internal error: neither updateInPlace nor update handles this parameter`);
  }

  /** The state PyTorch would hold for p (empty before its first step). */
  stateOf(p: Tensor): ParamState {
    return this.states.get(p) ?? {};
  }

  /**
   * PyTorch's optimizer.state_dict(): `state` keyed by parameter index over all groups (copies),
   * `param_groups` with snake_case hyperparameters and the indices of their parameters.
   */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict["state"] = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== "params") out[toSnake(k)] = Array.isArray(v) ? [...v] : v;
      out.params = group.params.map((p) => {
        const st = this.stateOf(p);
        if (Object.keys(st).length) state[index] = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v instanceof Float64Array ? v.slice() : v]));
        return index++;
      });
      return out as OptimizerStateDict["param_groups"][number];
    });
    return { state, param_groups: paramGroups };
  }

  /**
   * PyTorch's optimizer.load_state_dict(): the saved groups' hyperparameters replace the current
   * ones, and each parameter's state is restored by index. Everything is checked first; a bad
   * dict changes nothing.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const name = this.constructor.name;
    const { groups, state } = checkStateDict(name, sd, this.paramGroups.map((g) => g.params));
    const merged = groups.map((saved, i) => {
      const group = { ...this.paramGroups[i] } as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(saved)) {
        if (k === "params" || NEUTRAL_KEYS.has(k)) continue;
        const key = fromSnake(k);
        if (!(key in this.defaults) && !SCHEDULER_KEYS.has(key)) throw new Error(`${name}.loadStateDict: unknown hyperparameter "${k}" in param_groups[${i}]`);
        group[key] = Array.isArray(v) ? [...v] : v;
      }
      try {
        this.checkGroup(group as unknown as H);
      } catch (e) {
        throw new Error(`${name}.loadStateDict: param_groups[${i}]: ${(e as Error).message}`);
      }
      return group as unknown as ParamGroup<H>;
    });
    const params = this.params;
    const saved = params.map((p, i) => {
      const st = state[i] ?? null;
      if (st !== null) this.checkParamState(`${name}.loadStateDict: state[${i}]`, p, st, merged[groupIndexOf(this.paramGroups, p)]);
      return st;
    });
    merged.forEach((g, i) => Object.assign(this.paramGroups[i], g, { params: this.paramGroups[i].params }));
    params.forEach((p, i) => {
      const st = saved[i];
      this.clearParamState(p);
      if (st !== null) this.setParamState(p, Object.fromEntries(Object.entries(st).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Float64Array.from(v as Float64Array) : v])));
    });
  }

  /** Checks one parameter's saved state before anything is loaded: every array the parameter's size. */
  protected checkParamState(where: string, p: Tensor, st: ParamState, _group: ParamGroup<H>): void {
    if (typeof st !== "object" || st === null) throw new Error(`${where}: expected an object of state entries, got ${typeof st}`);
    for (const [k, v] of Object.entries(st)) {
      if (v === null || typeof v === "number") continue;
      if (!ArrayBuffer.isView(v)) throw new Error(`${where}.${k}: expected a number, null or a Float64Array, got ${typeof v}`);
      const n = (v as Float64Array).length;
      if (n !== p.size) throw new Error(`${where}.${k}: ${n} values, but the parameter has ${p.size} (shape [${p.shape.join(", ")}])`);
    }
  }

  /** Installs a parameter's loaded state (already checked and copied). */
  protected setParamState(p: Tensor, st: ParamState): void {
    this.states.set(p, st);
  }

  /** Forgets a parameter's state (its next step starts afresh). */
  protected clearParamState(p: Tensor): void {
    this.states.delete(p);
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

  /** Frees storage registered with track() before the optimizer is disposed (state replaced by a load). */
  protected untrack(backend: Backend, stores: Array<Store | null>): void {
    for (const s of stores) {
      if (s === null) continue;
      for (const entry of this.owned) {
        const i = entry.stores.indexOf(s);
        if (i >= 0 && entry.backend === backend) {
          entry.stores.splice(i, 1);
          backend.free(s);
          break;
        }
      }
    }
  }

  private readonly owned: { backend: Backend; stores: Store[] }[] = [];
  private readonly finalizer = finalizerFor(this.owned, this);

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.grad?.zero_();
  }
}

function groupIndexOf(groups: { params: Tensor[] }[], p: Tensor): number {
  return groups.findIndex((g) => g.params.includes(p));
}

/** A live view of a tensor's storage (float32 on wasm, float64 on js), to read (writes go through t.storeForWrite); re-read after allocating. */
export function viewOf(t: Tensor): Float32Array | Float64Array {
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

/** The items of an iterable of parameters (or groups), or an Error naming what was given instead. */
function iterableParams(name: string, params: unknown): unknown[] {
  if (params === null || typeof params !== "object" || typeof (params as Iterable<unknown>)[Symbol.iterator] !== "function") {
    const hint = params !== null && typeof params === "object" && typeof (params as { parameters?: unknown }).parameters === "function" ? " (pass module.parameters())" : "";
    throw new Error(`${name}: params must be an iterable of Tensors or of parameter groups${hint}, got ${describeValue(params)}`);
  }
  return [...(params as Iterable<unknown>)];
}

/** Parameters must be leaf Tensors (PyTorch: "optimizer can only optimize Tensors", "can't optimize a non-leaf Tensor"). */
function checkParams(name: string, list: unknown[]): Tensor[] {
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new Error(`${name}: optimizer can only optimize Tensors, but params[${i}] is ${describeValue(p)}`);
    if (!p.isLeaf) throw new Error(`${name}: can't optimize a non-leaf Tensor: params[${i}] was made by ${p.opName} (use a parameter, or detach() it)`);
  });
  return list as Tensor[];
}

export function checkNonNegative(opt: string, what: string, v: number): void {
  if (!(v >= 0)) throw new Error(`${opt}: Invalid ${what} value: ${v}`);
}

/** PyTorch's learning-rate check, shared by every optimizer. */
export function checkLr(opt: string, lr: number): void {
  if (typeof lr !== "number" || !(lr >= 0)) throw new Error(`${opt}: Invalid learning rate: ${typeof lr === "number" ? lr : describeValue(lr)}`);
}

// Frees an optimizer's backend storage once the optimizer itself is unreachable.
const registry = new FinalizationRegistry<{ backend: Backend; stores: Store[] }[]>((owned) => {
  for (const { backend, stores } of owned) for (const s of stores) backend.free(s);
});

function finalizerFor(owned: { backend: Backend; stores: Store[] }[], opt: object): FinalizationRegistry<{ backend: Backend; stores: Store[] }[]> {
  registry.register(opt, owned, opt);
  return registry;
}
