// Sequential: applies its modules in order. Children are named "0", "1", … as in PyTorch, or by
// the keys of a record / Map (PyTorch's Sequential(OrderedDict(...))), which become the prefixes of
// their parameters' names. A recurrent layer's { output, hN } may flow into the next child when
// that child reads it (FinalHidden, SequenceOutput), as a PyTorch Sequential passes tuples on.
import { Tensor } from "@tapegrad/autograd";
import { Module } from "../module";
import type { Ids } from "./embedding";

/** A module that maps one tensor to one tensor. */
export interface TensorModule extends Module {
  forward(x: Tensor): Tensor;
}

/** Any module Sequential can chain: its forward takes the previous child's output. */
export interface ChainModule extends Module {
  // biome-ignore lint/suspicious/noExplicitAny: each child takes what the one before returns; checked at run time
  forward(x: any): unknown;
  /** True for modules that read a recurrent layer's { output, hN, cN } rather than a Tensor. */
  readonly readsRecurrentOutput?: boolean;
}

export class Sequential extends Module {
  readonly layers: ChainModule[];
  private readonly names: string[];

  /** Sequential(a, b, c) names the children "0", "1", "2"; Sequential({ encoder, head }) by key. */
  constructor(...layers: ChainModule[] | [Record<string, ChainModule> | Map<string, ChainModule>]) {
    super();
    const first = layers[0];
    const named: Array<[string, ChainModule]> =
      layers.length === 1 && !(first instanceof Module)
        ? [...(first instanceof Map ? first : Object.entries(first as Record<string, ChainModule>))]
        : (layers as ChainModule[]).map((m, i) => [String(i), m]);
    for (const [name, m] of named) {
      if (!(m instanceof Module)) throw new Error(`Sequential: child "${name}" must be a Module, got ${m === null ? "null" : typeof m}`);
      this.registerModule(name, m);
    }
    this.layers = named.map(([, m]) => m);
    this.names = named.map(([n]) => n);
  }

  protected override moduleConfig() {
    return { type: "Sequential", config: {} };
  }

  /** Feeds x (a Tensor, or ids when the first child is an Embedding) through every child; returns a Tensor. */
  forward(x: Tensor | Ids): Tensor {
    let y: unknown = x;
    for (let i = 0; i < this.layers.length; i++) {
      const m = this.layers[i];
      if (i > 0 && isRecurrentOutput(y) && !m.readsRecurrentOutput) {
        throw new Error(`Sequential: child "${this.names[i]}" (${m.constructor.name}) takes a Tensor, but ${this.before(i)} returns ${describeValue(y)}; put FinalHidden() (the last layer's final state) or SequenceOutput() (every step's output) in between`);
      }
      y = m.forward(y);
    }
    if (!(y instanceof Tensor)) {
      throw new Error(`Sequential: ${this.before(this.layers.length)} returns ${describeValue(y)}, expected a Tensor; end with FinalHidden() or SequenceOutput()`);
    }
    return y;
  }

  private before(i: number): string {
    return i === 0 ? "the input" : `child "${this.names[i - 1]}" (${this.layers[i - 1].constructor.name})`;
  }
}

function isRecurrentOutput(v: unknown): boolean {
  return v !== null && typeof v === "object" && !(v instanceof Tensor) && "hN" in v;
}

function describeValue(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor [${v.shape.join(", ")}]`;
  if (v !== null && typeof v === "object") return `{ ${Object.keys(v).join(", ")} }`;
  return String(v);
}
