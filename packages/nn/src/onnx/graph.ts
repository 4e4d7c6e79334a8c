// A graph under construction: nodes in order, initializers, and symbolic values that carry their
// shape (numbers, or names of dynamic axes such as "batch"), so emitters can check sizes and
// outputs get declared shapes. Names are unique; helpers return the output names.
import type { AttrValue, Dim, ElemType, GraphSpec, InitializerSpec, NodeSpec, ValueSpec } from "./proto";

/** A tensor in the graph. */
export interface Value {
  name: string;
  shape: Dim[];
  elem: ElemType;
}

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: InitializerSpec[] = [];
  private readonly used = new Set<string>();

  /** A fresh name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node; returns its output names (`outputs` fixes them, else fresh ones from `op`). */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: number | string[] = 1): string[] {
    const names = typeof outputs === "number" ? Array.from({ length: outputs }, () => this.fresh(`${op}_out`)) : outputs.map((n) => this.fresh(n));
    this.nodes.push({ op, inputs, outputs: names, name: this.fresh(`${op}_node`), attrs });
    return names;
  }

  /** Adds a node with one output of the given shape. */
  apply(op: string, inputs: string[], shape: Dim[], attrs: Record<string, AttrValue> = {}, elem: ElemType = "float32"): Value {
    return { name: this.node(op, inputs, attrs)[0], shape, elem };
  }

  /** A float32 constant tensor (weights). */
  weight(name: string, dims: number[], data: ArrayLike<number>): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, data: Float32Array.from(data) });
    return n;
  }

  /** An int64 constant (shapes, axes, slice bounds). */
  ints(values: number[], name = "const"): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return n;
  }

  transpose(x: Value, perm: number[]): Value {
    return this.apply("Transpose", [x.name], perm.map((p) => x.shape[p]), { perm });
  }

  /**
   * Reshape to `shape`, where a dim may be a number, a dynamic axis name copied from the input
   * at index `from` ({ from, dim }), or -1 (inferred; at most one).
   */
  reshape(x: Value, target: Array<number | { from: number }>): Value {
    const shape = target.map((t) => (typeof t === "number" ? t : x.shape[t.from]));
    const known = target.every((t) => typeof t === "number" || typeof x.shape[t.from] === "number");
    let shapeName: string;
    if (known) {
      shapeName = this.ints(target.map((t) => (typeof t === "number" ? t : (x.shape[t.from] as number))), "shape");
    } else {
      // Dynamic dims are read from the input's runtime shape.
      const full = this.node("Shape", [x.name])[0];
      const parts = target.map((t) => (typeof t === "number" ? this.ints([t], "dim") : this.node("Gather", [full, this.ints([t.from], "index")], { axis: 0 })[0]));
      shapeName = this.node("Concat", parts, { axis: 0 })[0];
    }
    const out = this.apply("Reshape", [x.name, shapeName], shape);
    // A -1 stands for the product of the remaining size: name it when it is not a number.
    const inferred = shape.indexOf(-1);
    if (inferred >= 0) out.shape[inferred] = inferredDim(x.shape, shape);
    return out;
  }

  /** The graph as data for encodeModel. */
  spec(name: string, inputs: ValueSpec[], outputs: ValueSpec[], opset: number, docString: string, metadata: Record<string, string>): GraphSpec {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs, opset, docString, metadata };
  }
}

function inferredDim(from: Dim[], to: Dim[]): Dim {
  const numeric = (s: Dim[]) => s.every((d) => typeof d === "number");
  const rest = to.filter((d) => d !== -1);
  if (numeric(from) && numeric(rest)) {
    return (from as number[]).reduce((a, b) => a * b, 1) / (rest as number[]).reduce((a, b) => a * b, 1);
  }
  // Symbolic: the dims of the input that the output does not keep, multiplied.
  const left = [...from];
  for (const d of rest) {
    const i = left.indexOf(d);
    if (i >= 0) left.splice(i, 1);
  }
  return left.length === 1 ? left[0] : left.join("*");
}
