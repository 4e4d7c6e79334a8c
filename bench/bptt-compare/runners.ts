// One training step of one recurrent layer, two ways on the same weights and data: the nn layer
// through autograd (with nn's SGD), and the hand-written BPTT of @tapegrad/bptt (SGD as one axpy
// per parameter). Both use the process-wide kernels, float32 in WebAssembly memory.
//
// The loss is the same for both: L = Σ output ⊙ R over every step, R a fixed random [T, B, H]
// array scaled by 1/(T·B) (a fixed linear readout of every step), so dL/d(output) = R.
import { Generator, scope, tensor, type Tensor } from "@tapegrad/autograd";
import { Recurrent, WasmOps, type Mode, type ParamName } from "@tapegrad/bptt";
import type { F32Buffer } from "@tapegrad/kernels";
import { GRU, LSTM, RNN, SGD, type RecurrentInput, type RecurrentOutput, type RNNBase } from "@tapegrad/nn";

export type Impl = "autograd" | "bptt";

export interface Size {
  name: string;
  batch: number;
  seq: number;
  input: number;
  hidden: number;
}

/** One implementation set up on one problem. */
export interface StepRunner {
  /** Zero the gradients, forward, loss, backward, and (when `update`) one SGD step; returns the loss. */
  step(update: boolean): number;
  /** The gradients of the last step, by PyTorch name (weight_ih_l0, …), as float64. */
  grads(): Record<string, Float64Array>;
  dispose(): void;
}

export const LEARNING_RATE = 0.01;

/** What both implementations start from: PyTorch-initialised weights, an input and the readout R. */
export interface Problem {
  mode: Mode;
  size: Size;
  params: Record<string, { shape: number[]; data: Float32Array }>;
  x: Float32Array;
  R: Float32Array;
}

type NnLayer = RNNBase & { forward(x: Tensor, opts: RecurrentInput): RecurrentOutput };

function nnLayer(mode: Mode, size: Size, generator?: Generator): NnLayer {
  const opts = { backend: "wasm" as const, generator };
  switch (mode) {
    case "lstm": return new LSTM(size.input, size.hidden, opts);
    case "gru": return new GRU(size.input, size.hidden, opts);
    default: return new RNN(size.input, size.hidden, { ...opts, nonlinearity: mode === "rnn_relu" ? "relu" : "tanh" });
  }
}

/** Draws a problem from a seed: nn's own initialisation (U(±1/√H)), x ~ U(−1, 1), R ~ U(−1, 1)/(T·B). */
export function makeProblem(mode: Mode, size: Size, seed: number): Problem {
  const g = new Generator(seed);
  const layer = nnLayer(mode, size, g);
  const params = Object.fromEntries(layer.namedParameters().map(([n, p]) => [n, { shape: [...p.shape], data: Float32Array.from(p.data()) }]));
  for (const p of layer.parameters()) p.dispose();
  const { seq: T, batch: B, input: I, hidden: H } = size;
  const draw = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => scale * (2 * g.random() - 1));
  return { mode, size, params, x: draw(T * B * I, 1), R: draw(T * B * H, 1 / (T * B)) };
}

/** The nn layer trained through autograd, with nn's SGD. */
export function autogradRunner(p: Problem): StepRunner {
  const { seq: T, batch: B, input: I, hidden: H } = p.size;
  const layer = nnLayer(p.mode, p.size);
  layer.loadStateDict(p.params);
  const opt = new SGD(layer.parameters(), { lr: LEARNING_RATE });
  const x = tensor(p.x, { backend: "wasm", shape: [T, B, I] });
  const R = tensor(p.R, { backend: "wasm", shape: [T, B, H] });
  return {
    step(update) {
      opt.zeroGrad();
      const loss = scope(() => {
        const l = layer.forward(x, {}).output.mul(R).sum();
        l.backward();
        return l.item();
      });
      if (update) opt.step();
      return loss;
    },
    grads: () => Object.fromEntries(layer.namedParameters().map(([n, t]) => [n, Float64Array.from(t.grad!.data())])),
    dispose() {
      for (const t of [x, R, ...layer.parameters()]) {
        t.grad?.dispose();
        t.dispose();
      }
    },
  };
}

/** The hand-written BPTT, with SGD as y −= lr·g per parameter. */
export function bpttRunner(p: Problem): StepRunner {
  const { seq: T, batch: B, input: I, hidden: H } = p.size;
  const ops = new WasmOps();
  const rec = new Recurrent(ops, { mode: p.mode, inputSize: I, hiddenSize: H });
  const names = rec.layer.names();
  for (const n of names) rec.layer.load(n, p.params[`${n}_l0`].data);
  const array = (values: Float32Array): F32Buffer => {
    const a = ops.alloc(values.length);
    ops.write(a, values);
    return a;
  };
  const x = array(p.x), R = array(p.R);
  // The loss value: Σ output ⊙ R, formed in WebAssembly memory like the rest.
  const prod = ops.alloc(T * B * H), loss = ops.alloc(1);
  return {
    step(update) {
      rec.layer.zeroGrad();
      const { output } = rec.forward(x, T, B);
      ops.binary("mul", prod, output, R);
      ops.sumAxis(loss, prod, [1, T * B * H, 1]);
      rec.backward({ dOutput: R });
      if (update) for (const n of names) ops.axpy(rec.layer.params[n]!, rec.layer.grads[n]!, -LEARNING_RATE);
      return loss.data[0];
    },
    grads: () => Object.fromEntries(names.map((n: ParamName) => [`${n}_l0`, ops.read(rec.layer.grads[n]!)])),
    dispose() {
      for (const a of [x, R, prod, loss]) ops.free(a);
      rec.dispose();
    },
  };
}

export const RUNNERS: Record<Impl, (p: Problem) => StepRunner> = { autograd: autogradRunner, bptt: bpttRunner };
