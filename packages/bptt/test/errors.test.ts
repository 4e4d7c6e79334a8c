// Wrong sizes are caught before any compute, with errors that say what was expected.
import { describe, expect, it } from "vitest";
import { JsOps, Layer, Recurrent, lstmBackward, lstmWorkspace } from "../src/index";

const ops = new JsOps();

describe("errors", () => {
  it("names the input shape it expected", () => {
    const rec = new Recurrent(ops, { mode: "lstm", inputSize: 4, hiddenSize: 6 });
    expect(() => rec.forward(new Float64Array(12), 5, 3)).toThrow("lstmForward: x has 12 elements, expected 60 ([T=5, B=3, I=4])");
    expect(() => rec.forward(new Float64Array(60), 5, 3, { h0: new Float64Array(6) })).toThrow("lstmForward: h0 has 6 elements, expected 18 ([B=3, H=6])");
    rec.forward(new Float64Array(60), 5, 3);
    expect(() => rec.backward({ dOutput: new Float64Array(5) })).toThrow("lstmBackward: dOutput has 5 elements, expected 90 ([T=5, B=3, H=6])");
  });

  it("refuses backward before forward, c0 for a GRU, and unknown modes", () => {
    const layer = new Layer(ops, { mode: "lstm", inputSize: 2, hiddenSize: 2 });
    const ws = lstmWorkspace(ops, layer, 2, 1);
    expect(() => lstmBackward(ops, layer, ws, { dOutput: new Float64Array(4) })).toThrow("lstmBackward: no forward has run on this workspace");
    const gru = new Recurrent(ops, { mode: "gru", inputSize: 2, hiddenSize: 2 });
    expect(() => gru.forward(new Float64Array(4), 2, 1, { c0: new Float64Array(2) })).toThrow("c0 is given but a gru layer has no cell state");
    expect(() => new Layer(ops, { mode: "lstmx" as never, inputSize: 2, hiddenSize: 2 })).toThrow("Layer: mode must be one of");
    expect(() => new Layer(ops, { mode: "gru", inputSize: 0, hiddenSize: 2 })).toThrow("Layer: inputSize must be a positive integer, got 0");
  });

  it("has PyTorch's parameter shapes and names", () => {
    const layer = new Layer(ops, { mode: "gru", inputSize: 3, hiddenSize: 5, bias: false });
    expect(layer.names()).toEqual(["weight_ih", "weight_hh"]);
    expect(layer.shape("weight_ih")).toEqual([15, 3]);
    expect(layer.shape("weight_hh")).toEqual([15, 5]);
    expect(() => layer.load("bias_ih", [1])).toThrow("Layer.load: this gru layer has no bias_ih (bias = false)");
  });
});
