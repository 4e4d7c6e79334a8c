// LSTM with projSize on the paths the PyTorch fixtures do not cover: lengths, stateful carry,
// the plain-op cell, unbatched input, descriptions, and the errors (fixtures lstm_proj_* cover
// one and two layers, bidirectional, batch-first and given states).
import { Generator, randn, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectAllClose } from "../../../test/support/compare";
import { timeRows } from "./support/time-rows";
import { GRU, LSTM, moduleFromSpec } from "../src/index";

const backend = "js" as const;
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => expectAllClose(a, b, tol);
const rows = timeRows;

describe("LSTM projSize", () => {
  it("has PyTorch's parameters and shapes", () => {
    const m = new LSTM(3, 5, { projSize: 2, numLayers: 2, bidirectional: true, backend });
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`).slice(0, 10)).toEqual([
      "weight_ih_l0:20x3", "weight_hh_l0:20x2", "bias_ih_l0:20", "bias_hh_l0:20", "weight_hr_l0:2x5",
      "weight_ih_l0_reverse:20x3", "weight_hh_l0_reverse:20x2", "bias_ih_l0_reverse:20", "bias_hh_l0_reverse:20", "weight_hr_l0_reverse:2x5",
    ]);
    expect(m.stateDict().weight_ih_l1.shape).toEqual([20, 4]);
    const out = m.forward(randn([4, 3, 3], { backend, generator: new Generator(1) }));
    expect([out.output.shape, out.hN.shape, out.cN.shape]).toEqual([[4, 3, 4], [4, 3, 2], [4, 3, 5]]);
    expect(String(m)).toBe(`LSTM(3, 5, numLayers=2, bidirectional=true, projSize=2)  # ${m.numParameters()} parameters`);
  });

  it("with lengths: padded steps change neither outputs nor final states, in both directions", () => {
    const m = new LSTM(3, 4, { projSize: 2, bidirectional: true, numLayers: 2, backend, generator: new Generator(5) });
    const lengths = [5, 2, 4];
    const x = randn([5, 3, 3], { backend, generator: new Generator(6) });
    const batched = m.forward(x, { lengths });
    for (let b = 0; b < 3; b++) {
      const n = lengths[b];
      const single = m.forward(tensor(rows(x, b, n), { backend, shape: [n, 1, 3] }));
      close(rows(batched.output, b, n), single.output.data());
      for (let k = 0; k < 4; k++) {
        close(batched.hN.data().slice((k * 3 + b) * 2, (k * 3 + b + 1) * 2), single.hN.data().slice(k * 2, (k + 1) * 2));
        close(batched.cN.data().slice((k * 3 + b) * 4, (k * 3 + b + 1) * 4), single.cN.data().slice(k * 4, (k + 1) * 4));
      }
    }
  });

  it("stateful: two halves with carry equal one pass", () => {
    const full = new LSTM(3, 4, { projSize: 3, backend, generator: new Generator(7) });
    const carried = new LSTM(3, 4, { projSize: 3, stateful: true, backend });
    carried.loadStateDict(full.stateDict());
    const x = randn([6, 2, 3], { backend, generator: new Generator(8) });
    const whole = full.forward(x);
    carried.forward(x.narrow(0, 0, 3));
    const second = carried.forward(x.narrow(0, 3, 3));
    close(second.hN.data(), whole.hN.data());
    close(second.cN.data(), whole.cN.data());
  });

  it("the plain-op cell, unbatched input and a rebuilt module agree with the default path", () => {
    const m = new LSTM(2, 4, { projSize: 1, backend, generator: new Generator(9) });
    const plain = new LSTM(2, 4, { projSize: 1, fusedCells: false, backend });
    plain.loadStateDict(m.stateDict());
    const x = randn([5, 2], { backend, generator: new Generator(10) });
    const a = m.forward(x);
    expect(a.output.shape).toEqual([5, 1]);
    close(plain.forward(x).output.data(), a.output.data());
    const rebuilt = moduleFromSpec(m.describe(), { backend }) as LSTM;
    expect(rebuilt.projSize).toBe(1);
    rebuilt.loadStateDict(m.stateDict());
    close(rebuilt.forward(x).hN.data(), a.hN.data());
  });

  it("refuses a projSize that PyTorch refuses, and states of the wrong size", () => {
    expect(() => new LSTM(3, 4, { projSize: 4 })).toThrow("LSTM: proj_size has to be smaller than hidden_size (projSize 4, hiddenSize 4)");
    expect(() => new LSTM(3, 4, { projSize: -1 })).toThrow(/proj_size should be a positive integer or zero/);
    expect(() => new GRU(3, 4, { projSize: 2 })).toThrow("GRU: proj_size argument is only supported for LSTM, not RNN or GRU");
    const m = new LSTM(3, 4, { projSize: 2, backend });
    const x = randn([2, 1, 3], { backend });
    expect(() => m.forward(x, { h0: randn([1, 1, 4], { backend }), c0: randn([1, 1, 4], { backend }) })).toThrow("LSTM: Expected hidden[0] size [1, 1, 2], got [1, 1, 4]");
  });
});
