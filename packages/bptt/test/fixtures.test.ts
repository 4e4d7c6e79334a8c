// Every single-layer PyTorch recurrent fixture through both backends: outputs, final states and
// every gradient of L = Σ output⊙R + Σ h_n⊙S (+ Σ c_n⊙Q).
import { afterAll, describe, expect, it } from "vitest";
import { maxMixedError, worstRatio } from "../../../test/support/compare";
import { loadFixture, opsFor, runRecurrentFixture } from "./helpers";

const CASES = [
  "rnn_tanh_1layer_uni", "rnn_tanh_1layer_h0", "rnn_tanh_1layer_nobias", "rnn_relu_1layer",
  "lstm_1layer_uni", "lstm_1layer_h0", "lstm_1layer_nobias",
  "gru_1layer_uni", "gru_1layer_h0", "gru_1layer_nobias",
];

/** js: 1e-10 relative/absolute; wasm (float32): 1e-4 relative, 1e-5 absolute near zero. */
const TOLERANCE = { js: { rel: 1e-10, abs: 1e-10 }, wasm: { rel: 1e-4, abs: 1e-5 } } as const;
const worst: Record<string, number> = { js: 0, wasm: 0 };
const worstRatioSeen: Record<string, number> = { js: 0, wasm: 0 };

describe.each(["js", "wasm"] as const)("%s backend matches PyTorch", (backend) => {
  it.each(CASES)("%s", (name) => {
    const fx = loadFixture(name);
    const { outputs, grads } = runRecurrentFixture(fx, opsFor(backend));
    const { rel, abs } = TOLERANCE[backend];
    const expected: [string, Float64Array, number[]][] = [
      ...Object.entries(outputs).map(([k, v]) => [`outputs.${k}`, v, fx.outputs[k].data] as [string, Float64Array, number[]]),
      ...Object.entries(grads).map(([k, v]) => [`grads.${k}`, v, fx.grads[k].data] as [string, Float64Array, number[]]),
    ];
    // Every gradient the fixture holds is checked, none skipped.
    expect(Object.keys(grads).sort()).toEqual(Object.keys(fx.grads).sort());
    for (const [what, got, ref] of expected) {
      worst[backend] = Math.max(worst[backend], maxMixedError(got, ref));
      const ratio = worstRatio(got, ref, rel, abs);
      worstRatioSeen[backend] = Math.max(worstRatioSeen[backend], ratio);
      expect(ratio, `${name} ${what}`).toBeLessThanOrEqual(1);
    }
  });
});

afterAll(() => {
  console.log(`worst |got − torch| / (|torch| + 1): js ${worst.js.toExponential(2)}, wasm ${worst.wasm.toExponential(2)}` +
    `; fraction of the tolerance used: js ${worstRatioSeen.js.toExponential(2)}, wasm ${worstRatioSeen.wasm.toExponential(2)}`);
});
