// One emitter per exportable module type: each turns the module's input value into its output
// value by adding nodes. A module type without an emitter is refused by name.
import { GELU, ReLU, Sigmoid, Tanh } from "../layers/activations";
import { Dropout } from "../layers/dropout";
import { Embedding } from "../layers/embedding";
import { Flatten } from "../layers/flatten";
import { LayerNorm } from "../layers/layer-norm";
import { Linear } from "../layers/linear";
import { FinalHidden, SequenceOutput } from "../layers/recurrent-outputs";
import { Sequential } from "../layers/sequential";
import type { Module } from "../module";
import { RNNBase } from "../rnn/base";
import { GRU, LSTM, RNN } from "../rnn/layers";
import type { GraphBuilder, Value } from "./graph";
import { emitRecurrent, type RecurrentValue } from "./recurrent";

/** What flows between modules: a tensor, or a recurrent layer's { output, hN, cN }. */
export type Flow = Value | RecurrentValue;

type Emitter<M extends Module> = (g: GraphBuilder, m: M, x: Flow, path: string) => Flow;

// biome-ignore lint/suspicious/noExplicitAny: constructors of any module type, matched with instanceof
type ModuleClass<M extends Module> = abstract new (...args: any[]) => M;
// biome-ignore lint/suspicious/noExplicitAny: each emitter takes its own module type
const emitters: Array<[ModuleClass<Module>, string, Emitter<any>]> = [];

function register<M extends Module>(type: ModuleClass<M>, name: string, emit: Emitter<M>): void {
  emitters.push([type, name, emit]);
}

/** The module types exportOnnx supports. */
export function exportableTypes(): string[] {
  return emitters.map(([, name]) => name);
}

/** Adds the nodes computing `m` on `x`; throws naming the module if its type is not supported. */
export function emitModule(g: GraphBuilder, m: Module, x: Flow, path: string): Flow {
  return emitterFor(m, path)(g, m, x, path);
}

