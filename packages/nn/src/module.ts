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

  /**
   * [name, parameter] pairs of this module and all submodules, in PyTorch's order. A parameter
   * reached twice (a module used in two places, tied weights) is listed once, under its first name,
   * as PyTorch's named_parameters(); `removeDuplicate: false` lists every name (what stateDict() holds).
   */
  namedParameters(prefix = "", { removeDuplicate = true } = {}): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    const walk = (m: Module, pre: string): void => {
      for (const [n, p] of m._parameters) {
        if (removeDuplicate && seen.has(p)) continue;
        seen.add(p);
        out.push([pre + n, p]);
      }
      for (const [n, child] of m._modules) walk(child, `${pre}${n}.`);
    };
    walk(this, prefix);
    return out;
  }

  /** Every parameter, in namedParameters() order, each once (so an optimizer can take them). */
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

  /** The direct children. */
  children(): Module[] {
    return [...this._modules.values()];
  }

  /**
   * [name, module] for this module ("") and every submodule, depth first, dotted names (PyTorch's
   * named_modules): a module used in two places is listed once, under its first name, unless
   * `removeDuplicate` is false.
   */
  namedModules(prefix = "", { removeDuplicate = true } = {}): Array<[string, Module]> {
    const out: Array<[string, Module]> = [];
    const seen = new Set<Module>();
    const walk = (m: Module, name: string): void => {
      if (removeDuplicate && seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [n, child] of m._modules) walk(child, name ? `${name}.${n}` : n);
    };
    walk(this, prefix);
    return out;
  }

  /** This module and every submodule. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Calls fn on every submodule, children first, then on this module (PyTorch's apply, e.g. custom init). */
  apply(fn: (m: Module) => void): this {
    for (const m of this._modules.values()) m.apply(fn);
    fn(this);
    return this;
  }

  /** Parameters in this module and its submodules, as a count of numbers (each shared tensor once). */
  numParameters({ trainableOnly = false } = {}): number {
    let n = 0;
    for (const p of new Set(this.parameters())) if (!trainableOnly || p.requiresGrad) n += p.size;
    return n;
  }

  /** Sets requiresGrad on every parameter: requiresGrad_(false) freezes the module (no gradients are computed for it). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** The one-line description inside "Type(…)": the config, or a layer's own summary. */
  protected extraRepr(): string {
    return Object.entries(this.moduleConfig().config).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
  }

  /** The module tree like PyTorch's print(model), each line with its parameter count. */
  toString(): string {
    const count = (m: Module) => {
      const n = m.numParameters();
      const frozen = n - m.numParameters({ trainableOnly: true });
      return `  # ${n.toLocaleString("en-US")} parameter${n === 1 ? "" : "s"}${frozen ? ` (${frozen.toLocaleString("en-US")} frozen)` : ""}`;
    };
    const lines = (m: Module, indent: string): string[] => {
      const extra = m.extraRepr();
      if (m._modules.size === 0) return [`${m.constructor.name}(${extra})${count(m)}`];
      const out = [`${m.constructor.name}(${count(m)}`];
      if (extra) out.push(`${indent}  ${extra}`);
      for (const [n, c] of m._modules) {
        const sub = lines(c, `${indent}  `);
        out.push(`${indent}  (${n}): ${sub[0]}`, ...sub.slice(1));
      }
      out.push(`${indent})`);
      return out;
    };
    return lines(this, "").join("\n");
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

  /** The parameters by PyTorch name (the tensors themselves, not copies); a shared one under each of its names, as PyTorch's state_dict(). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters("", { removeDuplicate: false }));
  }

  /**
   * Copies values into the parameters by name. Strict (the default): a missing or unexpected
   * name is an error; a wrong shape is always an error. All problems are reported together.
   */
  loadStateDict(state: Record<string, StateValue> | Map<string, StateValue>, { strict = true } = {}): LoadResult {
    const entries = state instanceof Map ? state : new Map(Object.entries(state));
    const own = new Map(this.namedParameters("", { removeDuplicate: false }));
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
