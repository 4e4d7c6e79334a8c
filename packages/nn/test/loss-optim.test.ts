// Losses, optimizers and schedules beyond the fixtures.
import { getBackend, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  Adam, BCEWithLogitsLoss, clipGradNorm, CosineAnnealingLR, CrossEntropyLoss, crossEntropy, Dropout, Embedding, Linear, MSELoss, SGD, Sequential, StepLR,
} from "../src/index";

const backend = "js" as const;

describe("CrossEntropyLoss", () => {
  it("takes a sequence [B, T, C] with targets [B, T], equal to the flattened loss", () => {
    const data = Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
    const seq = tensor(data, { backend, shape: [2, 3, 4] });
    const flat = tensor(data, { backend, shape: [6, 4] });
    const a = crossEntropy(seq, [[0, 1, 2], [3, -100, 1]]).item();
    const b = crossEntropy(flat, [0, 1, 2, 3, -100, 1]).item();
    expect(a).toBeCloseTo(b, 14);
    expect(crossEntropy(seq, [[0, 1, 2], [3, 0, 1]], { reduction: "none" }).shape).toEqual([2, 3]);
  });

  it("is stable for huge logits", () => {
    const x = tensor([[1e4, -1e4, 0], [-5e3, 5e3, 0]], { backend, requiresGrad: true });
    const l = new CrossEntropyLoss().forward(x, [1, 1]);
    expect(l.item()).toBeCloseTo(1e4, 6);
    l.backward();
    expect(Array.from(x.grad!.data()).every(Number.isFinite)).toBe(true);
  });

  it("names an out-of-range class id and a wrong target shape", () => {
    const x = tensor([[1, 2, 3]], { backend });
    expect(() => crossEntropy(x, [3])).toThrow("CrossEntropyLoss: target 3 at position 0 is out of range: expected a class id in [0, 3) or ignoreIndex -100");
    expect(() => crossEntropy(x, [0, 1])).toThrow("CrossEntropyLoss: input [1, 3] (classes last) expects target [1], got [2]");
  });
});

describe("other losses", () => {
  it("BCEWithLogits has gradient sigmoid(x) - y even at x = 0 and huge |x|", () => {
    const x = tensor([0, 80, -80], { backend, requiresGrad: true });
    const y = tensor([1, 0, 1], { backend });
    const l = new BCEWithLogitsLoss({ reduction: "sum" }).forward(x, y);
    expect(l.item()).toBeCloseTo(Math.log(2) + 160, 10);
    l.backward();
    const g = x.grad!.data();
    expect(g[0]).toBeCloseTo(-0.5, 15);
    expect(g[1]).toBeCloseTo(1, 15);
    expect(g[2]).toBeCloseTo(-1, 15);
  });

  it("MSELoss refuses mismatched shapes", () => {
    expect(() => new MSELoss().forward(tensor([1, 2], { backend }), tensor([1], { backend }))).toThrow("MSELoss: input [2] and target [1] must have the same shape");
  });
});

describe("layers", () => {
  it("Dropout is the identity in eval mode and scales kept values in training", () => {
    const d = new Dropout(0.5);
    const x = tensor(new Array(1000).fill(1), { backend });
    const y = Array.from(d.forward(x).data());
    expect(y.every((v) => v === 0 || v === 2)).toBe(true);
    expect(y.filter((v) => v === 0).length).toBeGreaterThan(400);
    d.eval();
    expect(d.forward(x)).toBe(x);
  });

  it("Sequential names children 0, 1, … and Embedding checks ids", () => {
    const s = new Sequential(new Linear(2, 3, { backend }), new Linear(3, 1, { backend }));
    expect(Object.keys(s.stateDict())).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    expect(s.forward(tensor([[1, 2]], { backend })).shape).toEqual([1, 1]);
    const e = new Embedding(5, 2, { backend });
    expect(e.forward([[0, 4], [1, 1]]).shape).toEqual([2, 2, 2]);
    expect(() => e.forward([5])).toThrow("Embedding: index 5 out of range: expected integers in [0, 5)");
    expect(() => new Linear(2, 3).forward(tensor([[1, 2, 3]]))).toThrow("Linear: input [1, 3]: expected last dimension 2, got 3");
  });
});

describe("optimizers", () => {
  const param = (v: number[]): Tensor => tensor(v, { backend, requiresGrad: true });
  it("SGD with weight decay and Nesterov follows PyTorch's rule", () => {
    const p = param([1, -2]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true });
    p.grad = tensor([0.5, 0.5], { backend });
    opt.step();
    // d = g + wd·p; buf = d; d = d + μ·buf; p −= lr·d
    const d = [0.5 + 0.01 * 1, 0.5 + 0.01 * -2];
    expect(Array.from(p.data())).toEqual([1 - 0.1 * (d[0] + 0.9 * d[0]), -2 - 0.1 * (d[1] + 0.9 * d[1])]);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow("Nesterov momentum requires a momentum and zero dampening");
  });

  it("skips parameters without gradient; clipGradNorm returns the norm", () => {
    const p = param([1, 2]);
    const q = param([3]);
    new SGD([p, q], { lr: 1 }).step();
    expect(Array.from(p.data())).toEqual([1, 2]);
    p.grad = tensor([3, 4], { backend });
    expect(clipGradNorm([p, q], 1)).toBeCloseTo(5, 15);
    expect(Array.from(p.grad!.data()).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8]);
    p.grad = tensor([3, -4], { backend });
    expect(clipGradNorm([p], 100, Infinity)).toBe(4);
  });

  it("StepLR and CosineAnnealingLR set the rate like PyTorch", () => {
    const opt = new SGD([param([1])], { lr: 1 });
    const step = new StepLR(opt, 2, 0.5);
    const lrs = [];
    for (let i = 0; i < 5; i++) { step.step(); lrs.push(opt.lr); }
    expect(lrs).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
    const opt2 = new SGD([param([1])], { lr: 1 });
    const cos = new CosineAnnealingLR(opt2, 4, 0.1);
    cos.step(); cos.step();
    expect(opt2.lr).toBeCloseTo(0.55, 15);
    cos.step(); cos.step();
    expect(opt2.lr).toBeCloseTo(0.1, 15);
  });
});

describe("CrossEntropyLoss with class probabilities", () => {
  it("equals the id form for one-hot targets", () => {
    const x = tensor([[1, 2, 0.5], [0.1, -1, 3]], { backend });
    const p = tensor([[0, 1, 0], [0, 0, 1]], { backend });
    expect(crossEntropy(x, p).item()).toBeCloseTo(crossEntropy(x, [1, 2]).item(), 14);
  });
});

describe("Adam's moments on the wasm backend", () => {
  it("live in WebAssembly memory beside the parameter, show as float64 state, and dispose() frees them", () => {
    const be = getBackend("wasm");
    const p = tensor([1, 2, 3, 4], { requiresGrad: true });
    const before = be.stats().bytesInUse;
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([0.5, -0.5, 1, -1]);
    opt.step();
    expect(be.stats().bytesInUse).toBeGreaterThan(before);
    const st = opt.stateOf(p);
    expect(st.step).toBe(1);
    expect(Array.from(st.exp_avg as Float64Array).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.05, -0.05, 0.1, -0.1]);
    // First Adam step moves each element by lr (sign of the gradient).
    Array.from(p.data()).forEach((v, i) => expect(v).toBeCloseTo([0.9, 2.1, 2.9, 4.1][i], 5));
    const grad = p.grad;
    p.grad = null;
    grad.dispose();
    opt.dispose();
    expect(be.stats().bytesInUse).toBe(before);
    p.dispose();
  });
});