/** The emitter of `m`'s exact class; an error naming the module and listing the supported types otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: each emitter takes its own module type
export function emitterFor(m: Module, path: string): Emitter<any> {
  const found = emitters.find(([type]) => m instanceof type);
  // A subclass may have its own forward: only the exact classes are trusted (for RNNBase, its three).
  const proto = Object.getPrototypeOf(m);
  const exact = found && (found[0] === RNNBase ? [RNN, LSTM, GRU].some((c) => proto === c.prototype) : proto === found[0].prototype);
  if (!found || !exact) {
    throw new Error(
      `exportOnnx: ${path} (${m.constructor.name}) is not supported; the exporter handles ${exportableTypes().join(", ")}. ` +
        "A module with its own forward cannot be traced: write it as a Sequential of these, or export its parts separately",
    );
  }
  return found[2];
}

function tensorIn(x: Flow, path: string, m: Module): Value {
  if ("kind" in x) throw new Error(`exportOnnx: ${path} (${m.constructor.name}) takes a tensor, but gets a recurrent layer's { output, hN }; put FinalHidden() or SequenceOutput() in between`);
  return x;
}

function recurrentIn(x: Flow, path: string, m: Module): RecurrentValue {
  if (!("kind" in x)) throw new Error(`exportOnnx: ${path} (${m.constructor.name}) expects the output of a recurrent layer (RNN, LSTM, GRU)`);
  return x;
}

register(Sequential, "Sequential", (g, m, x, path) => {
  let y = x;
  for (const [name, child] of m.namedChildren()) y = emitModule(g, child, y, `${path}.${name}`);
  return y;
});

register(Linear, "Linear", (g, m, x, path) => {
  const v = tensorIn(x, path, m);
  const inF = v.shape[v.shape.length - 1];
  if (inF !== m.inFeatures) throw new Error(`exportOnnx: ${path} (Linear): input has ${inF} features in its last dimension, the layer expects ${m.inFeatures}`);
  // MatMul with Wᵀ stored as [in, out] works for any rank (Gemm only for 2-D).
  const w = m.weight.data();
  const wt = new Float32Array(m.inFeatures * m.outFeatures);
  for (let o = 0; o < m.outFeatures; o++) for (let i = 0; i < m.inFeatures; i++) wt[i * m.outFeatures + o] = w[o * m.inFeatures + i];
  const shape = [...v.shape.slice(0, -1), m.outFeatures];
  const y = g.apply("MatMul", [v.name, g.weight(`${path}.weight_t`, [m.inFeatures, m.outFeatures], wt)], shape);
  return m.bias ? g.apply("Add", [y.name, g.weight(`${path}.bias`, [m.outFeatures], m.bias.data())], shape) : y;
});

register(Embedding, "Embedding", (g, m, x, path) => {
  const ids = tensorIn(x, path, m);
  if (ids.elem === "float32") throw new Error(`exportOnnx: ${path} (Embedding): takes integer ids, but gets float values; an Embedding must come first (its graph input is int64 ids)`);
  const table = g.weight(`${path}.weight`, [m.numEmbeddings, m.embeddingDim], m.weight.data());
  return g.apply("Gather", [table, ids.name], [...ids.shape, m.embeddingDim], { axis: 0 });
});

register(Dropout, "Dropout", (_g, m, x, path) => tensorIn(x, path, m)); // inference: the identity

for (const [type, name, op] of [[ReLU, "ReLU", "Relu"], [Tanh, "Tanh", "Tanh"], [Sigmoid, "Sigmoid", "Sigmoid"]] as const) {
  register<Module>(type, name, (g, m, x, path) => {
    const v = tensorIn(x, path, m);
    return g.apply(op, [v.name], [...v.shape]);
  });
}

// Opsets 14/15 have no Gelu node (it came in 20): both forms are written out, as PyTorch's exporter does.
register(GELU, "GELU", (g, m, x, path) => {
  const v = tensorIn(x, path, m);
  const shape = [...v.shape];
  const k = (name: string, value: number) => g.weight(`${path}.${name}`, [], [value]);
  const mul = (a: string, b: string) => g.apply("Mul", [a, b], shape).name;
  const add = (a: string, b: string) => g.apply("Add", [a, b], shape).name;
  let cdf2: string; // 2·Φ(x): 1 + erf(x/√2), or 1 + tanh(√(2/π)(x + 0.044715x³))
  if (m.approximate === "tanh") {
    const cube = mul(mul(v.name, v.name), v.name);
    const inner = mul(add(v.name, mul(cube, k("kappa", 0.044715))), k("beta", Math.sqrt(2 / Math.PI)));
    cdf2 = add(g.apply("Tanh", [inner], shape).name, k("one", 1));
  } else {
    cdf2 = add(g.apply("Erf", [mul(v.name, k("inv_sqrt2", Math.SQRT1_2))], shape).name, k("one", 1));
  }
  return g.apply("Mul", [mul(v.name, cdf2), k("half", 0.5)], shape);
});

register(Flatten, "Flatten", (g, m, x, path) => {
  const v = tensorIn(x, path, m);
  const n = Math.max(v.shape.length, 1);
  const start = m.startDim < 0 ? m.startDim + n : m.startDim;
  const end = m.endDim < 0 ? m.endDim + n : m.endDim;
  if (start < 0 || end >= n || start > end) throw new Error(`exportOnnx: ${path} (Flatten): dimensions ${m.startDim}..${m.endDim} do not fit an input of rank ${v.shape.length}`);
  const merged = v.shape.slice(start, end + 1);
  const size = merged.every((d) => typeof d === "number") ? (merged as number[]).reduce((a, b) => a * b, 1) : -1;
  const keep = (from: number) => (typeof v.shape[from] === "number" ? (v.shape[from] as number) : { from });
  const target = [...v.shape.slice(0, start).map((_, i) => keep(i)), size, ...v.shape.slice(end + 1).map((_, i) => keep(end + 1 + i))];
  return g.reshape(v, target);
});

register(LayerNorm, "LayerNorm", (g, m, x, path) => {
  // Opset 14 has no LayerNormalization (it arrives in 17): the same formula from ReduceMean.
  const v = tensorIn(x, path, m);
  const k = m.normalizedShape.length;
  const tail = v.shape.slice(v.shape.length - k);
  if (v.shape.length < k || tail.some((d, i) => d !== m.normalizedShape[i])) {
    throw new Error(`exportOnnx: ${path} (LayerNorm): input [${v.shape.join(", ")}] does not end with normalizedShape [${m.normalizedShape.join(", ")}]`);
  }
  const axes = Array.from({ length: k }, (_, i) => v.shape.length - k + i);
  const shape = [...v.shape];
  const mean = g.node("ReduceMean", [v.name], { axes, keepdims: 1 })[0];
  const centred = g.apply("Sub", [v.name, mean], shape);
  const variance = g.node("ReduceMean", [g.node("Mul", [centred.name, centred.name])[0]], { axes, keepdims: 1 })[0];
  const std = g.node("Sqrt", [g.node("Add", [variance, g.weight(`${path}.eps`, [], [m.eps])])[0]])[0];
  const y = g.apply("Div", [centred.name, std], shape);
  if (!m.weight || !m.bias) return y;
  const scaled = g.apply("Mul", [y.name, g.weight(`${path}.weight`, m.normalizedShape, m.weight.data())], shape);
  return g.apply("Add", [scaled.name, g.weight(`${path}.bias`, m.normalizedShape, m.bias.data())], shape);
});

register(RNNBase, "RNN, LSTM, GRU", (g, m, x, path) => emitRecurrent(g, m, tensorIn(x, path, m), {}, path));

register(FinalHidden, "FinalHidden", (g, m, x, path) => {
  const h = recurrentIn(x, path, m).lastLayerH; // [D, B, H] → [B, D, H] → [B, D·H]
  const [D, , H] = h.shape as number[];
  return g.reshape(g.transpose(h, [1, 0, 2]), [{ from: 0 }, D * H]);
});

register(SequenceOutput, "SequenceOutput", (_g, m, x, path) => recurrentIn(x, path, m).output);
