// Module: the base of every layer. A module owns named parameters and named submodules, in
// registration order; names join with "." exactly as PyTorch's named_parameters() and state_dict().
import { Tensor, noGrad, tensor } from "@tapegrad/autograd";
import type { ConfigValue, ModuleSpec } from "./model/spec";
import { backendName } from "./util";

/** A value that can be loaded into a parameter: a Tensor (any backend) or plain shape + data. */
export type StateValue = Tensor | { shape: readonly number[]; data: ArrayLike<number> };

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export class Module {
  /** Training mode (dropout active); set by train() / eval(). */
  training = true;
  private readonly _parameters = new Map<string, Tensor>();
  private readonly _modules = new Map<string, Module>();

  /** Registers a trainable tensor under `name` (marks it requiresGrad) and returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    if (name.includes(".") || name === "") throw new Error(`${this.constructor.name}.registerParameter: invalid name "${name}"`);
    if (this._parameters.has(name) || this._modules.has(name)) {
      throw new Error(`${this.constructor.name}.registerParameter: "${name}" is already registered`);
    }
    t.requiresGrad = true;
    this._parameters.set(name, t);
    return t;
  }

  /** Registers a child module under `name` and returns it. */
  registerModule<M extends Module>(name: string, m: M): M {
    if (name.includes(".") || name === "") throw new Error(`${this.constructor.name}.registerModule: invalid name "${name}"`);
    if (this._parameters.has(name) || this._modules.has(name)) {
      throw new Error(`${this.constructor.name}.registerModule: "${name}" is already registered`);
    }
    this._modules.set(name, m);
    return m;
  }

  /** [name, parameter] pairs of this module and all submodules, in PyTorch's order. */
  namedParameters(prefix = ""): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [n, p] of this._parameters) out.push([prefix + n, p]);
    for (const [n, m] of this._modules) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Every parameter, in namedParameters() order. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * This module's type name and constructor config: what a reader needs, besides the children,
   * to rebuild it. Every module type overrides it; the default names the class and records no
   * config, which a reader that does not know the class refuses by name.
   */
  protected moduleConfig(): { type: string; config: Record<string, ConfigValue> } {
    return { type: this.constructor.name, config: {} };
  }

  /** The module tree as data (type, config, named children in order); saveCheckpoint stores it. */
  describe(): ModuleSpec {
    const { type, config } = this.moduleConfig();
    return { type, config, children: [...this._modules].map(([name, m]) => ({ name, ...m.describe() })) };
  }

  /** [name, module] for the direct children. */
  namedChildren(): Array<[string, Module]> {
    return [...this._modules];
  }

  /** Sets training mode here and in every submodule. */
  train(mode = true): this {
    this.training = mode;
    for (const m of this._modules.values()) m.train(mode);
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradient of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      if (p.grad) p.grad.zero_();
    }
  }

  /** The parameters by PyTorch name (the tensors themselves, not copies). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters());
  }

  /**
   * Copies values into the parameters by name. Strict (the default): a missing or unexpected
   * name is an error; a wrong shape is always an error. All problems are reported together.
   */
  loadStateDict(state: Record<string, StateValue> | Map<string, StateValue>, { strict = true } = {}): LoadResult {
    const entries = state instanceof Map ? state : new Map(Object.entries(state));
    const own = new Map(this.namedParameters());
    const missingKeys = [...own.keys()].filter((k) => !entries.has(k));
    const unexpectedKeys = [...entries.keys()].filter((k) => !own.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length) problems.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}.`);
    if (strict && unexpectedKeys.length) problems.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}.`);
    for (const [k, v] of entries) {
      const p = own.get(k);
      if (!p) continue;
      const shape = [...v.shape];
      const count = shape.reduce((a, b) => a * b, 1);
      if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i])) {
        problems.push(`size mismatch for ${k}: copying a param with shape [${shape.join(", ")}] from checkpoint, the shape in current model is [${p.shape.join(", ")}].`);
      } else if (!(v instanceof Tensor) && v.data.length !== count) {
        problems.push(`${k}: shape [${shape.join(", ")}] needs ${count} values, got ${v.data.length}.`);
      }
    }
    // The declared type, not constructor.name: bundlers rename classes (esbuild makes LSTM "LSTM2"
    // when two modules define one; minifiers shorten it), and this message is what users search.
    if (problems.length) throw new Error(`Error(s) in loading state_dict for ${this.moduleConfig().type}:\n\t${problems.join("\n\t")}`);
    noGrad(() => {
      for (const [k, v] of entries) {
        const p = own.get(k);
        if (!p || v === p) continue;
        if (v instanceof Tensor && v.backend === p.backend) {
          p.copy_(v);
        } else {
          const src = tensor(v instanceof Tensor ? v.data() : v.data, { backend: backendName(p), shape: [...p.shape] });
          p.copy_(src);
          src.dispose();
        }
      }
    });
    return { missingKeys, unexpectedKeys };
  }
}
