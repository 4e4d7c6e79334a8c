// Size arguments and size limits: checked first, named by the layer or function, before any work.
import { randn, tensor, uniform, zeros, getBackend } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { Adam, Embedding, GRUCell, Linear, LSTM, LSTMCell, RNN, SGD } from "../src/index";

describe("layer size arguments", () => {
  it("name the layer, the argument, what was expected and what was given", () => {
    expect(() => new Linear(-1, 3)).toThrow("Linear: inFeatures must be a non-negative integer, got -1");
    expect(() => new Linear(2.5, 3)).toThrow("Linear: inFeatures must be a non-negative integer, got 2.5");
    expect(() => new Linear(2, "3" as never)).toThrow('Linear: outFeatures must be a non-negative integer, got string "3"');
    expect(() => new Embedding(-1, 4)).toThrow("Embedding: numEmbeddings must be a non-negative integer, got -1");
    expect(() => new GRUCell(-1, 4)).toThrow("GRUCell: inputSize must be a positive integer, got -1");
    expect(() => new LSTMCell(8, 0)).toThrow("LSTMCell: hiddenSize must be a positive integer, got 0");
    expect(() => new RNN(8, 4, { numLayers: 1.5 })).toThrow("RNN: numLayers must be a positive integer, got 1.5");
  });

  it("Linear(0, n) has a zero bias, as PyTorch initialises it (1/√0 made it NaN)", () => {
    for (const backend of ["js", "wasm"] as const) {
      const m = new Linear(0, 3, { backend });
      expect(Array.from(m.bias!.data())).toEqual([0, 0, 0]);
      expect(m.weight.shape).toEqual([3, 0]);
      expect(Array.from(m.forward(zeros([2, 0], { backend })).data())).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it("a plain array where a Tensor belongs is named", () => {
    const lstm = new LSTM(2, 3, { backend: "js" });
    expect(() => lstm.forward([[[1, 2]]] as never)).toThrow("LSTM: input must be a Tensor (make one with tensor(values)), got an array of 1");
    expect(() => lstm.forward(tensor([[[1, 2]]], { backend: "js" }), { h0: [0, 0, 0] } as never)).toThrow("LSTM: h0 must be a Tensor");
    expect(() => lstm.forward(tensor([[[1, 2]]], { backend: "js" }), { lenghts: [1] } as never)).toThrow('LSTM.forward: unknown option "lenghts" (did you mean "lengths"?)');
    expect(() => new LSTMCell(2, 3).forward([1, 2] as never)).toThrow("LSTMCell: input must be a Tensor (make one with tensor(values)), got an array of 2");
    expect(() => new Linear(2, 3).forward([1, 2] as never)).toThrow("Linear: input must be a Tensor");
  });
});

describe("requests that can never fit are refused at once", () => {
  const wasmMax = getBackend("wasm").maxElements;
  it("creation functions name the function, the shape and the limit", () => {
    const t0 = performance.now();
    expect(() => randn([3e9])).toThrow(`randn: shape [3000000000] has 3000000000 elements, more than the wasm backend can hold (at most ${wasmMax} float32 elements`);
    expect(() => uniform([2e5, 2e5], 0, 1)).toThrow("uniform: shape [200000, 200000] has 40000000000 elements");
    expect(() => zeros([1e10], { backend: "js" })).toThrow("zeros: shape [10000000000] has 10000000000 elements, more than the js backend can hold (at most 4294967296 float64 elements)");
    expect(() => tensor([1], { shape: [1e10], backend: "js" })).toThrow("tensor: shape [10000000000] has 10000000000 elements");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("layer constructors name the layer, the parameter, its shape and the limit", () => {
    const t0 = performance.now();
    expect(() => new LSTM(8, 20000)).toThrow(`LSTM: parameter weight_hh_l0 [80000, 20000] has 1600000000 elements, more than the wasm backend can hold (at most ${wasmMax} float32 elements)`);
    expect(() => new Linear(100000, 100000)).toThrow("Linear: parameter weight [100000, 100000] has 10000000000 elements");
    expect(() => new Embedding(1e6, 1e4, { backend: "js" })).toThrow("Embedding: parameter weight [1000000, 10000] has 10000000000 elements, more than the js backend can hold");
    // Each parameter fits, all of them together do not.
    expect(() => new LSTM(8, 12000, { numLayers: 2 })).toThrow(/LSTM: its parameters have \d+ elements together, more than the wasm backend can hold/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("assigning .grad", () => {
  it("refuses a gradient of another shape or backend (PyTorch does), so optimizers never read past it", () => {
    const p = new Linear(2, 3, { backend: "js" }).weight;
    expect(() => { p.grad = zeros([3], { backend: "js" }); }).toThrow("grad: assigned gradient has shape [3], but the tensor has shape [3, 2]");
    expect(() => { p.grad = zeros([3, 2], { backend: "wasm" }); }).toThrow("grad: assigned gradient is on the wasm backend, but the tensor is on js");
    p.grad = zeros([3, 2], { backend: "js" });
    const before = Array.from(p.data());
    new Adam([p]).step();
    new SGD([p], { lr: 0.1, momentum: 0.9 }).step();
    expect(Array.from(p.data())).toEqual(before);
  });
});
