// Shared test helpers: PyTorch fixture loading, backends and running a fixture case (the error
// measures are test/support/compare.ts, shared by every package's tests).
import { createKernels } from "@tapegrad/kernels";
import { JsOps, Layer, Recurrent, WasmOps, type Mode, type Ops, type ParamName } from "../src/index";

// The one fixture reader of the repository (the parity tool's).
export { loadFixture } from "../../../tools/parity/src/fixture-file";

export function randomValues(n: number, next: () => number, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * (2 * next() - 1));
}

let wasmOps: WasmOps | null = null;
export const jsOps = new JsOps();

/** One ops instance per backend per test file (wasm gets a private kernel instance). */
export function opsFor(backend: "js" | "wasm"): Ops<unknown> {
  if (backend === "js") return jsOps as Ops<unknown>;
  return (wasmOps ??= new WasmOps(createKernels({ initialBytes: 1 << 20 }))) as Ops<unknown>;
}

export function modeOf(config: { mode: string; nonlinearity?: string }): Mode {
  if (config.mode === "LSTM") return "lstm";
  if (config.mode === "GRU") return "gru";
  return config.nonlinearity === "relu" ? "rnn_relu" : "rnn_tanh";
}

export function array<A>(ops: Ops<A>, values: ArrayLike<number>): A {
  const a = ops.alloc(values.length);
  ops.write(a, values);
  return a;
}

/** Results of a fixture case run through a backend: name → values, named as in the fixture. */
export function runRecurrentFixture(fx: any, ops: Ops<unknown>): { outputs: Record<string, Float64Array>; grads: Record<string, Float64Array> } {
  const c = fx.config;
  const T = c.seq_len, B = c.batch, H = c.hidden_size, I = c.input_size;
  const rec = new Recurrent(ops, { mode: modeOf(c), inputSize: I, hiddenSize: H, bias: c.bias });
  const layer: Layer<unknown> = rec.layer;
  for (const n of layer.names()) layer.load(n, fx.params[`${n}_l0`].data);
  const lstm = c.mode === "LSTM";
  const x = array(ops, fx.inputs.x.data);
  const h0 = array(ops, fx.inputs.h0.data);
  const c0 = lstm ? array(ops, fx.inputs.c0.data) : null;
  const out = rec.forward(x, T, B, { h0, c0 });
  const outputs: Record<string, Float64Array> = { output: ops.read(out.output), h_n: ops.read(out.hN) };
  if (out.cN) outputs.c_n = ops.read(out.cN);
  layer.zeroGrad();
  const dx = ops.alloc(T * B * I), dh0 = ops.alloc(B * H), dc0 = lstm ? ops.alloc(B * H) : null;
  const w = fx.loss_weights;
  const R = array(ops, w.R.data), S = array(ops, w.S.data), Q = lstm ? array(ops, w.Q.data) : null;
  rec.backward({ dOutput: R, dhN: S, dcN: Q, dx, dh0, dc0 });
  const grads: Record<string, Float64Array> = { x: ops.read(dx), h0: ops.read(dh0) };
  if (dc0) grads.c0 = ops.read(dc0);
  for (const n of layer.names()) grads[`${n}_l0`] = ops.read(layer.grads[n as ParamName]!);
  for (const a of [x, h0, c0, dx, dh0, dc0, R, S, Q]) if (a) ops.free(a);
  rec.dispose();
  return { outputs, grads };
}
