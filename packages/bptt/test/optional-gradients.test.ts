// Backward skips what nobody asked for: the step-0 product into dL/dh_0 when dh0 is not wanted,
// dL/dc_0 when dc0 is not wanted, and the h0 rows of dW_hh when forward had no h0 (zeros add
// nothing). The parameter gradients must not change: the same problem with h0 given as explicit
// zeros and every optional gradient asked for is the reference. The same Recurrent runs both,
// in both orders, so nothing carries over from one call to the next.
import { createKernels } from "@tapegrad/kernels";
import { describe, expect, it } from "vitest";
import { JsOps, Recurrent, WasmOps, type Mode, type Ops } from "../src/index";
import { rng } from "../../../test/support/mulberry32";
import { array, randomValues } from "./helpers";

const T = 6, B = 3, I = 5, H = 7;

function run<A>(ops: Ops<A>, rec: Recurrent<A>, x: A, R: A, S: A, full: boolean): Record<string, Float64Array> {
  const lstm = rec.layer.mode === "lstm";
  const h0 = full ? array(ops, new Float64Array(B * H)) : null, c0 = full && lstm ? array(ops, new Float64Array(B * H)) : null;
  rec.layer.zeroGrad();
  rec.forward(x, T, B, { h0, c0 });
  const dx = full ? ops.alloc(T * B * I) : null, dh0 = full ? ops.alloc(B * H) : null, dc0 = full && lstm ? ops.alloc(B * H) : null;
  if (dx) ops.fill(dx, 0);
  rec.backward({ dOutput: R, dhN: S, dcN: lstm ? S : null, dx, dh0, dc0 });
  const out = Object.fromEntries(rec.layer.names().map((n) => [n, ops.read(rec.layer.grads[n]!)]));
  for (const a of [h0, c0, dx, dh0, dc0]) if (a) ops.free(a);
  return out;
}

const backends: [string, () => Ops<unknown>][] = [
  ["js", () => new JsOps() as Ops<unknown>],
  ["wasm", () => new WasmOps(createKernels()) as Ops<unknown>],
];

describe.each<Mode>(["rnn_tanh", "lstm", "gru"])("%s", (mode) => {
  it.each(backends)("gives the same parameter gradients with and without the optional ones (%s)", (_, make) => {
    const ops = make();
    const next = rng(17);
    const rec = new Recurrent(ops, { mode, inputSize: I, hiddenSize: H });
    for (const n of rec.layer.names()) rec.layer.load(n, randomValues(rec.layer.shape(n)!.reduce((a, b) => a * b, 1), next, 0.5));
    const x = array(ops, randomValues(T * B * I, next)), R = array(ops, randomValues(T * B * H, next)), S = array(ops, randomValues(B * H, next));
    const full = run(ops, rec, x, R, S, true);
    const lean = run(ops, rec, x, R, S, false);
    const again = run(ops, rec, x, R, S, true);
    for (const n of Object.keys(full)) {
      expect(lean[n], n).toEqual(full[n]);
      expect(again[n], n).toEqual(full[n]);
    }
    rec.dispose();
  });
});
