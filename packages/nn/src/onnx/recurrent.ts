// RNN, LSTM and GRU as ONNX's RNN, LSTM and GRU operators, one node per layer. What differs from
// PyTorch, and is converted here:
// - gate order: ONNX LSTM is i, o, f, c (PyTorch i, f, g, o); ONNX GRU is z, r, h (PyTorch r, z,
//   n), and PyTorch's GRU applies the reset gate after the recurrent matmul: linear_before_reset=1;
// - layout: ONNX Runtime rejects layout=1, so batch-first input and output get Transpose nodes;
// - Y is [T, directions, B, H]; PyTorch's output is [T, B, directions·H] (Transpose + Reshape),
//   which is also the next layer's input;
// - weights per layer are stacked over directions: W [D, G·H, I], R [D, G·H, H], B [D, 2·G·H].
import type { RNNBase } from "../rnn/base";
import { GATES } from "../rnn/cells";
import type { GraphBuilder, Value } from "./graph";

/** A recurrent layer's results in the graph, in PyTorch's layouts. */
export interface RecurrentValue {
  kind: "recurrent";
  /** [T, B, D·H] ([B, T, D·H] batch-first). */
  output: Value;
  /** [L·D, B, H]. */
  hN: Value;
  cN?: Value;
  /** The last layer's final states [D, B, H]. */
  lastLayerH: Value;
}

/** Optional graph inputs of a recurrent layer. */
export interface RecurrentExtras {
  /** int32 [B]: valid steps per sequence (ONNX sequence_lens). */
  lengths?: Value;
  /** [L·D, B, H]. */
  h0?: Value;
  c0?: Value;
}

// Where each ONNX gate block comes from in PyTorch's order.
const ONNX_FROM_TORCH: Record<"LSTM" | "GRU" | "RNN", number[]> = { LSTM: [0, 3, 1, 2], GRU: [1, 0, 2], RNN: [0] };

/** The ONNX op for a tapegrad recurrent layer's mode. */
function opOf(layer: RNNBase): "LSTM" | "GRU" | "RNN" {
  return layer.mode === "LSTM" ? "LSTM" : layer.mode === "GRU" ? "GRU" : "RNN";
}

/** Reorders the G gate blocks (rows) of a [G·H, C] matrix or [G·H] vector into ONNX's order. */
function reorderGates(data: ArrayLike<number>, order: number[], blockSize: number): Float32Array {
  const out = new Float32Array(data.length);
  order.forEach((from, to) => {
    for (let i = 0; i < blockSize; i++) out[to * blockSize + i] = data[from * blockSize + i];
  });
  return out;
}

/** Emits the layer's nodes; `x` is in the layer's layout ([T, B, I], or [B, T, I] batch-first). */
export function emitRecurrent(g: GraphBuilder, layer: RNNBase, x: Value, extras: RecurrentExtras, path: string): RecurrentValue {
  const op = opOf(layer);
  const order = ONNX_FROM_TORCH[op];
  const H = layer.hiddenSize;
  const D = layer.numDirections;
  const L = layer.numLayers;
  const G = GATES[layer.mode];
  const params = layer.stateDict();
  const projSize = (layer as unknown as { projSize?: number }).projSize;
  if (projSize) {
    throw new Error(`exportOnnx: ${path} (LSTM with projSize ${projSize}) is not supported: ONNX's LSTM operator has no output projection (PyTorch's proj_size)`);
  }
  if (x.shape.length !== 3) throw new Error(`exportOnnx: ${path} (${layer.constructor.name}): expected a 3-D input [${layer.batchFirst ? "batch, seq" : "seq, batch"}, ${layer.inputSize}], got rank ${x.shape.length} (unbatched input is not exported)`);
  if (x.shape[2] !== layer.inputSize) throw new Error(`exportOnnx: ${path} (${layer.constructor.name}): input has ${x.shape[2]} features, the layer expects ${layer.inputSize}`);

  let seq = layer.batchFirst ? g.transpose(x, [1, 0, 2]) : x; // [T, B, I]
  const [T, B] = seq.shape;
  const finalH: Value[] = [];
  const finalC: Value[] = [];
  for (let l = 0; l < L; l++) {
    const inL = l === 0 ? layer.inputSize : D * H;
    const w = new Float32Array(D * G * H * inL);
    const r = new Float32Array(D * G * H * H);
    const b = new Float32Array(D * 2 * G * H);
    for (let d = 0; d < D; d++) {
      const s = `_l${l}${d === 1 ? "_reverse" : ""}`;
      w.set(reorderGates(params[`weight_ih${s}`].data(), order, H * inL), d * G * H * inL);
      r.set(reorderGates(params[`weight_hh${s}`].data(), order, H * H), d * G * H * H);
      if (layer.bias) {
        b.set(reorderGates(params[`bias_ih${s}`].data(), order, H), d * 2 * G * H);
        b.set(reorderGates(params[`bias_hh${s}`].data(), order, H), d * 2 * G * H + G * H);
      }
    }
    const prefix = `${path}.l${l}`;
    const inputs = [seq.name, g.weight(`${prefix}.W`, [D, G * H, inL], w), g.weight(`${prefix}.R`, [D, G * H, H], r), layer.bias ? g.weight(`${prefix}.B`, [D, 2 * G * H], b) : ""];
    const rows = (s: Value | undefined): string => (s ? g.node("Slice", [s.name, g.ints([l * D]), g.ints([(l + 1) * D]), g.ints([0])])[0] : "");
    inputs.push(extras.lengths?.name ?? "", rows(extras.h0));
    if (op === "LSTM") inputs.push(rows(extras.c0));
    while (inputs[inputs.length - 1] === "") inputs.pop(); // trailing optional inputs may be left out

    const attrs: Record<string, number | string | string[]> = { hidden_size: H, direction: D === 2 ? "bidirectional" : "forward" };
    if (op === "GRU") attrs.linear_before_reset = 1;
    if (op === "RNN") attrs.activations = Array(D).fill(layer.mode === "RNN_RELU" ? "Relu" : "Tanh");
    const outs = g.node(op, inputs, attrs, op === "LSTM" ? 3 : 2);
    const y: Value = { name: outs[0], shape: [T, D, B, H], elem: "float32" };
    finalH.push({ name: outs[1], shape: [D, B, H], elem: "float32" });
    if (op === "LSTM") finalC.push({ name: outs[2], shape: [D, B, H], elem: "float32" });
    // [T, D, B, H] → [T, B, D, H] → [T, B, D·H]
    seq = g.reshape(g.transpose(y, [0, 2, 1, 3]), [{ from: 0 }, { from: 1 }, D * H]);
  }
  const stackLayers = (vs: Value[]): Value => (vs.length === 1 ? vs[0] : g.apply("Concat", vs.map((v) => v.name), [L * D, B, H], { axis: 0 }));
  return {
    kind: "recurrent",
    output: layer.batchFirst ? g.transpose(seq, [1, 0, 2]) : seq,
    hN: stackLayers(finalH),
    cN: op === "LSTM" ? stackLayers(finalC) : undefined,
    lastLayerH: finalH[L - 1],
  };
}
