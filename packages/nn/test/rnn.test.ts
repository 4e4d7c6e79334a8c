// Recurrent layers beyond parity: masking, stateful carry, dropout, cells, input checks.
import { Generator, liveTensorCount, randn, scope, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectAllClose } from "../../../test/support/compare";
import { timeRows } from "./support/time-rows";
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type RNNBase } from "../src/index";

const backend = "js" as const;
const close = (a: ArrayLike<number>, b: ArrayLike<number>) => expectAllClose(a, b, 1e-12);
const rows = timeRows;
const make = (kind: string, opts: object): RNNBase => {
  const g = new Generator(7);
  const o = { backend, generator: g, ...opts };
  return kind === "LSTM" ? new LSTM(3, 4, o) : kind === "GRU" ? new GRU(3, 4, o) : new RNN(3, 4, o);
};

describe.each(["RNN", "LSTM", "GRU"])("%s with lengths (packed-sequence semantics)", (kind) => {
  it.each([["js", 1e-12], ["wasm", 1e-6]] as const)("padded steps change neither outputs nor final states, in both directions (%s)", (backend, tol) => {
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => expectAllClose(a, b, tol);
    const layer = make(kind, { bidirectional: true, numLayers: 2, backend }) as LSTM;
    const T = 5;
    const lengths = [5, 3, 1];
    const x = randn([T, 3, 3], { backend, generator: new Generator(1), requiresGrad: true });
    const batched = layer.forward(x, { lengths });
    const L = batched.output.sum().add(batched.hN.sum());
    L.backward();
    const gx = x.grad!.data();
    const xd = x.data();
    for (let b = 0; b < 3; b++) {
      const n = lengths[b];
      const alone = tensor(rows(x, b, n), { backend, shape: [n, 1, 3] });
      const single = layer.forward(alone);
      close(rows(batched.output, b, n), single.output.data());
      // Output rows at padded steps are zero.
      expect(rows(batched.output, b, T).slice(n * 8).every((v) => v === 0)).toBe(true);
      const hN = batched.hN.data();
      const hs = single.hN.data();
      for (let k = 0; k < 4; k++) close(hN.slice((k * 3 + b) * 4, (k * 3 + b + 1) * 4), hs.slice(k * 4, (k + 1) * 4));
      if (batched.cN) {
        const cN = batched.cN.data();
        const cs = (single as { cN: Tensor }).cN.data();
        for (let k = 0; k < 4; k++) close(cN.slice((k * 3 + b) * 4, (k * 3 + b + 1) * 4), cs.slice(k * 4, (k + 1) * 4));
      }
      // Padded inputs receive exactly zero gradient.
      for (let s = n; s < T; s++) for (let f = 0; f < 3; f++) expect(gx[(s * 3 + b) * 3 + f]).toBe(0);
      void xd;
    }
  });

  it("full lengths give the same result as no lengths", () => {
    const layer = make(kind, {});
    const x = randn([4, 2, 3], { backend, generator: new Generator(2) });
    const a = (layer as RNN).forward(x);
    const b = (layer as RNN).forward(x, { lengths: [4, 4] });
    expect(Array.from(b.output.data())).toEqual(Array.from(a.output.data()));
  });
});

describe("stateful carry (truncated BPTT)", () => {
  it("two halves with carry equal one pass; no gradient crosses the boundary", () => {
    const g = new Generator(3);
    const full = new LSTM(3, 4, { backend, generator: g });
    const carried = new LSTM(3, 4, { backend, stateful: true });
    carried.loadStateDict(full.stateDict());
    const x = randn([6, 2, 3], { backend, generator: new Generator(4) });
    const whole = full.forward(x);
    const first = carried.forward(x.narrow(0, 0, 3));
    const second = carried.forward(x.narrow(0, 3, 3));
    close(second.hN.data(), whole.hN.data());
    close(second.cN.data(), whole.cN.data());
    // Gradients of the second chunk equal those of a run from the first chunk's state as a
    // constant: nothing flows back into the first chunk.
    carried.zeroGrad();
    second.output.sum().backward();
    const viaCarry = carried.parameters().map((p) => Array.from(p.grad!.data()));
    full.zeroGrad();
    full.forward(x.narrow(0, 3, 3), { h0: first.hN.detach(), c0: first.cN.detach() }).output.sum().backward();
    full.parameters().forEach((p, i) => close(p.grad!.data(), viaCarry[i]));
    carried.resetState();
    close(carried.forward(x.narrow(0, 3, 3)).hN.data(), full.forward(x.narrow(0, 3, 3)).hN.data());
  });

  it("leaks no tensors through a scoped training step, and the carry survives the scope", () => {
    const layer = new GRU(3, 4, { backend: "wasm", stateful: true, numLayers: 2, bidirectional: true });
    const x = randn([5, 2, 3], { backend: "wasm" });
    const step = () =>
      scope(() => {
        layer.zeroGrad();
        layer.forward(x, { lengths: [5, 2] }).output.sum().backward();
      });
    step();
    const live = liveTensorCount();
    step();
    step();
    expect(liveTensorCount()).toBe(live);
  });

  it("a carried state with another batch size is a clear error", () => {
    const layer = new GRU(3, 4, { backend, stateful: true });
    layer.forward(randn([2, 2, 3], { backend }));
    expect(() => layer.forward(randn([2, 5, 3], { backend }))).toThrow(/carried state has batch 2, got input batch 5/);
  });
});

describe("dropout between layers", () => {
  it("is active in training only", () => {
    const layer = new LSTM(3, 8, { backend, numLayers: 2, dropout: 0.5, generator: new Generator(5) });
    const x = randn([4, 2, 3], { backend, generator: new Generator(6) });
    layer.eval();
    const a = Array.from(layer.forward(x).output.data());
    const b = Array.from(layer.forward(x).output.data());
    expect(b).toEqual(a);
    layer.train();
    const c = Array.from(layer.forward(x).output.data());
    expect(c).not.toEqual(a);
  });
});

describe("cells", () => {
  it.each(["RNN", "LSTM", "GRU"])("%sCell equals one step of the sequence layer with the same weights", (kind) => {
    const layer = make(kind, {});
    const cell = kind === "LSTM" ? new LSTMCell(3, 4, { backend }) : kind === "GRU" ? new GRUCell(3, 4, { backend }) : new RNNCell(3, 4, { backend });
    cell.loadStateDict(Object.fromEntries(Object.entries(layer.stateDict()).map(([k, v]) => [k.replace("_l0", ""), v])));
    const x = randn([1, 2, 3], { backend, generator: new Generator(8) });
    const h0 = randn([1, 2, 4], { backend, generator: new Generator(9) });
    const c0 = randn([1, 2, 4], { backend, generator: new Generator(10) });
    const x2 = x.reshape([2, 3]);
    if (kind === "LSTM") {
      const out = (layer as LSTM).forward(x, { h0, c0 });
      const [h, c] = (cell as LSTMCell).forward(x2, [h0.reshape([2, 4]), c0.reshape([2, 4])]);
      close(h.data(), out.hN.data());
      close(c.data(), out.cN.data());
    } else {
      const out = (layer as GRU).forward(x, { h0 });
      close((cell as GRUCell).forward(x2, h0.reshape([2, 4])).data(), out.hN.data());
    }
  });

  it("uses PyTorch's parameter names and U(-1/sqrt(H), 1/sqrt(H)) init", () => {
    const lstm = new LSTM(3, 4, { backend, numLayers: 2, bidirectional: true, bias: true });
    expect(lstm.namedParameters().map(([n]) => n).slice(0, 8)).toEqual([
      "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
      "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
    ]);
    expect(lstm.stateDict().weight_ih_l1.shape).toEqual([16, 8]);
    for (const p of lstm.parameters()) for (const v of p.data()) expect(Math.abs(v)).toBeLessThanOrEqual(0.5);
    expect(new LSTMCell(3, 4).namedParameters().map(([n]) => n)).toEqual(["weight_ih", "weight_hh", "bias_ih", "bias_hh"]);
  });

  it("same seed, same weights", () => {
    const a = new GRU(3, 4, { backend, generator: new Generator(11) });
    const b = new GRU(3, 4, { backend, generator: new Generator(11) });
    expect(Array.from(a.parameters()[0].data())).toEqual(Array.from(b.parameters()[0].data()));
  });
});

describe("input checks", () => {
  const lstm = new LSTM(3, 4, { backend, numLayers: 2 });
  it("names expected and actual sizes", () => {
    expect(() => lstm.forward(randn([5, 2, 7], { backend }))).toThrow("LSTM: input.size(-1) must be equal to input_size. Expected 3, got 7");
    expect(() => lstm.forward(randn([5, 2, 3, 1], { backend }))).toThrow("LSTM: Expected input to be 2D or 3D, got 4D instead");
    expect(() => lstm.forward(randn([5, 2, 3], { backend }), { h0: randn([1, 2, 4], { backend }), c0: randn([2, 2, 4], { backend }) })).toThrow(
      "LSTM: Expected hidden[0] size [2, 2, 4], got [1, 2, 4]",
    );
    expect(() => lstm.forward(randn([5, 2, 3], { backend }), { lengths: [5, 6] })).toThrow("lengths[1] = 6: expected an integer in [0, 5]");
    expect(() => lstm.forward(randn([5, 2, 3], { backend }), { lengths: [5] })).toThrow("lengths has 1 entries, expected one per batch element (2)");
    expect(() => lstm.forward(randn([5, 2, 3], { backend: "wasm" }))).toThrow("input is on the wasm backend but the parameters are on js");
    expect(() => new RNN(3, 4, { nonlinearity: "sigmoid" as "tanh" })).toThrow("Unknown nonlinearity 'sigmoid'");
  });

  it("accepts unbatched input like PyTorch", () => {
    const out = lstm.forward(randn([5, 3], { backend }));
    expect(out.output.shape).toEqual([5, 4]);
    expect(out.hN.shape).toEqual([2, 4]);
  });

  it("batchFirst affects input and output only, never states", () => {
    const bf = new GRU(3, 4, { backend, batchFirst: true, numLayers: 2, bidirectional: true });
    const out = bf.forward(randn([2, 5, 3], { backend }));
    expect(out.output.shape).toEqual([2, 5, 8]);
    expect(out.hN.shape).toEqual([4, 2, 4]);
  });
});

describe.each(["LSTM", "GRU", "RNN"])("%s fused cells", (kind) => {
  it.each([["js", 1e-12], ["wasm", 2e-6]] as const)("equal the plain-op cells: outputs, states and every gradient (%s)", (backend, tol) => {
    const run = (fusedCells: boolean) => scope(() => {
      const layer = make(kind, { backend, numLayers: 2, bidirectional: true, fusedCells });
      const x = randn([5, 2, 3], { backend, generator: new Generator(3) });
      const out = (layer as LSTM).forward(x, { lengths: [5, 3] }) as { output: Tensor; hN: Tensor; cN?: Tensor };
      let loss = out.output.square().sum().add(out.hN.sum());
      if (out.cN) loss = loss.add(out.cN.mul(out.cN).sum());
      loss.backward();
      const r = [out.output.data(), out.hN.data(), ...layer.parameters().map((p) => p.grad!.data())];
      layer.zeroGrad();
      return r;
    });
    const fused = run(true), plain = run(false);
    fused.forEach((a, k) => expectAllClose(a, plain[k], tol));
  });
});
